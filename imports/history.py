"""The audit trail of imports: which import jobs created or changed a register object.

``ImportChange`` rows are written by the importers in the job's own transaction; this module reads
them for an object's history (detail pages, admin) and names the kinds of object.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from imports.models import ImportChange

MODEL_LABELS = {
    "umkm.business": _("Usaha (UMKM)"),
    "enrollment.person": _("Orang"),
    "cooperatives.cooperative": _("Koperasi"),
    "enrollment.participation": _("Kepesertaan BPJS"),
    "outreach.outreachattendance": _("Peserta sosialisasi"),
}

# Field names as the history shows them.
FIELD_LABELS = {
    "name": _("nama"),
    "nib": _("NIB"),
    "owner_id": _("pemilik"),
    "kbli": _("KBLI"),
    "capital": _("modal"),
    "annual_sales": _("omzet"),
    "worker_count": _("jumlah pekerja"),
    "desa_id": _("desa/kelurahan"),
    "address": _("alamat"),
    "in_official_db": _("terdata resmi"),
    "scale": _("skala usaha"),
    "nomor_induk": _("nomor induk koperasi"),
    "sk_number": _("nomor SK"),
    "sk_date": _("tanggal SK"),
    "npwp": _("NPWP"),
    "jenis": _("jenis"),
    "founded_on": _("tanggal berdiri"),
    "status": _("status"),
    "member_count": _("jumlah anggota"),
    "npp": _("NPP"),
    "is_merah_putih": _("Merah Putih"),
    "segment": _("segmen"),
    "jkk": "JKK",
    "jkm": "JKM",
    "jht": "JHT",
    "jp": "JP",
    "jkp": "JKP",
    "started_on": _("tanggal kepesertaan"),
    "last_paid_month": _("bulan terakhir dibayar"),
    "wage": _("upah/penghasilan"),
    "kpj": "KPJ",
    "person_id": _("orang"),
}


def model_label(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def history_for(obj, limit: int = 50) -> list[ImportChange]:
    """The import jobs that created or changed ``obj``, newest first, with job, file and officer."""
    if obj is None or obj.pk is None:
        return []
    changes = (
        ImportChange.objects.filter(model=model_label(obj), object_id=obj.pk)
        .select_related("job", "job__user")
        .order_by("-job__finished_at", "-id")[:limit]
    )
    result = list(changes)
    for change in result:
        change.field_labels = [str(FIELD_LABELS.get(f, f)) for f in (change.fields or [])]  # type: ignore[attr-defined]  # for the template
    return result
