"""Form fields and widgets shared by every app."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import RupiahError, parse_rupiah

MAX_AMOUNT = 1_000_000_000  # the largest monthly wage or income a form takes (Rp 1 billion)
REASON_MAX_LENGTH = 2000  # a reason or note (return, refusal, revocation): also the e-mail's and the log's bound
USERNAME_MAX_LENGTH = 150  # the User model's


def clean_free_text(value: object, *, max_length: int = REASON_MAX_LENGTH, field: str = "reason") -> str:
    """Free text as services store it: NUL bytes removed, surrounding space trimmed, at most
    ``max_length`` characters (a longer text is refused with a message, never cut silently)."""
    text = str(value or "").replace("\x00", "").strip()
    if len(text) > max_length:
        raise ValidationError(
            {field: _("Teks terlalu panjang: paling banyak %(max)d karakter (sekarang %(n)d).") % {"max": max_length, "n": len(text)}}
        )
    return text


MONTHS_ID = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember"]
_MONTH_ALIASES = {name[:3]: i + 1 for i, name in enumerate(MONTHS_ID)} | {name: i + 1 for i, name in enumerate(MONTHS_ID)}
_MONTH_ALIASES |= {"agu": 8, "ags": 8, "agt": 8, "nop": 11, "nopember": 11, "sept": 9}
_WORDED_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s*$")


def worded_date_to_iso(text: str) -> str | None:
    """``2 Desember 2026`` / ``2 Des 2026`` → ``2026-12-02``; ``None`` when it is not that shape
    (the field's ``DATE_INPUT_FORMATS`` then read ``02/12/2026``, ``02-12-2026`` or ISO)."""
    match = _WORDED_DATE.match(text or "")
    if not match:
        return None
    month = _MONTH_ALIASES.get(match.group(2).lower())
    if month is None:
        return None
    return f"{int(match.group(3)):04d}-{month:02d}-{int(match.group(1)):02d}"


class DateInput(forms.DateInput):
    """A date typed the Indonesian way, whatever the browser's language: ``02/12/2026`` (shown),
    ``2 Desember 2026``, ``02-12-2026`` or ISO. A text input, not ``type=date``, whose display
    follows the browser's locale (``12/02/2026`` in an English browser); ``static/js/app.js`` adds
    the date in words under the box as it is typed."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str = "%d/%m/%Y") -> None:  # noqa: A002 - Django's own argument name
        attrs = {"placeholder": _("hh/bb/tttt"), "inputmode": "numeric", "autocomplete": "off", "data-date-input": "", **(attrs or {})}
        super().__init__(attrs=attrs, format=format)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-months"] = ",".join(str(m) for m in MONTH_LABELS)
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return worded_date_to_iso(value) or value
        return value


MONTH_LABELS = [
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
]


class RupiahField(forms.Field):
    """A whole Rupiah amount typed as ``12.500.000``, ``Rp 12.500.000`` or ``12500000`` (``core.money``)."""

    widget = forms.TextInput

    def __init__(self, *args: Any, max_value: int = MAX_AMOUNT, **kwargs: Any) -> None:
        self.max_value = max_value
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": "24", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_rupiah(str(value)[:40], max_value=self.max_value)
        except RupiahError as exc:
            if exc.code == "invalid":
                raise ValidationError(_("Isi jumlah Rupiah berupa angka bulat, misalnya 3.500.000."), code="invalid") from None
            raise ValidationError(exc.message, code=exc.code) from None
