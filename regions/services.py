"""Loading the Kemendagri region register from the CSV files shipped in ``regions/data``."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import transaction
from django.db.models import Expression, Value

from regions.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH_SIZE = 5000

# The kabupaten/kota this deployment serves. A higher app (``institution``) registers the
# providers in its ``AppConfig.ready`` (lower apps never import higher ones): the code now, and
# a subquery expression that the database resolves when a query runs (so that a form's
# class-level queryset is right after ``setup_regency`` too).
_served: dict[str, Callable] = {}


def register_served_regency(*, code: Callable[[], str], expression: Callable[[], object]) -> None:
    _served["code"] = code
    _served["expression"] = expression


def served_regency_code() -> str:
    """The Kemendagri code of the served kabupaten/kota (``""`` before ``setup_regency``)."""
    return _served["code"]() if "code" in _served else ""


def served_regency_expression() -> Expression:
    """The served code as a query expression (``Value("")`` when nothing is registered)."""
    return _served["expression"]() if "expression" in _served else Value("")


def kind_of(code: str, name: str) -> str:
    """The kind of a region from the shape of its code (and, for kabupaten/kota, its name)."""
    parts = code.split(".")
    if len(parts) == 1:
        return Region.Kind.PROVINSI
    if len(parts) == 2:
        return Region.Kind.KOTA if name.lower().startswith("kota") else Region.Kind.KABUPATEN
    if len(parts) == 3:
        return Region.Kind.KECAMATAN
    return Region.Kind.KELURAHAN if parts[3].startswith("1") else Region.Kind.DESA


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _read(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["code"].strip(), row["name"].strip()


def _rows_for(scope: str) -> list[tuple[str, str]]:
    if scope == "default":
        served = served_regency_code()
        return _rows_for(f"kabupaten:{served}") if served else list(_read(DATA_DIR / "provinsi_kabupaten.csv"))
    if scope == "all":
        return list(_read(DATA_DIR / "indonesia.csv"))
    if scope.startswith("kabupaten:"):
        prefix = scope.split(":", 1)[1]
        rows = dict(_read(DATA_DIR / "provinsi_kabupaten.csv"))
        rows.update((c, n) for c, n in _read(DATA_DIR / "indonesia.csv") if c == prefix or c.startswith(prefix + "."))
        if prefix not in rows:
            raise ValueError(f"Kode kabupaten/kota {prefix} tidak ditemukan.")
        return list(rows.items())
    raise ValueError(f"unknown scope {scope!r}")


@transaction.atomic
def regions_load(*, scope: str = "default") -> int:
    """Insert or update the regions of a scope; parents before children. Returns the row count.

    ``default``: every province and kabupaten/kota plus the served regency's kecamatan and
    desa/kelurahan (the Instansi's; none before ``setup_regency``); ``kabupaten:74.02``: every
    province and kabupaten/kota plus that one's; ``all``: the whole of Indonesia.
    """
    rows = sorted(_rows_for(scope), key=lambda item: (item[0].count("."), item[0]))
    objects = [Region(code=code, name=name, kind=kind_of(code, name), parent_id=parent_of(code)) for code, name in rows]
    for start in range(0, len(objects), BATCH_SIZE):
        Region.objects.bulk_create(
            objects[start : start + BATCH_SIZE],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "kind", "parent"],
        )
    return len(objects)
