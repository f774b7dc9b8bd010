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
    NavEntry("enrollment:rates", _("Tarif iuran"), ("admin", "dinas", "bpjs", "kepala_cabang")),
]
