"""What the bank channel contributes to the bank officer's and Dinas's home pages."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banking.models import BankVerification
from core.home import register_home
from core.roles import Role


def bank_home(request):
    today = timezone.localdate()
    bank_id = getattr(request.user, "bank_id", None)
    checks_today = BankVerification.objects.filter(bank_id=bank_id, as_of=today).count() if bank_id else 0
    return {
        "summary": [{"label": _("Pemeriksaan bank Anda hari ini"), "value": checks_today, "url": reverse("banking:verification_list")}],
        "home_links": [
            {
                "url": reverse("banking:lookup"),
                "title": _("Periksa kepesertaan calon debitur"),
                "text": _("Masukkan NIK atau NIB sebelum menyalurkan KUR atau BPUM."),
            },
            {
                "url": reverse("banking:verification_list"),
                "title": _("Riwayat pemeriksaan"),
                "text": _("Tanda terima pemeriksaan bank Anda."),
            },
            {
                "url": reverse("swagger-ui"),
                "title": _("Dokumentasi API"),
                "text": _("Integrasi sistem bank: verifikasi dan laporan penyaluran."),
            },
        ],
    }


def dinas_home(request):
    return {
        "home_links": [
            {
                "url": reverse("banking:verification_list"),
                "title": _("Pemeriksaan oleh bank"),
                "text": _("Siapa memeriksa kepesertaan siapa, kapan dan untuk apa."),
            },
        ]
    }


def register():
    register_home(Role.BANK, bank_home)
    register_home((Role.DINAS, Role.ADMIN), dinas_home)
