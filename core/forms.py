"""Form fields and widgets shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import RupiahError, parse_rupiah

MAX_AMOUNT = 1_000_000_000  # the largest monthly wage or income a form takes (Rp 1 billion)
REASON_MAX_LENGTH = 2000  # a reason or note (return, refusal, revocation): also the e-mail's and the log's bound
USERNAME_MAX_LENGTH = 150  # the User model's


def clean_free_text(value, *, max_length: int = REASON_MAX_LENGTH, field: str = "reason") -> str:
    """Free text as services store it: NUL bytes removed, surrounding space trimmed, at most
    ``max_length`` characters (a longer text is refused with a message, never cut silently)."""
    text = str(value or "").replace("\x00", "").strip()
    if len(text) > max_length:
        raise ValidationError(
            {field: _("Teks terlalu panjang: paling banyak %(max)d karakter (sekarang %(n)d).") % {"max": max_length, "n": len(text)}}
        )
    return text


class DateInput(forms.DateInput):
    """A native date picker. Browsers read only ISO dates in ``value``, whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format=format)


class RupiahField(forms.Field):
    """A whole Rupiah amount typed as ``12.500.000``, ``Rp 12.500.000`` or ``12500000`` (``core.money``)."""

    widget = forms.TextInput

    def __init__(self, *args, max_value: int = MAX_AMOUNT, **kwargs):
        self.max_value = max_value
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": "24", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_rupiah(str(value)[:40], max_value=self.max_value)
        except RupiahError as exc:
            if exc.code == "invalid":
                raise ValidationError(_("Isi jumlah Rupiah berupa angka bulat, misalnya 3.500.000."), code="invalid") from None
            raise ValidationError(exc.message, code=exc.code) from None
