"""What an importer is, and the registry the pipeline reads.

An importer (``umkm/importers.py``, ``cooperatives/importers.py``, ``enrollment/importers.py``)
declares its canonical columns with their header variants, cleans one row into a record, names
the record's natural key and writes a batch of records. The pipeline does everything else:
reading, header matching, progress, de-duplication, errors, atomicity.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from imports import values as v


def header_key(text: str) -> str:
    """Lenient header form: lower case, no accents, punctuation and spaces removed."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # canonical header as in the template
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: object = ""
    help: str = ""

    def header_keys(self) -> set[str]:
        return {header_key(self.header), header_key(self.key), *(header_key(a) for a in self.aliases)}


# ``imports.models.StagedRow``'s generic text columns c01..c18, shared by every import kind.
STAGED_COLUMNS = 18


class StagedFields:
    """The record fields an importer stages on the PostgreSQL COPY path, each with its SQL type.

    ``imports_stagedrow`` holds generic text columns (``c01``.., ``STAGED_COLUMNS`` of them) shared by
    every import kind; this is the one place that maps a kind's fields onto them, in order. The
    pipeline COPYs the fields into ``copy_columns()``; the importer's SQL reads the staged rows
    through ``relation()``, under the field names and typed (``s.capital`` is a bigint), and never
    names a ``cNN`` column itself. PostgreSQL flattens the subquery into the statement, so the
    plans are those of the table itself.
    """

    def __init__(self, **types: str):
        if len(types) > STAGED_COLUMNS:
            raise ValueError(f"at most {STAGED_COLUMNS} staged fields, got {len(types)}")
        self.types = types
        self.names = tuple(types)
        self.columns = {name: f"c{position:02d}" for position, name in enumerate(types, start=1)}

    def copy_columns(self) -> str:
        """The staging table's columns in the order of a COPY line: job, row, natural key, fields."""
        return ", ".join(["job_id", "row_number", "nkey", *self.columns.values()])

    def relation(self) -> str:
        """The staged rows as SQL: ``id, job_id, row_number, nkey`` and every field by its name."""
        fields = ", ".join(
            f"{column} AS {name}" if self.types[name] == "text" else f"{column}::{self.types[name]} AS {name}"
            for name, column in self.columns.items()
        )
        return f"(SELECT id, job_id, row_number, nkey, {fields} FROM imports_stagedrow)"  # noqa: S608 - declared names only


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    # Rows shown on the job page (row, action, label), filled by the writers; not a count.
    samples: list[dict] = field(default_factory=list, compare=False, repr=False)

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped


@dataclass
class RowResult:
    """A cleaned row: ``record`` is None when the row has errors."""

    record: dict | None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Mismatch:
    code: str
    message: str
    row_number: int | None = None
    data: dict = field(default_factory=dict)


