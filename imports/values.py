"""Cell parsers for values as offices send them.

Each parser takes what a reader produced (a ``str`` from CSV; ``str``, ``int``, ``float``,
``bool``, ``date`` or ``datetime`` from a workbook) and returns the clean value, or raises
``CellError`` with a message in Bahasa Indonesia. The happy path avoids exceptions and
translations: these run once per cell on files of a million rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import identifiers
from core.money import MAX_RUPIAH_DIGITS, RupiahError, parse_rupiah

# Parsed values a run keeps per lookup (``Importer.cell``'s memo, the NIK and region checks):
# enough for the repeating values of any file, bounded so memory stays flat on huge files.
MEMO_LIMIT = 50_000


class CellError(Exception):
    """A value that cannot be used; ``message`` is shown to the user next to row and column."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def text(value) -> str:
    """A cell as trimmed text with inner whitespace collapsed; numbers lose a trailing ``.0``."""
    if value.__class__ is str:
        result = value.strip()
        if "  " in result or "\n" in result or "\t" in result:
            result = " ".join(result.split())
        return result
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, (datetime, date)):
        return value.isoformat()
    result = str(value).strip()
    if "  " in result or "\n" in result or "\t" in result:
        result = " ".join(result.split())
    return result


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_SCIENTIFIC = re.compile(r"^\s*'?\d+(?:[.,]\d+)?[eE]\+?\d+\s*$")


def excel_damaged(digits: str) -> bool:
    """A number cell of 16 or more digits ending in 0: Excel keeps 15 significant digits, so the
    16th was very likely turned into 0 (a NIK typed into a number cell)."""
    return len(digits) >= 16 and digits[-1] == "0"


def excel_damaged_message(label: str) -> str:
    return _(
        "%(label)s tersimpan sebagai angka 16 digit yang berakhiran 0: Excel hanya menyimpan 15 digit angka, "
        "sehingga digit ke-16 kemungkinan sudah berubah menjadi 0. Format kolom %(label)s sebagai Teks lalu ketik ulang nomornya."
    ) % {"label": label}


def _digits_from_number(value, label: str) -> str:
    """An identifier that Excel stored as a number: only an exact integer is usable, and not one of
    16 digits ending in 0 (``excel_damaged``)."""
    if isinstance(value, bool):
        raise CellError(_("%(label)s tidak valid.") % {"label": label})
    if isinstance(value, float):
        if not value.is_integer() or value >= 1e16:
            raise CellError(
                _(
                    "%(label)s tersimpan sebagai angka pecahan atau terlalu besar sehingga digitnya hilang; "
                    "format kolom sebagai Teks lalu ketik ulang."
                )
                % {"label": label}
            )
        value = int(value)
    digits = str(value)
    if excel_damaged(digits):
        raise CellError(excel_damaged_message(label))
    return digits


def number_cell(value) -> bool:
    """A workbook's number cell (not a boolean)."""
    return value.__class__ is float or value.__class__ is int


def identifier_text(value, label: str) -> str:
    """Raw identifier text; refuses scientific notation, which has already lost digits."""
    if value.__class__ is str and value.isdigit() and value.isascii():
        return value
    if isinstance(value, (int, float)):
        return _digits_from_number(value, label)
    raw = text(value)
    if _SCIENTIFIC.match(raw):
        raise CellError(
            _(
                "%(label)s tertulis dalam notasi ilmiah (%(value)s): Excel menyimpannya sebagai angka sehingga "
                "digit terakhir sudah hilang. Format kolom %(label)s sebagai Teks lalu ketik ulang nomornya."
            )
            % {"label": label, "value": raw}
        )
    return raw


def _validation_message(error: ValidationError) -> str:
    return " ".join(error.messages)


def nik(value, today: date | None = None) -> identifiers.NikInfo:
    """A NIK from a cell: number, text with spaces, dots or a leading apostrophe."""
    raw = identifier_text(value, "NIK")
    try:
        return identifiers.parse_nik(raw, today=today)
    except ValidationError as error:
        raise CellError(_validation_message(error)) from None


def _normalised(value, label: str, normaliser) -> str:
    raw = identifier_text(value, label)
    try:
        return normaliser(raw)
    except ValidationError as error:
        raise CellError(_validation_message(error)) from None


def _plain_digits(value, shortest: int, longest: int) -> bool:
    """A text cell of ``shortest``..``longest`` ASCII digits: already the identifier's canonical form."""
    return value.__class__ is str and shortest <= len(value) <= longest and value.isdigit() and value.isascii()


def kpj(value) -> str:
    if _plain_digits(value, 11, 11):
        return value
    return _normalised(value, "KPJ", identifiers.normalize_kpj)


def nib(value) -> str:
    if _plain_digits(value, 13, 13):
        return value
    return _normalised(value, "NIB", identifiers.normalize_nib)


def kbli(value) -> str:
    if _plain_digits(value, 5, 5):
        return value
    return _normalised(value, "KBLI", identifiers.normalize_kbli)


def npwp(value) -> str:
    if _plain_digits(value, 16, 16):
        return value
    return _normalised(value, "NPWP", identifiers.normalize_npwp)


def npp(value) -> str:
    if _plain_digits(value, 6, 12):
        return value
    return _normalised(value, "NPP", identifiers.normalize_npp)


def nomor_induk_koperasi(value) -> str:
    return _normalised(value, "Nomor Induk Koperasi", identifiers.normalize_nomor_induk_koperasi)


