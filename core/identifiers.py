"""Indonesian identifier validation, shared by models, forms, serializers and importers.

Every function takes raw user or spreadsheet input, normalises it (spaces, dots, a leading
apostrophe) and either returns the canonical string or raises ``ValidationError`` with a message
in Bahasa Indonesia. Nothing here touches the database: the NIK's region part is checked against
the region register by ``enrollment.services`` (an unknown region is a warning, never an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-/_,]")


def clean_digits(value: object) -> str:
    """Strip what offices add around digits: spaces, dots, dashes, a leading apostrophe."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("'"):
        text = text[1:]
    return _SEPARATORS.sub("", text)


def _ascii_digits(value: str) -> bool:
    """Only 0-9: ``str.isdigit`` also accepts superscripts and other scripts' digits."""
    return value.isascii() and value.isdigit()


def _require_digits(value: str, length: int, label: str) -> str:
    if not value:
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label}, code="required")
    if not _ascii_digits(value):
        raise ValidationError(_("%(label)s hanya boleh berisi angka.") % {"label": label}, code="digits")
    if len(value) != length:
        raise ValidationError(
            _("%(label)s harus %(length)d digit (tertulis %(actual)d digit).") % {"label": label, "length": length, "actual": len(value)},
            code="length",
        )
    return value


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK tells: its region code, gender and birth date."""

    nik: str
    region_code: str  # Kemendagri form, e.g. "74.01.01"
    gender: str  # "L" (laki-laki) or "P" (perempuan)
    birth_date: date
    warnings: list[str] = field(default_factory=list)


def nik_region_code(nik: str) -> str:
    """The kecamatan code of the NIK's first six digits in Kemendagri form (``74.01.01``)."""
    return f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


def nik_region_valid(digits: str) -> bool:
    """A NIK's digits 1-6 name a region: no two-digit part (province, regency, kecamatan) is 00."""
    return "00" not in (digits[0:2], digits[2:4], digits[4:6])


def nik_birth(digits: str, *, today: date | None = None) -> tuple[str, date]:
    """Gender and birth date of a NIK's digits 7-12 (``DDMMYY``, day + 40 for women); the century
    is the latest one that does not put the birth in the future. Raises ``ValidationError``."""
    day, month, year2 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    gender = "L"
    if day > 40:
        gender = "P"
        day -= 40
    if not 1 <= day <= 31:
        raise ValidationError(
            _("Tanggal lahir pada NIK tidak valid (digit 7-8: %(digits)s).") % {"digits": digits[0:2]},
            code="birth_day",
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Bulan lahir pada NIK tidak valid (digit 9-10: %(digits)s).") % {"digits": digits[2:4]},
            code="birth_month",
        )
    today = today or timezone.localdate()
    year = 2000 + year2
    if year > today.year:
        year -= 100
    try:
        birth_date = date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIK tidak ada di kalender (%(day)02d-%(month)02d-%(year)d).")
            % {"day": day, "month": month, "year": year},
            code="birth_date",
        ) from None
    if birth_date > today:
        birth_date = date(year - 100, month, day)
    return gender, birth_date


def parse_nik(value: object, *, today: date | None = None) -> NikInfo:
    """Validate a NIK's structure and date; return what it encodes.

    ``PPKKCC DDMMYY SSSS``: region (6), birth day (+40 for women), month, two-digit year,
    serial 0001-9999. The century is the latest one that does not put the birth in the future.
    """
    nik = _require_digits(clean_digits(value), 16, "NIK")
    if not nik_region_valid(nik):
        raise ValidationError(_("Kode wilayah pada NIK tidak boleh 00."), code="region")
    gender, birth_date = nik_birth(nik[6:12], today=today)
    if nik[12:16] == "0000":
        raise ValidationError(_("Nomor urut NIK tidak boleh 0000."), code="serial")
    return NikInfo(nik=nik, region_code=nik_region_code(nik), gender=gender, birth_date=birth_date)


def normalize_nik(value: object) -> str:
    """Return the 16-digit NIK or raise ``ValidationError``."""
    return parse_nik(value).nik


def validate_nik(value: object) -> None:
    parse_nik(value)


def normalize_kpj(value: object) -> str:
    """KPJ (Kartu Peserta Jamsostek): 11 digits."""
    return _require_digits(clean_digits(value), 11, "KPJ")


