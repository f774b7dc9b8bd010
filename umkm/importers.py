"""UMKM importer: the Dinas's field-survey workbook (one row per business and its owner).

Natural key: the NIB; without one, the owner's NIK and the business name (the database's partial
unique constraint). The owner is created from the NIK as ``enrollment.services.person_get_or_create``
does (an existing person keeps his data). What a business write sets, and which blank cells keep
the register's value, is ``umkm.services.BUSINESS_WRITTEN`` / ``KEPT_WHEN_BLANK``; the scale class
is the ``core.scale.ScaleTable`` in force (``classify`` on the embedded path, ``sql`` on PostgreSQL).
A blank cell never erases what the register already holds.

The PostgreSQL path (``write_staged``) is hand-written SQL over the staging table
(``imports.base.StagedFields``: the staged rows under their field names) that does what the ORM
would: model defaults on create, ``auto_now`` timestamps, the audit rows of ``ImportChange``. It
reads the field lists above, but a new model field, default or constraint on ``Business`` or
``Person`` is not picked up by itself. On a Django upgrade, or a change to those models, rerun
``tests/imports/`` on SQLite and PostgreSQL (``test_umkm_import.py``, ``test_postgres_copy.py``,
``test_postgres_threaded.py``), ``tests/umkm/test_scale.py``, and ``bench/imports/commit.py``
against the figures in docs/performance.md.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role
from enrollment.models import Person
from imports import values as v
from imports.base import Column, Counts, Importer, RowResult, StagedFields, register
from imports.checks import NikChecker, RegionResolver, name_text
from umkm.models import Business, DataSource
from umkm.services import BUSINESS_WRITTEN, KEPT_WHEN_BLANK, scale_table_on

CHUNK = 900
# The business fields an import compares and writes, by column name (the embedded path reads
# them as tuples), then the derived class.
WRITTEN = tuple(Business._meta.get_field(name).attname for name in BUSINESS_WRITTEN)
TRACKED = (*WRITTEN, "scale")
TRACKED_POSITION = {key: index + 1 for index, key in enumerate(TRACKED)}  # position 0 is the id
OPTIONAL = tuple(Business._meta.get_field(name).attname for name in KEPT_WHEN_BLANK)
# The record fields staged on PostgreSQL, with their SQL types: the SQL reads ``s.<field>``.
STAGED = StagedFields(
    nik="text",
    owner_name="text",
    gender="text",
    birth_date="date",
    nik_region_known="boolean",
    phone="text",
    name="text",
    nib="text",
    kbli="text",
    capital="bigint",
    annual_sales="bigint",
    worker_count="integer",
    desa_id="text",
    address="text",
    in_official_db="boolean",
)


class UmkmContext:
    def __init__(self, importer: Importer):
        self.nik = NikChecker()
        self.regions = RegionResolver()
        self.scales = scale_table_on(timezone.localdate())
        # One memo per parsed column: the values a file repeats are parsed once.
        memo = importer.memo
        self.gender = memo("gender", v.gender)
        self.birth_date = memo("birth_date", v.parse_date)
        # The optional columns parsed on their own, in the order their errors are reported.
        self.cells = tuple(
            (key, memo(key, parser))
            for key, parser in (
                ("phone", v.phone),
                ("nib", v.nib),
                ("kbli", v.kbli),
                ("capital", v.rupiah),
                ("annual_sales", v.rupiah),
                ("worker_count", v.whole_number),
                ("in_official_db", v.boolean),
            )
        )


@register
class UmkmImporter(Importer):
    key = "umkm"
    label = gettext_lazy("UMKM (survei lapangan Dinas)")
    description = gettext_lazy("Satu baris per usaha beserta pemiliknya. Kunci: NIB, atau NIK pemilik + nama usaha.")
    roles = (Role.ADMIN, Role.DINAS)
    natural_key_help = gettext_lazy("NIB; bila kosong, NIK pemilik + nama usaha")
    columns = (
        Column(
            "nik",
            "NIK Pemilik",
            ("NIK", "No. KTP", "No KTP", "Nomor KTP", "NIK KTP", "NIK Pemilik Usaha", "NIK Pelaku Usaha"),
            True,
            "7401015705850001",
        ),
        Column(
            "owner_name",
            "Nama Pemilik",
            ("Nama", "Nama Lengkap", "Pemilik", "Nama Pemilik Usaha", "Nama Pelaku Usaha"),
            True,
            "Siti Aminah",
        ),
        Column("gender", "Jenis Kelamin", ("JK", "L/P", "Kelamin"), False, "P"),
        Column("birth_date", "Tanggal Lahir", ("Tgl Lahir", "Tgl. Lahir", "Tanggal Lahir Pemilik"), False, "17/05/1985"),
        Column(
            "phone",
            "Telepon",
            ("No HP", "No. HP", "Nomor HP", "HP", "No Telp", "No. Telepon", "Nomor Telepon", "WA", "No WA"),
            False,
            "081234567890",
        ),
        Column("name", "Nama Usaha", ("Nama Toko", "Usaha", "Nama Unit Usaha", "Nama UMKM"), True, "Warung Makan Sederhana"),
        Column("nib", "NIB", ("Nomor Induk Berusaha", "No NIB", "No. NIB"), False, "1234567890123"),
        Column("kbli", "KBLI", ("Kode KBLI",), False, "56103"),
        Column("capital", "Modal Usaha", ("Modal", "Modal Usaha (Rp)", "Modal (Rp)"), False, "Rp 15.000.000"),
        Column(
            "annual_sales",
            "Omzet Tahunan",
            ("Omzet", "Omset", "Omset Tahunan", "Omzet Tahunan (Rp)", "Hasil Penjualan Tahunan", "Penjualan Tahunan", "Omzet per Tahun"),
            False,
            "120.000.000",
        ),
        Column("worker_count", "Jumlah Pekerja", ("Tenaga Kerja", "Jumlah Tenaga Kerja", "Jml Pekerja", "Jumlah Karyawan"), False, 2),
        Column("kecamatan", "Kecamatan", ("Kec", "Kec.", "Kode Kecamatan"), False, "Wundulako"),
        Column(
            "desa", "Desa/Kelurahan", ("Desa", "Kelurahan", "Desa Kelurahan", "Kode Desa", "Kode Wilayah", "Nama Desa"), True, "Wundulako"
        ),
        Column("address", "Alamat", ("Alamat Usaha", "Alamat Lengkap", "Jalan", "Dusun"), False, "Jl. Poros Provinsi No. 3"),
        Column(
            "in_official_db",
            "Terdata Resmi",
            (
                "Terdata di Basis Data Resmi",
                "Basis Data Resmi",
                "Terdata",
                "Resmi",
                "Terdaftar di Database",
                "Terdata di Database",
                "Sudah Terdaftar",
                "Status Database",
                "Terdaftar",
                "Masuk Database",
            ),
            False,
            "ya",
        ),
    )
    staged = STAGED

    def prepare(self, job=None):
        context = UmkmContext(self)
        context.job_id = getattr(job, "pk", None)  # the audit trail's job (None: nothing recorded)
        return context

    def clean(self, raw: dict, ctx: UmkmContext) -> RowResult:
        errors: list = []
        warnings: list = []
        get = raw.get
        # Each memo gives the parsed value or None for a blank cell; a refusal goes into ``errors``.
        gender = ctx.gender.take(get("gender"), errors)
        birth_date = ctx.birth_date.take(get("birth_date"), errors)
        info = None
        nik = get("nik")
        if v.is_blank(nik):
            errors.append(("NIK Pemilik", _("%(column)s wajib diisi.") % {"column": "NIK Pemilik"}))
        else:
            info = ctx.nik.check(nik, gender=gender, birth_date=birth_date, errors=errors, warnings=warnings, column="NIK Pemilik")
        owner_name = name_text(get("owner_name"))
        if not owner_name:
            errors.append(("Nama Pemilik", _("%(column)s wajib diisi.") % {"column": "Nama Pemilik"}))
        elif len(owner_name) > 150:
            errors.append(("Nama Pemilik", _("Nama pemilik paling banyak 150 karakter.")))
        name = name_text(get("name"))
        if not name:
            errors.append(("Nama Usaha", _("%(column)s wajib diisi.") % {"column": "Nama Usaha"}))
        elif len(name) > 200:
            errors.append(("Nama Usaha", _("Nama usaha paling banyak 200 karakter.")))
        cells = {key: memo.take(get(key), errors) for key, memo in ctx.cells}
        desa = ctx.regions.resolve(get("kecamatan"), get("desa"), kecamatan_header="Kecamatan", desa_header="Desa/Kelurahan", errors=errors)
        address = name_text(get("address"))[:255] or None
        if errors:
            return RowResult(None, errors, warnings)
        return RowResult(
            {
                "nik": info.nik,
                "owner_name": owner_name,
                "gender": info.gender,
                "birth_date": info.birth_date,
                "nik_region_known": not warnings,
                "name": name,
                "desa_id": desa.code,
                "address": address,
                **cells,
            },
            errors,
            warnings,
        )

    def natural_key(self, record: dict) -> str:
        if record["nib"]:
            return "NIB " + record["nib"]
        return f"{record['nik']}|{record['name']}"

    # --- the dashboard's figures (core.facts.changing) -----------------------------------------
    # An import creates people without participations and never changes an existing person, so
    # only the businesses matter: those with a NIB of the file and those of the file's owners.
    def fact_scope(self, records: list[dict], ctx: UmkmContext) -> dict:
        from imports.sqlfast import select_in

        nibs = sorted({r["nib"] for r in records if r["nib"]})
        niks = sorted({r["nik"] for r in records})

        def businesses():
            found = select_in("SELECT id FROM umkm_business WHERE nib IN ({in_})", nibs)
            found += select_in(
                "SELECT b.id FROM umkm_business b JOIN enrollment_person p ON p.id = b.owner_id WHERE p.nik IN ({in_})", niks
            )
            return {row[0] for row in found}

        return {"businesses": businesses}

    def staged_fact_scope(self, job_id: int, rows: tuple[int, int]) -> dict:
        from django.db import connection

        def businesses():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    SELECT b.id FROM {STAGED.relation()} s JOIN umkm_business b ON b.nib = s.nib
                    WHERE s.job_id = %s AND s.row_number BETWEEN %s AND %s AND s.nib IS NOT NULL
                    UNION
                    SELECT b.id FROM {STAGED.relation()} s JOIN enrollment_person p ON p.nik = s.nik JOIN umkm_business b ON b.owner_id = p.id
                    WHERE s.job_id = %s AND s.row_number BETWEEN %s AND %s
                    """,  # noqa: S608 - declared names only
                    [job_id, *rows, job_id, *rows],
                )
                return [row[0] for row in cursor.fetchall()]

        return {"businesses": businesses}

    # --- embedded path (SQLite; any database without the COPY path) -------------------------
    def write(self, records: list[dict], ctx: UmkmContext) -> Counts:
        """Plain rows and ``executemany`` (``imports.sqlfast``) instead of model instances: one pass
        decides what to create and which fields of which business change; each changed or created
        object gets its audit row (``ImportChange``) in the same transaction."""
        from imports.sqlfast import adapt, insert_rows, record_changes, select_in, update_rows

        counts = Counts()
        counts.samples = []
        job_id = ctx.job_id
        now = timezone.now()
        person_ids = _person_ids({r["nik"] for r in records})
        new_people = {}
        for record in records:
            if record["nik"] not in person_ids and record["nik"] not in new_people:
                new_people[record["nik"]] = {
                    "nik": record["nik"],
                    "name": record["owner_name"],
                    "gender": record["gender"],
                    "birth_date": adapt(record["birth_date"]),
                    "phone": record["phone"] or "",
                    "desa_id": record["desa_id"],
                    "nik_region_known": record["nik_region_known"],
                }
        new_ids = insert_rows(Person, list(new_people.values()))
        person_ids.update(zip(new_people, new_ids, strict=True))
        record_changes(job_id, "enrollment.person", [(pk, "dibuat", []) for pk in new_ids])

        # Existing businesses as tuples (id, *TRACKED): by NIB, and by (owner, name) without NIB.
        by_nib, by_owner_name = {}, {}
        columns = ", ".join(["id", *(Business._meta.get_field(f).column for f in TRACKED)])
        nib_at, owner_at, name_at, official_at = (TRACKED_POSITION[k] for k in ("nib", "owner_id", "name", "in_official_db"))
        nibs = [r["nib"] for r in records if r["nib"]]
        for row in select_in(f"SELECT {columns} FROM umkm_business WHERE nib IN ({{in_}})", nibs):  # noqa: S608 - constants
            row = list(row)
            row[official_at] = bool(row[official_at])
            by_nib[row[nib_at]] = row
        owners = sorted({person_ids[r["nik"]] for r in records})
        for row in select_in(f"SELECT {columns} FROM umkm_business WHERE nib IS NULL AND owner_id IN ({{in_}})", owners):  # noqa: S608
            row = list(row)
            row[official_at] = bool(row[official_at])
            by_owner_name[(row[owner_at], row[name_at])] = row

        to_create, to_update, changes = [], [], []
        classify = ctx.scales.classify
        for record in records:
            owner_id = person_ids[record["nik"]]
            values = {"name": record["name"], "owner_id": owner_id, "desa_id": record["desa_id"]}
            if record["nib"]:
                existing = by_nib.get(record["nib"])
                if existing is None:
                    # Registered earlier without a NIB (same owner and name): it takes the NIB
                    # instead of becoming a second business.
                    existing = by_owner_name.pop((owner_id, record["name"]), None)
                    if existing is not None:
                        by_nib[record["nib"]] = existing
                        values["nib"] = record["nib"]
            else:
                existing = by_owner_name.get((owner_id, record["name"]))
            for key in OPTIONAL:
                if record[key] is not None:
                    values[key] = record[key]
            if existing is None:
                values.setdefault("nib", record["nib"])
                values["scale"] = classify(capital=values.get("capital"), annual_sales=values.get("annual_sales"))
                values["source"] = DataSource.SURVEY.value
                to_create.append(values)
                counts.created += 1
                _sample(counts, record, "dibuat")
                continue
            changed = []
            for key, value in values.items():
                position = TRACKED_POSITION[key]
                if existing[position] != value:
                    existing[position] = value
                    changed.append(key)
            scale = classify(capital=existing[TRACKED_POSITION["capital"]], annual_sales=existing[TRACKED_POSITION["annual_sales"]])
            if scale != existing[TRACKED_POSITION["scale"]]:
                existing[TRACKED_POSITION["scale"]] = scale
                changed.append("scale")
            if changed:
                to_update.append((*existing[1:], adapt(now), existing[0]))
                changes.append((existing[0], "diperbarui", changed))
                counts.updated += 1
                _sample(counts, record, "diperbarui")
            else:
                counts.unchanged += 1
        created_ids = insert_rows(Business, to_create)
        update_rows(Business, [*TRACKED, "updated_at"], to_update)
        record_changes(job_id, "umkm.business", [(pk, "dibuat", []) for pk in created_ids] + changes)
        return counts

    # --- PostgreSQL path --------------------------------------------------------------------
    def write_staged(self, cursor, job_id: int, ctx: UmkmContext, *, rows=None, staged: int | None = None, samples: int = 20) -> Counts:
        counts = Counts()
        # The staged rows of the job, or of one chunk of it (file rows first..last).
        where, params = "s.job_id = %s", [job_id]
        if rows is not None:
            where, params = "s.job_id = %s AND s.row_number BETWEEN %s AND %s", [job_id, rows[0], rows[1]]
        # SQL below is assembled from declared names, model defaults and the scale table's integers
        # only; values go through parameters.
        source = STAGED.relation()
        if staged is None:
            cursor.execute(f"SELECT count(*) FROM {source} s WHERE {where}", params)  # noqa: S608
            staged = cursor.fetchone()[0]
        counts.samples = _staged_samples(cursor, where, params, samples) if samples > 0 else []
        # Each statement writes its audit rows (imports_importchange) from its RETURNING, in the same
        # statement: created objects, and updated ones with the fields that changed (the FROM list's
        # second copy ``o`` of the business still holds the values before the update).
        cursor.execute(
            f"""
            WITH created AS (
                INSERT INTO enrollment_person (nik, name, gender, birth_date, phone, desa_id, address, nik_region_known, created_at, updated_at)
                SELECT DISTINCT ON (s.nik) s.nik, s.owner_name, s.gender, s.birth_date, COALESCE(s.phone, ''), s.desa_id, '',
                       s.nik_region_known, now(), now()
                FROM {source} s WHERE {where} ORDER BY s.nik, s.row_number
                ON CONFLICT (nik) DO NOTHING
                RETURNING id
            )
            INSERT INTO imports_importchange (job_id, model, object_id, action, fields)
            SELECT %s, 'enrollment.person', id, 'dibuat', '[]'::jsonb FROM created
            """,  # noqa: S608
            [*params, job_id],
        )
        merged = _merged_values()
        merged_scale = ctx.scales.sql(merged["capital"], merged["annual_sales"])
        updated = [name for name in WRITTEN if name != "nib"]  # a match keeps its NIB (the first UPDATE gives one)
        set_clause = ", ".join([*(f"{name} = {merged[name]}" for name in updated), f"scale = {merged_scale}", "updated_at = now()"])
        changed = "({}) IS DISTINCT FROM ({})".format(
            ", ".join(f"b.{name}" for name in (*updated, "scale")), ", ".join([*(merged[name] for name in updated), merged_scale])
        )
        # A business registered without a NIB that now arrives with one (same owner and name, the
        # NIB not yet in the register) takes the NIB instead of becoming a second business.
        changed_fields = "to_jsonb(array_remove(ARRAY[{}], NULL))".format(
            ", ".join(f"CASE WHEN o.{f} IS DISTINCT FROM b.{f} THEN '{f}' END" for f in TRACKED)
        )
        audit = """INSERT INTO imports_importchange (job_id, model, object_id, action, fields)
            SELECT %s, 'umkm.business', id, 'diperbarui', fields FROM changed"""
        cursor.execute(
            f"""
            WITH changed AS (
                UPDATE umkm_business b SET nib = s.nib, {set_clause}
                FROM {source} s JOIN enrollment_person p ON p.nik = s.nik, umkm_business o
                WHERE {where} AND o.id = b.id AND s.nib IS NOT NULL AND b.nib IS NULL AND b.owner_id = p.id AND b.name = s.name
                  AND NOT EXISTS (SELECT 1 FROM umkm_business x WHERE x.nib = s.nib)
                RETURNING b.id, {changed_fields} AS fields
            )
            {audit}
            """,  # noqa: S608
            [*params, job_id],
        )
        counts.updated += cursor.rowcount
        for match in ("b.nib = s.nib AND s.nib IS NOT NULL", "s.nib IS NULL AND b.nib IS NULL AND b.owner_id = p.id AND b.name = s.name"):
            cursor.execute(
                f"""
                WITH changed AS (
                    UPDATE umkm_business b SET {set_clause}
                    FROM {source} s JOIN enrollment_person p ON p.nik = s.nik, umkm_business o
                    WHERE {where} AND o.id = b.id AND {match} AND {changed}
                    RETURNING b.id, {changed_fields} AS fields
                )
                {audit}
                """,  # noqa: S608
                [*params, job_id],
            )
            counts.updated += cursor.rowcount
        created = _created_values()
        new_scale = ctx.scales.sql("s.capital", "s.annual_sales")
        cursor.execute(
            f"""
            WITH created AS (
                INSERT INTO umkm_business ({", ".join(WRITTEN)}, scale, source, created_at, updated_at)
                SELECT {", ".join(created[name] for name in WRITTEN)}, {new_scale}, %s, now(), now()
                FROM {source} s JOIN enrollment_person p ON p.nik = s.nik
                WHERE {where}
                ON CONFLICT DO NOTHING
                RETURNING id
            )
            INSERT INTO imports_importchange (job_id, model, object_id, action, fields)
            SELECT %s, 'umkm.business', id, 'dibuat', '[]'::jsonb FROM created
            """,  # noqa: S608
            [DataSource.SURVEY.value, *params, job_id],
        )
        # Rows whose business exists (by NIB, or by owner and name without NIB: the two unique
        # indexes) were updated or left unchanged above; the unique indexes skip them here, probe
        # by probe, however large the register.
        counts.created = cursor.rowcount
        counts.unchanged = staged - counts.created - counts.updated
        return counts