def phone(value) -> str:
    if _plain_digits(value, 9, 14) and value[0] == "0":
        return value
    raw = identifier_text(value, "Telepon")
    try:
        return identifiers.normalize_phone(raw)
    except ValidationError as error:
        raise CellError(_validation_message(error)) from None


MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}

_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_MONTH_Y = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_M_Y = re.compile(r"^(\d{1,2})[/\-.](\d{4})$")
_Y_M = re.compile(r"^(\d{4})-(\d{1,2})$")
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_HELP = "dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, 12 Januari 2024"


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("Tanggal %(value)s tidak ada di kalender.") % {"value": raw}) from None


def _plain_date(value: str) -> date | None:
    """``dd/mm/yyyy`` (or with ``-``/``.``) and ``yyyy-mm-dd`` written exactly, as most cells are; None otherwise."""
    if len(value) != 10 or not value.isascii():
        return None
    try:
        if value[2] in "/-." and value[5] in "/-." and value[:2].isdigit() and value[3:5].isdigit() and value[6:].isdigit():
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        if value[4] == "-" and value[7] == "-" and value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit():
            return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:  # not in the calendar: the general parser reports it
        return None
    return None


def parse_date(value) -> date:
    """Excel dates and serial numbers, ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``2024-01-12``, ``12 Januari 2024``."""
    if value.__class__ is str:
        parsed = _plain_date(value)
        if parsed is not None:
            return parsed
    elif isinstance(value, datetime):
        return value.date()
    elif isinstance(value, date):
        return value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(_("Tanggal %(value)s tidak dikenali.") % {"value": value})
    raw = text(value)
    match = _DMY.match(raw)
    if match:
        return _make_date(int(match[3]), int(match[2]), int(match[1]), raw)
    match = _YMD.match(raw)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), raw)
    match = _D_MONTH_Y.match(raw)
    if match and match[2].lower() in MONTHS:
        return _make_date(int(match[3]), MONTHS[match[2].lower()], int(match[1]), raw)
    raise CellError(_("Tanggal %(value)s tidak dikenali (gunakan %(formats)s).") % {"value": raw, "formats": _DATE_HELP})


def parse_month(value) -> date:
    """A contribution month as its first day: any date in it, ``01/2024``, ``2024-01`` or ``Januari 2024``."""
    if isinstance(value, str):
        raw = text(value)
        match = _M_Y.match(raw)
        if match:
            return _make_date(int(match[2]), int(match[1]), 1, raw)
        match = _Y_M.match(raw)
        if match:
            return _make_date(int(match[1]), int(match[2]), 1, raw)
        match = _MONTH_Y.match(raw)
        if match and match[1].lower() in MONTHS:
            return date(int(match[2]), MONTHS[match[1].lower()], 1)
    return parse_date(value).replace(day=1)


_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
_ZERO_FRACTION = re.compile(r"(\d+)[.,]0+")  # "5.0", "12,00": a whole number written with decimals


def rupiah(value) -> int:
    """Whole Rupiah from ``Rp 1.500.000``, ``1.500.000``, ``1500000`` or a number cell (``core.money``)."""
    if value.__class__ is str and value.isdecimal() and value.isascii() and len(value) <= MAX_RUPIAH_DIGITS:
        return int(value)
    try:
        return parse_rupiah(value)
    except RupiahError as exc:
        raise CellError(exc.message) from None


def whole_number(value) -> int:
    if isinstance(value, bool):
        raise CellError(_("Angka %(value)s tidak dikenali.") % {"value": value})
    if isinstance(value, int):
        number = value
    elif value.__class__ is str and value.isdecimal():
        return int(value)
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raw = text(value).replace(" ", "")
        if _DOTTED_THOUSANDS.fullmatch(raw):  # 1.250 is one thousand two hundred and fifty
            raw = raw.replace(".", "")
        elif zero_fraction := _ZERO_FRACTION.fullmatch(raw):  # 5.0 is five, never fifty
            raw = zero_fraction.group(1)
        if not raw.isdecimal():  # not isdigit: int() refuses superscripts such as "²"
            raise CellError(_("Angka %(value)s tidak dikenali (isi bilangan bulat).") % {"value": text(value)})
        number = int(raw)
    if number < 0:
        raise CellError(_("Angka tidak boleh negatif."))
    return number


_TRUE = {"ya", "y", "1", "true", "benar", "iya", "yes", "v", "x", "✓", "ada", "sudah"}
_FALSE = {"tidak", "t", "0", "false", "salah", "no", "n", "tdk", "belum", "-", "bukan"}


def boolean(value) -> bool:
    """ya/tidak, Y/T, 1/0 (and true/false)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raw = text(value).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(_("Nilai %(value)s tidak dikenali (isi ya/tidak, Y/T atau 1/0).") % {"value": text(value)})


def gender(value) -> str:
    raw = text(value).lower()
    if raw in {"l", "laki-laki", "laki laki", "lk", "pria", "m"}:
        return "L"
    if raw in {"p", "perempuan", "pr", "wanita", "w", "f"}:
        return "P"
    raise CellError(_("Jenis kelamin %(value)s tidak dikenali (isi L atau P).") % {"value": text(value)})


_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def choice(value, options: Mapping[str, str], label: str) -> str:
    """One of ``options`` (normalised text → stored value)."""
    key = _NOT_ALPHANUMERIC.sub(" ", text(value).lower()).strip()
    if key in options:
        return options[key]
    allowed = ", ".join(sorted(set(options.values())))
    raise CellError(
        _("%(label)s %(value)s tidak dikenali (pilihan: %(allowed)s).") % {"label": label, "value": text(value), "allowed": allowed}
    )
