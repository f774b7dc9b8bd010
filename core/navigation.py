"""The menu, grouped by task. Each app adds entries here (url name, label, roles allowed; empty =
everyone) under a group; a group with one visible entry shows as a plain link, a larger one as a
drop-down (a drawer section on the phone), so the header stays one row at 1366 px."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STAFF = ("admin", "dinas", "bpjs", "kepala_cabang")
REGISTER = ("admin", "dinas", "bpjs")

# Group keys in menu order, with their labels.
GROUPS = {
    "home": _("Beranda"),
    "register": _("Register"),
    "recommendation": _("Rekomendasi"),
    "monitoring": _("Pemantauan"),
    "data": _("Data dan tarif"),
    "bank": _("Bank"),
    "public": _("Informasi"),
}


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise  # a lazy translation
    roles: tuple[str, ...] = ()
    public_only: bool = False
    group: str = "home"


NAVIGATION: list[NavEntry] = [
    NavEntry("home", _("Beranda")),
    NavEntry("portal:index", _("Koperasi saya"), ("koperasi",)),
    NavEntry("cooperatives:list", _("Koperasi"), STAFF, group="register"),
    NavEntry("umkm:list", _("UMKM"), REGISTER, group="register"),
    NavEntry("enrollment:person_list", _("Peserta"), REGISTER, group="register"),
    NavEntry("enrollment:sponsor_list", _("Penanggung iuran"), REGISTER, group="register"),
    NavEntry("compliance:request_list", _("Permohonan rekomendasi"), (*STAFF, "koperasi"), group="recommendation"),
    NavEntry("compliance:letter_list", _("Surat rekomendasi"), STAFF, group="recommendation"),
    NavEntry("compliance:gate_list", _("Keputusan izin/evaluasi"), STAFF, group="recommendation"),
    NavEntry("dashboard:index", _("Dasbor"), STAFF, group="monitoring"),
    NavEntry("outreach:list", _("Sosialisasi"), STAFF, group="monitoring"),
    NavEntry("banking:verification_list", _("Pemeriksaan bank"), ("admin", "dinas", "bank"), group="monitoring"),
    NavEntry("imports:index", _("Impor"), REGISTER, group="data"),
    NavEntry("enrollment:rates", _("Tarif iuran"), STAFF, group="data"),
    NavEntry("banking:lookup", _("Periksa debitur"), ("bank",), group="bank"),
    NavEntry("compliance:verify_lookup", _("Verifikasi surat"), public_only=True, group="public"),
    NavEntry("public:programmes", _("Program"), public_only=True, group="public"),
    NavEntry("public:calculator", _("Kalkulator iuran"), group="public"),
    NavEntry("public:legal_basis", _("Dasar hukum"), group="public"),
]
