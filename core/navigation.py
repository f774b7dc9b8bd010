"""The menu. Each app adds entries here (url name, label, roles allowed; empty = everyone)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    roles: tuple[str, ...] = ()
    public_only: bool = False


NAVIGATION: list[NavEntry] = [
    NavEntry("home", _("Beranda")),
    NavEntry("cooperatives:list", _("Koperasi"), ("admin", "dinas", "bpjs", "kepala_cabang")),
    NavEntry("umkm:list", _("UMKM"), ("admin", "dinas", "bpjs")),
    NavEntry("enrollment:person_list", _("Peserta"), ("admin", "dinas", "bpjs")),
    NavEntry("dashboard:index", _("Dasbor"), ("admin", "dinas", "bpjs", "kepala_cabang")),
    NavEntry("outreach:list", _("Sosialisasi"), ("admin", "dinas", "bpjs", "kepala_cabang")),
    NavEntry("enrollment:rates", _("Tarif iuran"), ("admin", "dinas", "bpjs", "kepala_cabang")),
    NavEntry("imports:index", _("Impor"), ("admin", "dinas", "bpjs")),
    NavEntry("portal:index", _("Koperasi saya"), ("koperasi",)),
    NavEntry("compliance:request_list", _("Rekomendasi"), ("admin", "dinas", "bpjs", "kepala_cabang", "koperasi")),
    NavEntry("compliance:letter_list", _("Surat rekomendasi"), ("admin", "dinas", "bpjs", "kepala_cabang")),
    NavEntry("banking:lookup", _("Periksa debitur"), ("bank",)),
    NavEntry("banking:verification_list", _("Pemeriksaan bank"), ("admin", "dinas", "bank")),
    NavEntry("compliance:verify_lookup", _("Verifikasi surat"), public_only=True),
    NavEntry("public:programmes", _("Program"), public_only=True),
    NavEntry("public:calculator", _("Kalkulator iuran")),
]
