"""Row checks shared by the importers, with the same rules as the services they stand in for.

``NikChecker`` is ``enrollment.services.nik_check`` with the region register held in memory;
``RegionResolver`` wraps ``regions.selectors.RegionIndex`` for kecamatan/desa given by name or code.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

from core import identifiers
from imports import values as v
from regions.models import Region
from regions.selectors import RegionIndex


class NikChecker:
    def __init__(self):
        self.known_kecamatan = set(Region.objects.filter(kind=Region.Kind.KECAMATAN).values_list("code", flat=True))
        self.today = date.today()

    def check(self, raw, *, gender=None, birth_date=None, errors: list, warnings: list, column: str = "NIK"):
        """The decoded NIK, or None with an error; an unknown region code is only a warning."""
        try:
            info = v.nik(raw, self.today)
        except v.CellError as error:
            errors.append((column, error.message))
            return None
        if info.region_code not in self.known_kecamatan:
            warnings.append(
                (
                    column,
                    _("Kode wilayah NIK %(code)s tidak ada di daftar wilayah Kemendagri (mungkin wilayah lama atau pemekaran).")
                    % {"code": info.region_code},
                )
            )
        if gender and gender != info.gender:
            errors.append(
                (
                    column,
                    _("Jenis kelamin tidak sesuai dengan NIK (NIK menunjukkan %(g)s).")
                    % {"g": _("perempuan") if info.gender == "P" else _("laki-laki")},
                )
            )
            return None
        if birth_date and birth_date != info.birth_date:
            errors.append(
                (column, _("Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan %(d)s).") % {"d": info.birth_date.strftime("%d-%m-%Y")})
            )
            return None
        return info


_UNDOTTED_VILLAGE = re.compile(r"^\d{10}$")
_UNDOTTED_KECAMATAN = re.compile(r"^\d{6}$")


def _dotted(code: str) -> str:
    if _UNDOTTED_VILLAGE.match(code):
        return f"{code[0:2]}.{code[2:4]}.{code[4:6]}.{code[6:10]}"
    if _UNDOTTED_KECAMATAN.match(code):
        return f"{code[0:2]}.{code[2:4]}.{code[4:6]}"
    return code


class RegionResolver:
    def __init__(self):
        self.index = RegionIndex()
        self._cache: dict[tuple[str, str], tuple] = {}

    def resolve(self, kecamatan_raw, desa_raw, *, kecamatan_header: str, desa_header: str, errors: list) -> Region | None:
        """The desa/kelurahan of a row, by name (any case, with or without "Kec."/"Desa") or by code."""
        kecamatan_text = _dotted(v.text(kecamatan_raw))
        desa_text = _dotted(v.text(desa_raw))
        cache_key = (kecamatan_text.lower(), desa_text.lower())
        cached = self._cache.get(cache_key)
        if cached is None:
            cached = self._resolve(kecamatan_text, desa_text, kecamatan_header, desa_header)
            self._cache[cache_key] = cached
        region, problem = cached
        if problem:
            errors.append(problem)
        return region

    def _resolve(self, kecamatan_text, desa_text, kecamatan_header, desa_header):
        kecamatan = None
        if kecamatan_text:
            kecamatan = self.index.kecamatan(kecamatan_text)
            if kecamatan is None:
                return None, (kecamatan_header, _("Kecamatan %(value)s tidak dikenal di Kabupaten Kolaka.") % {"value": kecamatan_text})
        if not desa_text:
            return None, (desa_header, _("%(column)s wajib diisi.") % {"column": desa_header})
        region, problem = self.index.village(desa_text, kecamatan)
        if region is not None:
            if kecamatan is not None and region.parent_id != kecamatan.code:
                return None, (
                    desa_header,
                    _("Desa/kelurahan %(desa)s tidak berada di Kecamatan %(kec)s.") % {"desa": region.name, "kec": kecamatan.name},
                )
            return region, None
        if problem == "ambiguous":
            return None, (
                desa_header,
                _("Nama desa/kelurahan %(value)s ada di beberapa kecamatan: isi kolom Kecamatan.") % {"value": desa_text},
            )
        if kecamatan is not None:
            return None, (
                desa_header,
                _("Desa/kelurahan %(value)s tidak dikenal di Kecamatan %(kec)s.") % {"value": desa_text, "kec": kecamatan.name},
            )
        return None, (desa_header, _("Desa/kelurahan %(value)s tidak dikenal di Kabupaten Kolaka.") % {"value": desa_text})


def name_text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def masked(nik: str) -> str:
    return identifiers.mask_nik(nik)
