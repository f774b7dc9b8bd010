"""The one Rupiah parser: forms, the public calculator, the portal estimate and the importers.

``parse_rupiah`` accepts what people type and what spreadsheets hold: ``12.500.000``,
``Rp 12.500.000``, ``Rp. 12.500.000,-``, ``12,500,000``, ``12500000``, ``12500000,00`` and
number cells (``int``/``float``). Only ASCII digits count: ``²``, Arabic-Indic or full-width
digits are refused (``str.isdigit`` accepts them, ``int`` does not always), so no caller can
answer 500 on them.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from core.formatting import rupiah

MAX_RUPIAH_DIGITS = 15  # Rp 999 trillion: far above any wage, turnover or loan; bounds int() on hostile input

_PREFIX = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_DOTTED_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_COMMA_THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")
_ZERO_FRACTION = re.compile(r"([0-9]+)[.,]0+")  # "5.0", "12,00": a whole number written with decimals


class RupiahError(ValueError):
    """A value that is not a whole, non-negative Rupiah amount; ``message`` is in Bahasa Indonesia."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code  # "invalid", "negative" or "too_large"


def _is_ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def parse_rupiah(value: object, *, max_value: int | None = None) -> int:
    """Whole Rupiah from typed text or a spreadsheet cell; raises ``RupiahError``."""
    if isinstance(value, bool) or value is None:
        raise RupiahError(_("Nilai rupiah %(value)s tidak dikenali.") % {"value": value})
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise RupiahError(_("Nilai rupiah %(value)s tidak dikenali.") % {"value": value})
        amount = round(value)
    elif type(value) is str and _is_ascii_digits(value) and len(value) <= MAX_RUPIAH_DIGITS:
        amount = int(value)
    else:
        raw = " ".join(str(value).split())
        cleaned = _PREFIX.sub("", raw).replace(" ", "")
        if cleaned.endswith((",00", ",-", ".-")):
            cleaned = cleaned.rsplit(",", 1)[0] if "," in cleaned[-3:] else cleaned[:-2]
        if _DOTTED_THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(".", "")
        elif _COMMA_THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")
        elif zero_fraction := _ZERO_FRACTION.fullmatch(cleaned):
            cleaned = zero_fraction.group(1)
        if cleaned.startswith("-") and _is_ascii_digits(cleaned[1:]):
            raise RupiahError(_("Nilai rupiah tidak boleh negatif."), "negative")
        if not _is_ascii_digits(cleaned) or len(cleaned) > MAX_RUPIAH_DIGITS:
            raise RupiahError(_("Nilai rupiah %(value)s tidak dikenali (contoh: Rp 1.500.000 atau 1500000).") % {"value": raw[:40]})
        amount = int(cleaned)
    if amount < 0:
        raise RupiahError(_("Nilai rupiah tidak boleh negatif."), "negative")
    if max_value is not None and amount > max_value:
        raise RupiahError(_("Jumlah terlalu besar (paling besar %(max)s).") % {"max": rupiah(max_value)}, "too_large")
    return amount