def validate_kpj(value: object) -> None:
    normalize_kpj(value)


def normalize_nib(value: object) -> str:
    """NIB (Nomor Induk Berusaha, OSS): 13 digits."""
    return _require_digits(clean_digits(value), 13, "NIB")


def validate_nib(value: object) -> None:
    normalize_nib(value)


def normalize_npwp(value: object) -> str:
    """NPWP: 16 digits since 2024; the old 15-digit form becomes "0" + 15 digits."""
    digits = clean_digits(value)
    if not digits:
        raise ValidationError(_("NPWP wajib diisi."), code="required")
    if not _ascii_digits(digits):
        raise ValidationError(_("NPWP hanya boleh berisi angka."), code="digits")
    if len(digits) == 15:
        return "0" + digits
    if len(digits) == 16:
        return digits
    raise ValidationError(
        _("NPWP harus 16 digit, atau 15 digit dalam format lama 99.999.999.9-999.999 (tertulis %(n)d digit).") % {"n": len(digits)},
        code="length",
    )


def validate_npwp(value: object) -> None:
    normalize_npwp(value)


def format_npwp(value: str) -> str:
    """Display a 16-digit NPWP; an entity's "0"-prefixed number shows in the old dotted form."""
    if len(value) == 16 and value.startswith("0"):
        old = value[1:]
        return f"{old[0:2]}.{old[2:5]}.{old[5:8]}.{old[8]}-{old[9:12]}.{old[12:15]}"
    return value


def normalize_npp(value: object) -> str:
    """NPP (employer registration): 6 to 12 digits (most are 8); stored as a string."""
    digits = clean_digits(value)
    if not digits:
        raise ValidationError(_("NPP wajib diisi."), code="required")
    if not _ascii_digits(digits):
        raise ValidationError(_("NPP hanya boleh berisi angka."), code="digits")
    if not 6 <= len(digits) <= 12:
        raise ValidationError(_("NPP harus 6 sampai 12 digit."), code="length")
    return digits


def validate_npp(value: object) -> None:
    normalize_npp(value)


def normalize_kbli(value: object) -> str:
    """KBLI 2020 code at OSS level: 5 digits; the first two are the main group."""
    return _require_digits(clean_digits(value), 5, "KBLI")


def validate_kbli(value: object) -> None:
    normalize_kbli(value)


_NIK_KOPERASI = re.compile(r"^[0-9A-Za-z.\-/]{1,20}$")


def normalize_nomor_induk_koperasi(value: object) -> str:
    """Nomor Induk Koperasi: up to 20 characters of digits, letters, dots, dashes or slashes."""
    text = "" if value is None else str(value).strip().lstrip("'").replace(" ", "")
    if not text:
        raise ValidationError(_("Nomor Induk Koperasi wajib diisi."), code="required")
    if not _NIK_KOPERASI.match(text):
        raise ValidationError(
            _("Nomor Induk Koperasi paling banyak 20 karakter berupa angka, huruf, titik atau garis miring."),
            code="format",
        )
    return text


def validate_nomor_induk_koperasi(value: object) -> None:
    normalize_nomor_induk_koperasi(value)


def normalize_phone(value: object) -> str:
    """Indonesian phone numbers as 08…; +62/62 prefixes are folded, 9 to 14 digits kept."""
    text = "" if value is None else re.sub(r"[\s.\-()]", "", str(value).strip().lstrip("'"))
    if text.startswith("+62"):
        text = "0" + text[3:]
    elif text.startswith("62"):
        text = "0" + text[2:]
    if not _ascii_digits(text) or not 9 <= len(text) <= 14 or not text.startswith("0"):
        raise ValidationError(_("Nomor telepon tidak valid (contoh: 081234567890)."), code="phone")
    return text


def mask_nik(nik: str | None) -> str:
    """``7401********0001``: region and serial visible, birth date hidden."""
    if not nik:
        return ""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:4]}{'*' * 8}{nik[12:]}"


def mask_phone(phone: str | None) -> str:
    """``0812*****890``: enough to recognise, not enough to call."""
    if not phone:
        return ""
    if len(phone) <= 6:
        return "*" * len(phone)
    return f"{phone[:4]}{'*' * (len(phone) - 7)}{phone[-3:]}"
