"""Links to the imports on the staff home pages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import register_home
from core.roles import Role


def staff_home(request):
    return {
        "home_links": [
            {
                "url": reverse("imports:index"),
                "title": _("Impor berkas"),
                "text": _("Unggah survei UMKM, register koperasi atau data peserta BPJS; pratinjau dulu, lalu simpan."),
            }
        ]
    }


def register():
    register_home((Role.DINAS, Role.BPJS, Role.ADMIN), staff_home)
