"""The lists behind every dashboard number, and the work lists: one definition per list serves
the page (paginated, a fixed number of queries per page) and the export (streamed in chunks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Cooperative, CooperativeType, Position
from dashboard.filters import DashboardFilters
from dashboard.selectors import cooperative_active_q, cooperative_covered_q, owner_active_exists, participation_current_q
from enrollment import status as status_rules
from enrollment.models import Participation, ParticipationStatus, Programme, Segment
from outreach.selectors import attendance_follow_up
from umkm.models import Business, Scale

UMKM_STEPS = {
    "known": gettext_lazy("Semua UMKM yang dikenal"),
    "official": gettext_lazy("UMKM terdata di basis data resmi"),
    "covered": gettext_lazy("UMKM resmi yang pemiliknya peserta aktif"),
    "not_covered": gettext_lazy("Pemilik UMKM yang belum menjadi peserta aktif"),
}
COOP_STEPS = {
    "all": gettext_lazy("Semua koperasi"),
    "active": gettext_lazy("Koperasi aktif"),
    "covered": gettext_lazy("Koperasi aktif yang terlindungi"),
    "not_covered": gettext_lazy("Koperasi aktif yang belum terlindungi"),
}
PARTICIPANT_STEPS = {
    "active": gettext_lazy("Kepesertaan aktif"),
    "lapsed": gettext_lazy("Peserta nonaktif karena tunggakan"),
}


@dataclass
class ListSpec:
    kind: str
    step: str
    title: str
    headers: list[str]
    sorts: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)


def _region(filters: DashboardFilters, desa_field: str) -> Q:
    if filters.desa:
        return Q(**{desa_field: filters.desa})
    if filters.kecamatan:
        return Q(**{f"{desa_field}__parent_id": filters.kecamatan})
    return Q()


def _order(qs, sort: str, sorts: dict[str, str], default: str):
    key = sort.lstrip("-")
    field_name = sorts.get(key, sorts[default])
    prefix = "-" if sort.startswith("-") and key in sorts else ""
    return qs.order_by(f"{prefix}{field_name}", "pk")


def extra_filters(params) -> dict[str, str]:
    """List-only filters (besides the dashboard's): validated against the choices."""
    extra = {}
    scale = str(params.get("scale", ""))
    if scale in Scale.values:
        extra["scale"] = scale
    kbli = str(params.get("kbli", ""))
    if kbli.isdigit() and len(kbli) == 2:
        extra["kbli"] = kbli
    segment = str(params.get("segment", ""))
    if segment in Segment.values:
        extra["segment"] = segment
    programme = str(params.get("programme", ""))
    if programme in Programme.values:
        extra["programme"] = programme
    if str(params.get("official", "")) == "1":
        extra["official"] = "1"
    sort = str(params.get("sort", ""))[:20]
    if sort:
        extra["sort"] = sort
    return extra


# --- UMKM -----------------------------------------------------------------------------------------

UMKM_SORTS = {"nama": "name", "desa": "desa__name", "pemilik": "owner__name", "skala": "scale", "kbli": "kbli"}


def umkm_queryset(filters: DashboardFilters, step: str, extra: dict):
    as_of = filters.as_of
    qs = (
        Business.objects.filter(_region(filters, "desa"))
        .select_related("owner", "desa", "desa__parent")
        .annotate(owner_active=owner_active_exists(as_of))
    )
    if extra.get("scale"):
        qs = qs.filter(scale=extra["scale"])
    if extra.get("kbli"):
        qs = qs.filter(kbli__startswith=extra["kbli"])
    if step == "official":
        qs = qs.filter(in_official_db=True)
    elif step == "covered":
        qs = qs.filter(in_official_db=True, owner_active=True)
    elif step == "not_covered":
        qs = qs.filter(owner_active=False)
        if extra.get("official"):
            qs = qs.filter(in_official_db=True)
    default = "desa" if step == "not_covered" else "nama"
    return _order(qs, extra.get("sort", default), UMKM_SORTS, default)


def umkm_row(b) -> list:
    return [
        b.name,
        b.nib or "",
        b.owner.name,
        b.owner.masked_nik,
        b.desa.name,
        b.desa.parent.name if b.desa.parent else "",
        b.get_scale_display(),
        b.kbli,
        _("ya") if b.in_official_db else _("tidak"),
        _("peserta aktif") if b.owner_active else _("belum peserta aktif"),
    ]


UMKM_HEADERS = [
    gettext_lazy("Nama usaha"),
    gettext_lazy("NIB"),
    gettext_lazy("Pemilik"),
    gettext_lazy("NIK pemilik"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
    gettext_lazy("Skala"),
    gettext_lazy("KBLI"),
    gettext_lazy("Basis data resmi"),
    gettext_lazy("Status pemilik"),
]


# --- Cooperatives ---------------------------------------------------------------------------------

COOP_SORTS = {"nama": "name", "desa": "desa__name", "jenis": "jenis", "status": "status"}


def coop_queryset(filters: DashboardFilters, step: str, extra: dict):
    as_of = filters.as_of
    qs = Cooperative.objects.filter(_region(filters, "desa")).select_related("desa", "desa__parent")
    if filters.jenis:
        qs = qs.filter(jenis=filters.jenis)
    if step == "active":
        qs = qs.filter(cooperative_active_q(as_of))
    elif step == "covered":
        qs = qs.filter(cooperative_active_q(as_of) & cooperative_covered_q(as_of))
    elif step == "not_covered":
        qs = qs.filter(cooperative_active_q(as_of)).exclude(cooperative_covered_q(as_of))
    return _order(qs, extra.get("sort", "nama"), COOP_SORTS, "nama")


def missing_by_cooperative(cooperative_ids, as_of: date) -> dict[int, list[str]]:
    """For each cooperative, who among its current position holders is not an active participant
    and why (one query)."""
    active = Participation.objects.active(as_of).filter(person_id=OuterRef("person_id"))
    registered = Participation.objects.current(as_of).filter(person_id=OuterRef("person_id"))
    positions = (
        Position.objects.current(as_of)
        .filter(cooperative_id__in=list(cooperative_ids))
        .select_related("person")
        .annotate(is_active=Exists(active), is_registered=Exists(registered))
        .order_by("cooperative_id", "role", "person__name")
    )
    result: dict[int, list[str]] = {cid: [] for cid in cooperative_ids}
    has_positions: set[int] = set()
    for pos in positions:
        has_positions.add(pos.cooperative_id)
        if pos.is_active:
            continue
        reason = _("nonaktif (tunggakan)") if pos.is_registered else _("belum terdaftar")
        result[pos.cooperative_id].append(f"{pos.get_role_display()} {pos.person.name}: {reason}")
    for cid in cooperative_ids:
        if cid not in has_positions:
            result[cid].append(_("belum ada pengurus atau karyawan tercatat"))
    return result


def coop_row(c, missing: list[str] | None = None) -> list:
    row = [
        c.name,
        c.nomor_induk or "",
        c.get_jenis_display(),
        c.desa.name,
        c.desa.parent.name if c.desa.parent else "",
        c.get_status_display(),
    ]
    if missing is not None:
        row.append("; ".join(missing))
    return row


COOP_HEADERS = [
    gettext_lazy("Nama koperasi"),
    gettext_lazy("Nomor Induk Koperasi"),
    gettext_lazy("Jenis"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
    gettext_lazy("Status"),
]


# --- Participants ---------------------------------------------------------------------------------

PARTICIPANT_SORTS = {
    "nama": "person__name",
    "desa": "person__desa__name",
    "mulai": "started_on",
    "bayar": "last_paid_month",
    "segmen": "segment",
}


def participant_queryset(filters: DashboardFilters, step: str, extra: dict):
    as_of = filters.as_of
    qs = Participation.objects.filter(_region(filters, "person__desa")).select_related("person", "person__desa", "person__desa__parent")
    current = participation_current_q(as_of)
    if step == "lapsed":
        qs = qs.filter(current & ~status_rules.active_q(as_of))
    else:
        qs = qs.filter(current & status_rules.active_q(as_of))
    if extra.get("segment"):
        qs = qs.filter(segment=extra["segment"])
    if extra.get("programme"):
        qs = qs.filter(**{extra["programme"].lower(): True})
    default = "desa" if step == "lapsed" else "nama"
    return _order(qs, extra.get("sort", default), PARTICIPANT_SORTS, default)


def participant_row(p, as_of: date) -> list:
    desa = p.person.desa
    return [
        p.person.name,
        p.person.masked_nik,
        p.kpj,
        p.segment,
        " ".join(p.programmes),
        desa.name if desa else "",
        desa.parent.name if desa and desa.parent else "",
        p.started_on,
        p.last_paid_month,
        ParticipationStatus(p.status_on(as_of)).label,
    ]


PARTICIPANT_HEADERS = [
    gettext_lazy("Nama"),
    gettext_lazy("NIK"),
    gettext_lazy("KPJ"),
    gettext_lazy("Segmen"),
    gettext_lazy("Program"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
    gettext_lazy("Terdaftar sejak"),
    gettext_lazy("Bulan iuran terakhir"),
    gettext_lazy("Status"),
]


# --- Outreach attendees not yet covered -----------------------------------------------------------

ATTENDEE_HEADERS = [
    gettext_lazy("Kegiatan"),
    gettext_lazy("Tanggal"),
    gettext_lazy("Kecamatan kegiatan"),
    gettext_lazy("Jenis peserta"),
    gettext_lazy("Nama"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Status"),
]


def attendees_uncovered(filters: DashboardFilters) -> list:
    items = attendance_follow_up(as_of=filters.as_of, filters={"kecamatan": filters.kecamatan})
    return [i for i in items if not i.covered_now]


def attendee_row(item) -> list:
    a = item.attendance
    entity = a.attendee
    desa = getattr(entity, "desa", None)
    kind = {"koperasi": _("Koperasi"), "usaha": _("Usaha"), "orang": _("Orang")}[a.kind]
    return [
        a.event.title,
        a.event.held_on,
        a.event.kecamatan.name,
        kind,
        entity.name if hasattr(entity, "name") else str(entity),
        desa.name if desa else "",
        _("belum terlindungi"),
    ]


def filter_labels(filters: DashboardFilters, extra: dict, region_names: dict[str, str]) -> dict[str, str]:
    """Human-readable filters for the export stamp and the page header."""
    labels = {}
    if filters.kecamatan:
        labels[_("Kecamatan")] = region_names.get(filters.kecamatan, filters.kecamatan)
    if filters.desa:
        labels[_("Desa/kelurahan")] = region_names.get(filters.desa, filters.desa)
    if filters.jenis:
        labels[_("Jenis koperasi")] = str(CooperativeType(filters.jenis).label)
    labels[_("Per tanggal")] = filters.as_of.strftime("%d-%m-%Y")
    if extra.get("scale"):
        labels[_("Skala usaha")] = str(Scale(extra["scale"]).label)
    if extra.get("kbli"):
        labels[_("Golongan pokok KBLI")] = extra["kbli"]
    if extra.get("segment"):
        labels[_("Segmen")] = extra["segment"]
    if extra.get("programme"):
        labels[_("Program")] = extra["programme"]
    if extra.get("official"):
        labels[_("Hanya basis data resmi")] = _("ya")
    return labels
