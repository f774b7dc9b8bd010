"""The portal on the home page: a cooperative head lands on his cooperative's page; the public
landing page links to the programmes, the calculator and letter verification."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cooperatives.selectors import cooperative_queryset_for
from core.home import register_home
from core.roles import Role
from portal import integrations


def koperasi_home(request):
    """Exactly one cooperative: go straight to it; several: offer each one's portal page."""
    cooperatives = list(cooperative_queryset_for(request.user).order_by("name").only("pk", "name"))
    if len(cooperatives) == 1:
        return {"redirect_to": reverse("portal:cooperative", args=[cooperatives[0].pk])}
    return {
        "home_links": [
            {"url": reverse("portal:cooperative", args=[c.pk]), "title": c.name, "text": _("Portal pengurus: status, kekurangan, surat.")}
            for c in cooperatives
        ]
    }


def public_home(request):
    links = [
        {
            "url": reverse("public:programmes"),
            "title": _("Program dan manfaat"),
            "text": _("Lima program BPJS Ketenagakerjaan dalam bahasa sehari-hari."),
        },
        {
            "url": reverse("public:calculator"),
            "title": _("Kalkulator iuran"),
            "text": _("Hitung iuran bulanan untuk pelaku UMKM (BPU) atau karyawan (PU)."),
        },
        {
            "url": integrations.verify_url(),
            "title": _("Verifikasi surat rekomendasi"),
            "text": _("Periksa keaslian dan masa berlaku surat rekomendasi."),
        },
    ]
    return {"public_links": links}


def register():
    register_home(Role.KOPERASI, koperasi_home)
    register_home("public", public_home)
