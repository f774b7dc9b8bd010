"""Work lists with counts on the home pages of the BPJS officer, the branch head and the Dinas."""

from django.urls import reverse
from django.utils.translation import gettext as _

from compliance.selectors import work_counts
from core.home import register_home
from core.roles import Role


def _link(url, title, text, count=None):
    return {"url": url, "title": title + (f" ({count})" if count is not None else ""), "text": text}


def bpjs_home(request):
    counts = work_counts()
    url = reverse("compliance:request_list") + "?state=diajukan"
    return {
        "summary": [{"label": _("Permohonan menunggu verifikasi"), "value": counts["awaiting_verification"], "url": url}],
        "home_links": [
            _link(url, _("Verifikasi rekomendasi"), _("Periksa permohonan terhadap aturan kelayakan."), counts["awaiting_verification"]),
            _link(
                reverse("compliance:letter_list") + "?status=expiring",
                _("Surat segera berakhir"),
                _("Berakhir dalam 30 hari."),
                counts["expiring"],
            ),
        ],
    }


def kepala_home(request):
    counts = work_counts()
    url = reverse("compliance:request_list") + "?state=diverifikasi"
    return {
        "summary": [
            {"label": _("Permohonan menunggu tanda tangan"), "value": counts["awaiting_signature"], "url": url},
            {"label": _("Surat berlaku"), "value": counts["valid"], "url": reverse("compliance:letter_list") + "?status=valid"},
        ],
        "home_links": [
            _link(url, _("Tanda tangani rekomendasi"), _("Permohonan yang sudah diverifikasi."), counts["awaiting_signature"]),
            _link(
                reverse("compliance:letter_list") + "?status=expiring",
                _("Surat segera berakhir"),
                _("Berakhir dalam 30 hari."),
                counts["expiring"],
            ),
        ],
    }


def dinas_home(request):
    counts = work_counts()
    return {
        "summary": [
            {
                "label": _("Rekomendasi dalam proses"),
                "value": counts["awaiting_verification"] + counts["awaiting_signature"] + counts["returned"],
                "url": reverse("compliance:request_list") + "?state=",
            },
            {"label": _("Surat rekomendasi berlaku"), "value": counts["valid"], "url": reverse("compliance:letter_list") + "?status=valid"},
        ],
        "home_links": [
            _link(reverse("compliance:request_create"), _("Ajukan rekomendasi"), _("Atas nama koperasi: izin baru atau evaluasi status.")),
            _link(reverse("compliance:gate_create"), _("Catat keputusan izin/evaluasi"), _("Hanya dengan surat rekomendasi yang berlaku.")),
            _link(
                reverse("compliance:letter_list") + "?status=expiring",
                _("Surat segera berakhir"),
                _("Berakhir dalam 30 hari."),
                counts["expiring"],
            ),
        ],
    }


def koperasi_home(request):
    return {
        "home_links": [
            _link(
                reverse("compliance:request_list"),
                _("Rekomendasi BPJS Ketenagakerjaan"),
                _("Ajukan rekomendasi, lihat status permohonan dan unduh surat."),
            ),
        ],
    }


def register():
    register_home(Role.BPJS, bpjs_home)
    register_home(Role.KEPALA_CABANG, kepala_home)
    register_home(Role.DINAS, dinas_home)
    register_home(Role.KOPERASI, koperasi_home)
