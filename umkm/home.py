"""What the UMKM register contributes to the staff home pages."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import register_home
from core.roles import Role
from enrollment.models import Person
from umkm.models import Business


def staff_home(request):
    today = timezone.localdate()
    owners = Person.objects.filter(businesses__isnull=False).distinct()
    return {
        "summary": [
            {"label": _("Pelaku UMKM dikenal"), "value": Business.objects.count(), "url": reverse("umkm:list")},
            {
                "label": _("Terdata di basis data resmi"),
                "value": Business.objects.official().count(),
                "url": reverse("umkm:list") + "?official=1",
            },
            # Every owner in the register; the dashboard funnel counts the officially recorded businesses
            # whose owner is covered, under its own label (issue 16: one figure per label).
            {"label": _("Pemilik UMKM peserta aktif (seluruh register)"), "value": owners.active_participants(today).count()},
        ],
        "home_links": [{"url": reverse("umkm:list"), "title": _("Daftar UMKM"), "text": _("Usaha, pemilik dan status kepesertaannya.")}],
    }


def register():
    register_home((Role.DINAS, Role.BPJS, Role.ADMIN), staff_home)
