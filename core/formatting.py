"""Display formats of product.md: ``Rp 1.234.567``, ``23 November 2026``, WITA time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def group_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def rupiah(value: object) -> str:
    """Whole Rupiah with dots between thousands; negative amounts keep their sign."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {group_thousands(abs(int(amount)))}"


def tanggal(value: object) -> str:
    """A date (or an aware datetime shown in WITA) as ``23 November 2026`` in the active language."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    return formats.date_format(value, "j F Y")


def waktu(value: object) -> str:
    """An aware datetime as ``23 November 2026 14.05 WITA``."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'j F Y')} {local:%H.%M} WITA"


def bulan(value: object) -> str:
    """A month (any date in it) as ``November 2026``."""
    if not isinstance(value, date):
        return ""
    return formats.date_format(value, "F Y")


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]
