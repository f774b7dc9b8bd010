"""The administrator's home links."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import register_home
from core.roles import Role


def admin_home(request):
    return {
        "home_links": [
            {
                "url": reverse("admin:index"),
                "title": _("Administrasi"),
                "text": _("Pengguna, peran, tarif iuran, data referensi dan audit."),
            },
            {"url": reverse("enrollment:rates"), "title": _("Tarif iuran"), "text": _("Tabel tarif PU dan BPU yang berlaku.")},
        ]
    }


def register():
    register_home(Role.ADMIN, admin_home)
