from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.models import GateDecision, Purpose
from core.forms import DateInput


class RequestForm(forms.Form):
    cooperative = forms.IntegerField(label=_("Koperasi"), widget=forms.HiddenInput)
    purpose = forms.ChoiceField(label=_("Keperluan"), choices=Purpose.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Alasan wajib diisi.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GateForm(forms.Form):
    cooperative = forms.IntegerField(label=_("Koperasi"), widget=forms.HiddenInput)
    purpose = forms.ChoiceField(label=_("Keperluan"), choices=Purpose.choices)
    outcome = forms.ChoiceField(label=_("Hasil"), choices=GateDecision.Outcome.choices)
    decided_on = forms.DateField(label=_("Tanggal keputusan"), widget=DateInput())
    decision_number = forms.CharField(label=_("Nomor keputusan"), max_length=100, required=False)
    notes = forms.CharField(label=_("Catatan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LookupForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor surat"), max_length=40, help_text=_("Contoh: 0042/REK-ABC/XI/2026"))


class PdfCheckForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas PDF surat"))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimum 5 MB)."))
        return upload