class Importer:
    """Base class; subclasses set the attributes and implement ``clean`` and ``write``."""

    key: str = ""
    label: str | Promise = ""  # lazy translations in the subclasses
    description: str | Promise = ""
    roles: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    natural_key_help: str | Promise = ""
    # PostgreSQL COPY path: the record fields staged for ``write_staged`` (None: the ORM path only).
    staged: StagedFields | None = None
    # Columns holding identifiers: a number cell there is refused when Excel may have damaged it
    # (``values.excel_damaged``) and otherwise accepted with a warning on the row.
    identifier_keys: tuple[str, ...] = ("nik", "kpj", "nib", "npwp", "npp", "nomor_induk")
    # False: the importer belongs to a parent object (an outreach event) and is uploaded from that
    # object's page, which names it in the job's ``details``; /impor/ offers no upload card for it.
    standalone: bool = True

    # --- set-up ---------------------------------------------------------------------------
    def prepare(self, job=None) -> object:
        """Lookups loaded once per run (regions, known codes...)."""
        return None

    # --- per row --------------------------------------------------------------------------
    def clean(self, raw: dict, ctx) -> RowResult:
        raise NotImplementedError

    def natural_key(self, record: dict) -> str:
        raise NotImplementedError

    # --- writes (inside the job's transaction) ----------------------------------------------
    def write(self, records: list[dict], ctx) -> Counts:
        """ORM path: upsert the records (already de-duplicated, with ``_row``)."""
        raise NotImplementedError

    def write_staged(
        self, cursor, job_id: int, ctx, *, rows: tuple[int, int] | None = None, staged: int | None = None, samples: int = 20
    ) -> Counts:
        """PostgreSQL path: upsert the de-duplicated staged rows of ``job_id`` (only the file rows
        ``rows[0]..rows[1]`` when given: one chunk, of ``staged`` rows when known), with up to
        ``samples`` sample rows."""
        raise NotImplementedError

    @property
    def staged_fields(self) -> tuple[str, ...]:
        return self.staged.names if self.staged is not None else ()

    @property
    def supports_copy(self) -> bool:
        return bool(self.staged_fields)

    def fact_scope(self, records: list[dict], ctx) -> dict | None:
        """The register rows ``write(records)`` touches, as ``core.facts.changing`` keyword
        arguments (lookups evaluated before and again after the write), or None: the pipeline then
        refreshes the derived figures in full (``core.facts.bulk_changed``)."""
        return None

    def staged_fact_scope(self, job_id: int, rows: tuple[int, int]) -> dict | None:
        """The same for ``write_staged`` of the staged rows ``rows[0]..rows[1]`` (evaluated on the
        writer's connection, where the staged rows are visible)."""
        return None

    def on_duplicate(self, first: dict, duplicate: dict, row_number: int) -> Mismatch | None:
        """A mismatch to list when a row repeats an earlier row's natural key (ORM path)."""
        return None

    def reconcile(self, records: list[dict] | None, ctx) -> list[Mismatch]:
        """Mismatches to list after the write (participants only)."""
        return []

    def parent(self, job) -> tuple[str, str] | None:
        """The parent object of a job of a non-standalone importer: (label, URL) for the job page."""
        return None

    # --- helpers for subclasses -------------------------------------------------------------
    def column(self, key: str) -> Column:
        by_key = self.__dict__.get("_columns_by_key")
        if by_key is None:
            by_key = self._columns_by_key = {c.key: c for c in self.columns}
        return by_key[key]

    def header(self, key: str) -> str:
        return self.column(key).header

    def cell(self, raw: dict, key: str, parser, errors: list, *, required: bool | None = None):
        """Parse one cell; blank gives None (or an error when required); errors are collected."""
        value = raw.get(key)
        if value is None or value == "" or (value.__class__ is str and value.isspace()):
            column = self.column(key)
            if column.required if required is None else required:
                errors.append((column.header, _("%(column)s wajib diisi.") % {"column": column.header}))
            return None
        try:
            return parser(value)
        except v.CellError as error:
            errors.append((self.column(key).header, error.message))
            return None

    def memo(self, key: str, parser, *, required: bool | None = None) -> CellMemo:
        """A run's memo of one column's cells (see ``CellMemo``)."""
        column = self.column(key)
        return CellMemo(parser, column.header, column.required if required is None else required)


class Refused:
    """A cell that cannot be used, as a ``CellMemo`` answers it: ``error`` is (column header, message)."""

    __slots__ = ("error",)

    def __init__(self, error: tuple[str, str]):
        self.error = error


