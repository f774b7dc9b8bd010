from django import forms
from django.utils.translation import gettext_lazy as _

from banking.models import Purpose, Scheme
from core.forms import DateInput, RupiahField


class LookupForm(forms.Form):
    """Shape only; the service validates the NIK/NIB and decides."""

    nik = forms.CharField(
        label=_("NIK calon debitur"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nib = forms.CharField(
        label=_("atau NIB usaha"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=Purpose.choices, initial=Purpose.KUR)
    scheme = forms.ChoiceField(label=_("Skema KUR"), choices=[("", _("— tidak ada —"))] + list(Scheme.choices), required=False)
    loan_amount = RupiahField(label=_("Nilai pinjaman (Rp)"), required=False, max_value=10**13)


class VerificationFilterForm(forms.Form):
    bank = forms.CharField(required=False, max_length=20)
    purpose = forms.ChoiceField(required=False, choices=[("", _("Semua tujuan"))] + list(Purpose.choices))
    result = forms.ChoiceField(
        required=False, choices=[("", _("Semua hasil")), ("aktif", _("Peserta aktif")), ("tidak", _("Bukan peserta aktif"))]
    )
    date_from = forms.DateField(required=False, label=_("Dari tanggal"), widget=DateInput())
    date_to = forms.DateField(required=False, label=_("Sampai tanggal"), widget=DateInput())
