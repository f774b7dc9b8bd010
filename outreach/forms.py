from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Bank
from cooperatives.models import Cooperative
from core.forms import DateInput
from enrollment.models import Person
from regions.selectors import kecamatan_list
from umkm.models import Business


class EventForm(forms.Form):
    title = forms.CharField(label=_("Judul kegiatan"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    place = forms.CharField(label=_("Tempat"), max_length=200)
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=kecamatan_list(), empty_label=_("— pilih —"))
    bpjs_present = forms.BooleanField(label=_("BPJS Ketenagakerjaan hadir"), required=False, initial=True)
    dinas_present = forms.BooleanField(label=_("Dinas Koperasi dan UMKM hadir"), required=False, initial=True)
    banks = forms.ModelMultipleChoiceField(
        label=_("Bank yang hadir"), queryset=Bank.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Catatan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceForm(forms.Form):
    KINDS = [("koperasi", _("Koperasi (Nomor Induk Koperasi)")), ("usaha", _("Usaha (NIB)")), ("orang", _("Orang (NIK)"))]

    kind = forms.ChoiceField(label=_("Jenis peserta"), choices=KINDS)
    identifier = forms.CharField(label=_("Nomor"), max_length=20)

    def clean(self):
        data = super().clean()
        kind, ident = data.get("kind"), (data.get("identifier") or "").strip()
        if not kind or not ident:
            return data
        if kind == "koperasi":
            data["cooperative"] = Cooperative.objects.filter(nomor_induk=ident).first()
            if data["cooperative"] is None:
                raise forms.ValidationError(_("Koperasi dengan Nomor Induk Koperasi itu tidak ditemukan."))
        elif kind == "usaha":
            data["business"] = Business.objects.filter(nib=ident).first()
            if data["business"] is None:
                raise forms.ValidationError(_("Usaha dengan NIB itu tidak ditemukan."))
        else:
            data["person"] = Person.objects.filter(nik=ident).first()
            if data["person"] is None:
                raise forms.ValidationError(_("Orang dengan NIK itu tidak terdaftar."))
        return data


class SignInSheetForm(forms.Form):
    """The attendance sheet of an event, handed to the import pipeline (``outreach.importers``)."""

    file = forms.FileField(label=_("Daftar hadir (.xlsx, .xls, .ods atau .csv)"))
    sheet = forms.CharField(label=_("Lembar kerja (kosongkan untuk lembar pertama)"), max_length=100, required=False)