class CellMemo(dict):
    """One column's answers by cell value, for one run: ``memo[value]`` is the parsed value, None for a
    blank optional cell, or a ``Refused``. Each text value is parsed once (files repeat their dates,
    amounts, ya/tidak and choices); a hit costs one dictionary lookup, without a call. Values other
    than text (numbers and dates from a workbook) are parsed every time: ``1``, ``1.0`` and ``True``
    are equal keys but not equal cells. The parser must return immutable values.
    """

    __slots__ = ("parser", "header", "required")

    def __init__(self, parser, header: str, required: bool):
        super().__init__()
        self.parser = parser
        self.header = header
        self.required = required

    def take(self, value, errors: list):
        """The answer for ``value``: a refusal is added to ``errors`` and gives None."""
        answer = self[value]
        if answer.__class__ is Refused:
            errors.append(answer.error)
            return None
        return answer

    def __missing__(self, value):
        if value is None or value == "" or (value.__class__ is str and value.isspace()):
            answer = Refused((self.header, _("%(column)s wajib diisi.") % {"column": self.header})) if self.required else None
        else:
            try:
                answer = self.parser(value)
            except v.CellError as error:
                answer = Refused((self.header, error.message))
        if (value is None or value.__class__ is str) and len(self) < v.MEMO_LIMIT:
            self[value] = answer
        return answer


REGISTRY: dict[str, Importer] = {}


def register(importer_class: type[Importer]) -> type[Importer]:
    instance = importer_class()
    REGISTRY[instance.key] = instance
    return importer_class


def get_importer(key: str) -> Importer | None:
    return REGISTRY.get(key)


def importers_for(user) -> list[Importer]:
    from core.roles import has_role

    return [imp for imp in REGISTRY.values() if has_role(user, *imp.roles)]


IGNORE = ""  # a mapping's target for a column the officer marks "abaikan"
# Columns the rejected-rows workbook adds: recognised on re-upload and left aside without a warning.
REASON_HEADERS = ("Baris asal", "Kesalahan")


def column_lookup(importer: Importer) -> dict[str, tuple[str, str]]:
    """Lenient header → (column key, how it was recognised: "kolom" or "alias")."""
    lookup: dict[str, tuple[str, str]] = {}
    for column in importer.columns:
        lookup.setdefault(header_key(column.header), (column.key, "kolom"))
        lookup.setdefault(header_key(column.key), (column.key, "kolom"))
        for alias in column.aliases:
            lookup.setdefault(header_key(alias), (column.key, "alias"))
    return lookup


def match_headers(
    importer: Importer, header_row: list, overrides: dict[str, str] | None = None, remembered: dict[str, str] | None = None
) -> tuple[dict[int, str], list[str], list[dict]]:
    """Column index → column key for the recognised headers, the missing required headers, and
    every non-empty column of the file described: ``{"index", "header", "field", "field_header",
    "via"}`` where ``via`` is "kolom", "alias", "pemetaan" (this job's mapping), "tersimpan" (a
    mapping remembered for this importer) or "" (ignored: ``field`` is None), "keterangan" for the
    reason columns of a rejected-rows workbook. ``overrides`` and ``remembered`` map lenient headers
    (``header_key``) to a column key or ``IGNORE``; the job's mapping wins over the remembered one,
    which wins over the aliases."""
    lookup = column_lookup(importer)
    known = {c.key for c in importer.columns}
    overrides = overrides or {}
    remembered = remembered or {}
    reasons = {header_key(h) for h in REASON_HEADERS}
    mapping: dict[int, str] = {}
    described: list[dict] = []
    for index, header in enumerate(header_row):
        text = v.text(header)
        lenient = header_key(text)
        if not lenient:
            continue
        field, via = None, ""
        if lenient in overrides and (overrides[lenient] == IGNORE or overrides[lenient] in known):
            field, via = overrides[lenient] or None, "pemetaan"
        elif lenient in remembered and (remembered[lenient] == IGNORE or remembered[lenient] in known):
            field, via = remembered[lenient] or None, "tersimpan"
        elif lenient in lookup:
            field, via = lookup[lenient]
        elif lenient in reasons:
            via = "keterangan"
        if field is not None and field in mapping.values():
            field, via = None, "ganda"  # a second column for a field already taken: ignored
        if field is not None:
            mapping[index] = field
        described.append(
            {
                "index": index,
                "header": text,
                "field": field,
                "field_header": importer.column(field).header if field else "",
                "via": via,
            }
        )
    missing = [c.header for c in importer.columns if c.required and c.key not in mapping.values()]
    return mapping, missing, described
