from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import CooperativeStatus, CooperativeType, HealthResult, PositionRole
from core import identifiers
from core.forms import DateInput
from regions.forms import village_choices
from regions.models import Region


class CooperativeForm(forms.Form):
    """The identity of a cooperative as the Dinas keeps it; identifiers validated and normalised."""

    name = forms.CharField(label=_("Nama koperasi"), max_length=200)
    nomor_induk = forms.CharField(label=_("Nomor Induk Koperasi"), max_length=30, required=False)
    sk_number = forms.CharField(
        label=_("Nomor SK badan hukum"), max_length=100, required=False, help_text=_("Contoh: AHU-0012948.AH.01.26.TAHUN 2020")
    )
    sk_date = forms.DateField(label=_("Tanggal SK badan hukum"), required=False, widget=DateInput)
    nib = forms.CharField(label=_("NIB"), max_length=20, required=False)
    npwp = forms.CharField(label=_("NPWP"), max_length=25, required=False, help_text=_("16 digit, atau format lama 99.999.999.9-999.999"))
    jenis = forms.ChoiceField(label=_("Jenis koperasi"), choices=CooperativeType.choices)
    desa = forms.ChoiceField(label=_("Desa/kelurahan"))
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    founded_on = forms.DateField(label=_("Tanggal berdiri"), required=False, widget=DateInput)
    member_count = forms.IntegerField(label=_("Jumlah anggota"), min_value=0, initial=0)
    npp = forms.CharField(label=_("NPP (pemberi kerja)"), max_length=20, required=False)
    divisi = forms.CharField(label=_("Divisi"), max_length=10, required=False)
    health = forms.ChoiceField(label=_("Hasil penilaian kesehatan"), choices=[("", "–"), *HealthResult.choices], required=False)
    is_merah_putih = forms.BooleanField(label=_("Koperasi Desa/Kelurahan Merah Putih"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = village_choices()

    def _identifier(self, field, normaliser):
        value = self.cleaned_data.get(field, "")
        if not value:
            return ""
        try:
            return normaliser(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_nomor_induk(self):
        return self._identifier("nomor_induk", identifiers.normalize_nomor_induk_koperasi)

    def clean_nib(self):
        return self._identifier("nib", identifiers.normalize_nib)

    def clean_npwp(self):
        return self._identifier("npwp", identifiers.normalize_npwp)

    def clean_npp(self):
        return self._identifier("npp", identifiers.normalize_npp)

    def clean_desa(self):
        return Region.objects.get(code=self.cleaned_data["desa"])


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Status baru"), choices=CooperativeStatus.choices)
    reason = forms.CharField(label=_("Alasan"), max_length=255)


class AnnualMeetingForm(forms.Form):
    book_year = forms.IntegerField(label=_("Tahun buku"), min_value=1990, max_value=2100)
    held_on = forms.DateField(label=_("Tanggal RAT"), widget=DateInput)
    attendees = forms.IntegerField(label=_("Jumlah hadir"), min_value=0, required=False)
    notes = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class PositionAddForm(forms.Form):
    """A board member, supervisor or employee added by the Dinas: found by NIK or registered."""

    nik = forms.CharField(label=_("NIK"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=_("Nama (jika NIK belum terdaftar)"), max_length=150, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Jabatan"), choices=PositionRole.choices)
    started_on = forms.DateField(label=_("Mulai menjabat"), widget=DateInput)

    def clean_nik(self):
        try:
            return identifiers.normalize_nik(self.cleaned_data["nik"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        try:
            return identifiers.normalize_phone(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class PositionEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Tanggal selesai"), widget=DateInput)
