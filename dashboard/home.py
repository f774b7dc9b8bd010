"""The dashboard is the Dinas's home page; the other staff roles get a prominent link."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import register_home
from core.roles import Role


def dinas_home(request):
    return {"redirect_to": reverse("dashboard:index")}


def staff_home(request):
    return {
        "home_links": [
            {
                "url": reverse("dashboard:index"),
                "title": _("Dasbor cakupan"),
                "text": _("Corong cakupan UMKM dan koperasi, tren, target dan daftar kerja."),
            }
        ]
    }


def register():
    register_home(Role.DINAS, dinas_home)
    register_home((Role.BPJS, Role.KEPALA_CABANG, Role.ADMIN), staff_home)
