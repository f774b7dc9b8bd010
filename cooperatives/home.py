"""What the cooperative register contributes to each role's home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_queryset_for
from core.home import register_home
from core.roles import Role


def staff_home(request):
    today = timezone.localdate()
    active = Cooperative.objects.active(today)
    active_count = active.count()
    covered = active.covered(today).count()
    share = f"{covered / active_count * 100:.1f} %".replace(".", ",") if active_count else "–"
    return {
        "summary": [
            {"label": _("Koperasi terdaftar"), "value": Cooperative.objects.count(), "url": reverse("cooperatives:list")},
            {"label": _("Koperasi aktif (RAT tahun buku terakhir)"), "value": active_count},
            {"label": _("Koperasi aktif yang terlindungi"), "value": covered, "sub": _("%(share)s dari koperasi aktif") % {"share": share}},
        ],
        "home_links": [
            {"url": reverse("cooperatives:list"), "title": _("Daftar koperasi"), "text": _("Cari, saring dan buka data koperasi.")}
        ],
    }


def koperasi_home(request):
    cooperatives = list(cooperative_queryset_for(request.user).select_related("desa"))
    return {
        "my_cooperatives": cooperatives,
        "home_links": [
            {"url": c.get_absolute_url(), "title": c.name, "text": _("Status kepesertaan pengurus dan karyawan.")} for c in cooperatives
        ],
    }


def register():
    register_home((Role.DINAS, Role.BPJS, Role.KEPALA_CABANG, Role.ADMIN), staff_home)
    register_home(Role.KOPERASI, koperasi_home)
