"""Reads of the region register."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from regions.models import Region
from regions.services import served_regency_code, served_regency_expression

_PREFIX = re.compile(r"^(kecamatan|kec\.?|desa|ds\.?|kelurahan|kel\.?)\s+", re.IGNORECASE)


def kecamatan_list(*, kabupaten_code: str | None = None) -> QuerySet[Region]:
    """The kecamatan of a kabupaten/kota, by default the served one (resolved when the query runs)."""
    return Region.objects.kecamatan_of(kabupaten_code or served_regency_expression())


def village_list(*, kecamatan_code: str | None = None, kabupaten_code: str | None = None) -> QuerySet[Region]:
    qs = Region.objects.villages()
    if kecamatan_code:
        return qs.filter(parent_id=kecamatan_code).order_by("name")
    return qs.filter(parent__parent_id=kabupaten_code or served_regency_expression()).order_by("name")


def region_exists_for_nik_prefix(prefix6: str) -> bool:
    """Whether ``740101`` names a known kecamatan (``74.01.01``)."""
    return Region.objects.filter(code=f"{prefix6[0:2]}.{prefix6[2:4]}.{prefix6[4:6]}").exists()


def normalize_region_name(name: str) -> str:
    text = re.sub(r"\s+", " ", str(name or "").strip())
    text = _PREFIX.sub("", text)
    return text.lower()


class RegionIndex:
    """In-memory lookup of a kabupaten's kecamatan and villages by code or by name.

    Built once per import (two queries), then every row resolves its kecamatan and desa without
    touching the database.
    """

    def __init__(self, kabupaten_code: str | None = None):
        kabupaten_code = kabupaten_code or served_regency_code()
        self.kecamatan_by_code: dict[str, Region] = {}
        self.kecamatan_by_name: dict[str, Region] = {}
        self.village_by_code: dict[str, Region] = {}
        self.village_by_name: dict[tuple[str, str], list[Region]] = {}
        self.village_by_bare_name: dict[str, list[Region]] = {}
        for region in Region.objects.filter(code__startswith=kabupaten_code + ".").only("code", "name", "kind", "parent_id"):
            if region.kind == Region.Kind.KECAMATAN:
                self.kecamatan_by_code[region.code] = region
                self.kecamatan_by_name[normalize_region_name(region.name)] = region
            elif region.is_village:
                self.village_by_code[region.code] = region
                key = normalize_region_name(region.name)
                self.village_by_name.setdefault((region.parent_id, key), []).append(region)
                self.village_by_bare_name.setdefault(key, []).append(region)

    def kecamatan(self, value: str) -> Region | None:
        value = str(value or "").strip()
        return self.kecamatan_by_code.get(value) or self.kecamatan_by_name.get(normalize_region_name(value))

    def village(self, value: str, kecamatan: Region | None = None) -> tuple[Region | None, str | None]:
        """The village for a code or a name; a name found in several kecamatan is ambiguous."""
        value = str(value or "").strip()
        if value in self.village_by_code:
            return self.village_by_code[value], None
        key = normalize_region_name(value)
        if kecamatan is not None:
            found = self.village_by_name.get((kecamatan.code, key), [])
        else:
            found = self.village_by_bare_name.get(key, [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, "ambiguous"
        return None, "unknown"
