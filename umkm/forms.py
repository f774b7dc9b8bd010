from django import forms
from django.utils.translation import gettext_lazy as _

from core import identifiers
from core.forms import RupiahField
from regions.forms import village_choices
from regions.models import Region
from umkm.models import DataSource


class BusinessForm(forms.Form):
    """An UMKM business with its owner; the owner is found or registered by NIK."""

    name = forms.CharField(label=_("Nama usaha"), max_length=200)
    nib = forms.CharField(label=_("NIB"), max_length=20, required=False)
    owner_nik = forms.CharField(
        label=_("NIK pemilik"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
    owner_name = forms.CharField(label=_("Nama pemilik"), max_length=150, required=False, help_text=_("Wajib bila NIK belum terdaftar."))
    owner_phone = forms.CharField(label=_("Telepon pemilik"), max_length=20, required=False)
    kbli = forms.CharField(label=_("KBLI"), max_length=5, required=False)
    capital = RupiahField(label=_("Modal usaha (Rp)"), required=False, max_value=10**15, help_text=_("Contoh: 12.500.000"))
    annual_sales = RupiahField(label=_("Hasil penjualan tahunan (Rp)"), required=False, max_value=10**15)
    worker_count = forms.IntegerField(label=_("Jumlah pekerja"), min_value=0, initial=0)
    desa = forms.ChoiceField(label=_("Desa/kelurahan"))
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    in_official_db = forms.BooleanField(label=_("Terdata di basis data resmi"), required=False)
    source = forms.ChoiceField(label=_("Sumber data"), choices=DataSource.choices, initial=DataSource.MANUAL)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = village_choices()  # type: ignore[attr-defined]  # a ChoiceField
        if editing:
            # The NIK is never shown back; left empty, the owner stays as he is.
            self.fields["owner_nik"].required = False
            self.fields["owner_nik"].help_text = _("Kosongkan bila pemilik tidak berganti.")

    def clean_nib(self):
        value = self.cleaned_data.get("nib")
        return identifiers.normalize_nib(value) if value else ""

    def clean_kbli(self):
        value = self.cleaned_data.get("kbli")
        return identifiers.normalize_kbli(value) if value else ""

    def clean_owner_nik(self):
        value = self.cleaned_data.get("owner_nik")
        return identifiers.normalize_nik(value) if value else ""

    def clean_desa(self):
        return Region.objects.get(code=self.cleaned_data["desa"])
