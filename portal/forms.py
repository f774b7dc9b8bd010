"""Shape checks for the portal and the public calculator; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import PositionRole
from core import identifiers
from core.forms import DateInput, RupiahField
from enrollment.models import RiskClass, Sector
from portal.services import DELEGATE_ROLES


class MemberAddForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=24, help_text=_("16 digit sesuai KTP."))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    role = forms.ChoiceField(label=_("Jabatan"), choices=PositionRole.choices)
    started_on = forms.DateField(label=_("Mulai menjabat / bekerja"), widget=DateInput())
    phone = forms.CharField(label=_("Telepon (opsional)"), max_length=20, required=False)
    address = forms.CharField(label=_("Alamat (opsional)"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())
            self.initial.setdefault("role", PositionRole.KARYAWAN)

    def clean_nik(self):
        return identifiers.normalize_nik(self.cleaned_data["nik"])


class MemberCorrectForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)


class MemberEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Tanggal selesai"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("ended_on", timezone.localdate())


class DelegateInviteForm(forms.Form):
    role = forms.ChoiceField(label=_("Sebagai"), choices=[(r.value, r.label) for r in DELEGATE_ROLES])
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Alamat email"), max_length=150, help_text=_("Tautan untuk membuat kata sandi dikirim ke alamat ini."))


class EstimateForm(forms.Form):
    risk_class = forms.ChoiceField(
        label=_("Kelas risiko JKK koperasi"), choices=RiskClass.choices, initial=RiskClass.RENDAH, required=False
    )
    default_wage = RupiahField(label=_("Upah bulanan karyawan (PU)"), required=False)
    default_income = RupiahField(label=_("Penghasilan bulanan pengurus (BPU)"), required=False)


class CalculatorForm(forms.Form):
    """The public calculator: an employer's worker (PU) or an UMKM actor (BPU).

    ``sektor`` and ``pembayar`` decide which reliefs apply (``enrollment.Relief``).
    """

    PAYERS = (
        ("sendiri", _("Peserta sendiri")),
        ("apbn_apbd", _("Pemerintah (APBN/APBD)")),
        ("lainnya", _("Pihak lain (Dana Desa, CSR)")),
    )

    SEGMENTS = (("bpu", _("Pelaku UMKM / pekerja mandiri (BPU)")), ("pu", _("Pemberi kerja untuk karyawan (PU)")))

    jenis = forms.ChoiceField(label=_("Saya ingin menghitung iuran untuk"), choices=SEGMENTS, initial="bpu", widget=forms.RadioSelect)
    income = RupiahField(label=_("Penghasilan per bulan (BPU)"), required=False)
    include_jht = forms.BooleanField(label=_("Ikut Jaminan Hari Tua (JHT), opsional untuk BPU"), required=False)
    wage = RupiahField(label=_("Upah karyawan per bulan (PU)"), required=False)
    risk_class = forms.ChoiceField(
        label=_("Kelas risiko pekerjaan (JKK)"), choices=RiskClass.choices, initial=RiskClass.RENDAH, required=False
    )
    workers = forms.IntegerField(label=_("Jumlah karyawan dengan upah ini"), min_value=1, max_value=100_000, required=False, initial=1)
    sektor = forms.ChoiceField(
        label=_("Sektor pekerjaan"),
        choices=(("", _("Umum")), (Sector.TRANSPORT, Sector.TRANSPORT.label), (Sector.LABOUR_INTENSIVE, Sector.LABOUR_INTENSIVE.label)),
        required=False,
        help_text=_("Keringanan iuran tertentu hanya untuk sektor ini."),
    )
    pembayar = forms.ChoiceField(
        label=_("Iuran BPU dibayar oleh"),
        choices=PAYERS,
        required=False,
        initial="sendiri",
        help_text=_("Keringanan PP 50/2025 tidak berlaku bila iuran dibayar dari APBN/APBD."),
    )
    tanggal = forms.DateField(label=_("Tarif per tanggal"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        jenis = data.get("jenis")
        if jenis == "pu":
            if data.get("wage") is None and "wage" not in self.errors:
                self.add_error("wage", _("Isi upah karyawan per bulan."))
            if not data.get("risk_class"):
                data["risk_class"] = RiskClass.RENDAH
            data["workers"] = data.get("workers") or 1
        elif jenis == "bpu" and data.get("income") is None and "income" not in self.errors:
            self.add_error("income", _("Isi penghasilan per bulan."))
        return data