def _incoming(name: str) -> str:
    """The SQL of the value a staged row (``s``, its owner ``p``) gives the business field ``name``."""
    return "p.id" if name == "owner_id" else f"s.{name}"


def _merged_values() -> dict[str, str]:
    """Each written field of an existing business ``b`` after the staged row: a blank cell keeps ``b``'s."""
    return {name: f"COALESCE({_incoming(name)}, b.{name})" if name in OPTIONAL else _incoming(name) for name in WRITTEN}


def _created_values() -> dict[str, str]:
    """Each written field of a new business: a blank cell gives the model field's default."""
    values = {}
    for name in WRITTEN:
        default = _sql_literal(Business._meta.get_field(name).get_default()) if name in OPTIONAL else None
        values[name] = f"COALESCE({_incoming(name)}, {default})" if default is not None else _incoming(name)
    return values


def _sql_literal(value) -> str | None:
    """A model default as SQL (None: NULL, which needs no COALESCE)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value == "":
        return "''"
    raise ValueError(f"no SQL literal for the default {value!r}")


def _sample(counts: Counts, record: dict, action: str) -> None:
    if len(counts.samples) < 40 and sum(1 for s in counts.samples if s["action"] == action) < 20:
        counts.samples.append({"row": record["_row"], "action": action, "label": record["name"], "key": record["nib"] or ""})


def _staged_samples(cursor, where: str, params: list, limit: int) -> list[dict]:
    cursor.execute(
        f"""
        SELECT s.row_number, s.name, COALESCE(s.nib, ''),
               EXISTS (SELECT 1 FROM umkm_business b WHERE b.nib = s.nib) OR EXISTS (
                   SELECT 1 FROM umkm_business b JOIN enrollment_person p ON p.id = b.owner_id
                   WHERE s.nib IS NULL AND b.nib IS NULL AND p.nik = s.nik AND b.name = s.name)
        FROM {STAGED.relation()} s WHERE {where} ORDER BY s.row_number LIMIT %s
        """,  # noqa: S608
        [*params, limit],
    )
    return [
        {"row": row, "action": "ada" if exists else "dibuat", "label": name, "key": nib} for row, name, nib, exists in cursor.fetchall()
    ]


def _person_ids(niks: set[str]) -> dict[str, int]:
    from imports.sqlfast import select_in

    return dict(select_in("SELECT nik, id FROM enrollment_person WHERE nik IN ({in_})", sorted(niks)))
