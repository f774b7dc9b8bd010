"""Row checks shared by the importers, with the same rules as the services they stand in for.

``NikChecker`` is ``enrollment.services.nik_check`` with the region register held in memory;
``RegionResolver`` wraps ``regions.selectors.RegionIndex`` for kecamatan/desa given by name or code.
Both belong to one run (they keep what they decoded, messages included) and decode the common,
already clean cell without exceptions; anything else goes through the general parsers.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core import identifiers
from core.formatting import tanggal
from imports import values as v
from regions.models import Region
from regions.selectors import RegionIndex


class DecodedNik(NamedTuple):
    """What a valid NIK tells (as ``identifiers.NikInfo``)."""

    nik: str
    region_code: str  # Kemendagri form, e.g. "74.01.01"
    gender: str  # "L" or "P"
    birth_date: date


_new_tuple = tuple.__new__  # builds a DecodedNik without the Python-level __new__ of NamedTuple


def plain_nik(value) -> str | None:
    """The 16 ASCII digits of a NIK cell in its usual forms (text, possibly with spaces, dots or a
    leading apostrophe; a whole number), or None: the general parser then decides."""
    if value.__class__ is str:
        if len(value) != 16 or not value.isdigit():
            value = value.strip()
            if value[:1] == "'":
                value = value[1:]
            value = value.replace(" ", "").replace(".", "")
            if len(value) != 16 or not value.isdigit():
                return None
        return value if value.isascii() else None
    # A number cell ending in 0 may have lost its 16th digit in Excel: the general parser refuses it.
    if value.__class__ is int:
        return str(value) if 10**15 <= value < 10**16 and value % 10 else None
    if value.__class__ is float and 1e15 <= value < 1e16 and value.is_integer() and int(value) % 10:
        return str(int(value))
    return None


class NikChecker:
    def __init__(self):
        self.known_kecamatan = set(Region.objects.filter(kind=Region.Kind.KECAMATAN).values_list("code", flat=True))
        self.today = timezone.localdate()
        self._regions: dict[str, tuple[str, bool] | Literal[False]] = {}  # digits 1-6 -> (region code, known), False if refused
        self._births: dict[str, tuple[str, date] | Literal[False]] = {}  # digits 7-12 -> (gender, birth date), False if refused
        self._warnings: dict[str, str] = {}  # region code -> warning

    def _region(self, prefix: str) -> tuple[str, bool] | Literal[False]:
        found: tuple[str, bool] | Literal[False]
        if not identifiers.nik_region_valid(prefix):
            found = False
        else:
            code = identifiers.nik_region_code(prefix)
            found = (code, code in self.known_kecamatan)
        if len(self._regions) < v.MEMO_LIMIT:
            self._regions[prefix] = found
        return found

    def _birth(self, digits: str) -> tuple[str, date] | Literal[False]:
        """``identifiers.parse_nik``'s reading of digits 7-12; False when it would refuse them."""
        found: tuple[str, date] | Literal[False]
        try:
            found = identifiers.nik_birth(digits, today=self.today)
        except ValidationError:
            found = False
        if len(self._births) < v.MEMO_LIMIT:
            self._births[digits] = found
        return found

    def check(self, raw, *, gender=None, birth_date=None, errors: list, warnings: list, column: str = "NIK") -> DecodedNik | None:
        """The decoded NIK, or None with an error; an unknown region code is only a warning.

        A NIK in its usual forms is decoded from the run's lookups of its region and birth digits,
        without exceptions; anything these refuse goes through ``identifiers.parse_nik``, which
        gives the reason.
        """
        info = None
        nik = raw if raw.__class__ is str and len(raw) == 16 and raw.isdigit() and raw.isascii() else plain_nik(raw)
        if nik is not None and nik[12:] != "0000":
            prefix, digits = nik[:6], nik[6:12]
            region = self._regions.get(prefix)
            if region is None:
                region = self._region(prefix)
            birth = self._births.get(digits)
            if birth is None:
                birth = self._birth(digits)
            if region and birth:
                info = _new_tuple(DecodedNik, (nik, region[0], birth[0], birth[1]))
                known = region[1]
        if info is None:
            try:
                parsed = v.nik(raw, self.today)
            except v.CellError as error:
                errors.append((column, error.message))
                return None
            info = DecodedNik(parsed.nik, parsed.region_code, parsed.gender, parsed.birth_date)
            known = info.region_code in self.known_kecamatan
        if not known:
            warning = self._warnings.get(info.region_code)
            if warning is None:
                message = _("Kode wilayah NIK %(code)s tidak ada di daftar wilayah Kemendagri (mungkin wilayah lama atau pemekaran).")
                warning = message % {"code": info.region_code}
                if len(self._warnings) < v.MEMO_LIMIT:
                    self._warnings[info.region_code] = warning
            warnings.append((column, warning))
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
            errors.append((column, _("Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan %(d)s).") % {"d": tanggal(info.birth_date)}))
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
        self._by_cell: dict[tuple, tuple] = {}  # the cells as read (text or None) -> (region, problem)

    def resolve(self, kecamatan_raw, desa_raw, *, kecamatan_header: str, desa_header: str, errors: list) -> Region | None:
        """The desa/kelurahan of a row, by name (any case, with or without "Kec."/"Desa") or by code."""
        plain = (kecamatan_raw is None or kecamatan_raw.__class__ is str) and (desa_raw is None or desa_raw.__class__ is str)
        cached = self._by_cell.get((kecamatan_raw, desa_raw)) if plain else None
        if cached is None:
            kecamatan_text = _dotted(v.text(kecamatan_raw))
            desa_text = _dotted(v.text(desa_raw))
            cache_key = (kecamatan_text.lower(), desa_text.lower())
            cached = self._cache.get(cache_key)
            if cached is None:
                cached = self._resolve(kecamatan_text, desa_text, kecamatan_header, desa_header)
                if len(self._cache) < v.MEMO_LIMIT:
                    self._cache[cache_key] = cached
            if plain and len(self._by_cell) < v.MEMO_LIMIT:
                self._by_cell[(kecamatan_raw, desa_raw)] = cached
        region, problem = cached
        if problem:
            errors.append(problem)
        return region

    def _resolve(self, kecamatan_text, desa_text, kecamatan_header, desa_header):
        kecamatan = None
        if kecamatan_text:
            kecamatan = self.index.kecamatan(kecamatan_text)
            if kecamatan is None:
                return None, (
                    kecamatan_header,
                    _("Kecamatan %(value)s tidak dikenal di %(region)s.") % {"value": kecamatan_text, "region": _served_name()},
                )
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
        return None, (
            desa_header,
            _("Desa/kelurahan %(value)s tidak dikenal di %(region)s.") % {"value": desa_text, "region": _served_name()},
        )


def _served_name() -> str:
    from institution.selectors import current_instansi

    return current_instansi().region_name or _("kabupaten/kota ini")


def name_text(value) -> str:
    if value.__class__ is str:
        return " ".join(value.split())
    return " ".join(str(value).split()) if value is not None else ""


def masked(nik: str) -> str:
    return identifiers.mask_nik(nik)
