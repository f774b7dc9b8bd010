"""The lists behind every dashboard number, and the work lists: one definition per list serves
the page (paginated, a fixed number of queries per page) and the export (streamed in chunks)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Cooperative, CooperativeQuerySet, CooperativeType, Position, PositionRole
from core.formatting import bulan, tanggal
from core.identifiers import mask_phone
from core.roles import Role, has_role
from dashboard.filters import DashboardFilters
from dashboard.selectors import owner_active_exists
from enrollment.models import Participation, ParticipationStatus, Person, Programme, Segment
from outreach.selectors import attendance_follow_up
from regions.models import Region, region_q
from umkm.models import Business, Scale

# Roles that see a phone number in full on the lists and visit lists (those who call people: the
# same roles that read the people register); the branch head sees it masked.
PHONE_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


def may_see_phone(user) -> bool:
    return has_role(user, *PHONE_ROLES)


def shown_phone(phone: str, visible: bool) -> str:
    return (phone if visible else mask_phone(phone)) if phone else ""


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


def _region(filters: DashboardFilters, desa_field: str) -> Q:
    return region_q(desa_field, kecamatan=filters.kecamatan, desa=filters.desa)


def _order(qs, sort: str, sorts: dict, default: str):
    """Order by a sort key (``-key`` descending); a key may name several fields (``wilayah``:
    kecamatan, then desa, then name)."""
    key = sort.lstrip("-")
    fields = sorts.get(key, sorts[default])
    fields = (fields,) if isinstance(fields, str) else fields
    prefix = "-" if sort.startswith("-") and key in sorts else ""
    return qs.order_by(*(f"{prefix}{f}" for f in fields), "pk")


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

UMKM_SORTS = {
    "wilayah": ("desa__parent__name", "desa__name", "name"),
    "nama": "name",
    "desa": "desa__name",
    "pemilik": "owner__name",
    "skala": "scale",
    "kbli": "kbli",
}


def umkm_queryset(filters: DashboardFilters, step: str, extra: dict):
    as_of = filters.as_of
    qs = (
        Business.objects.filter(_region(filters, "desa"))
        .select_related("owner", "desa", "desa__parent")
        .annotate(
            owner_active=owner_active_exists(as_of),
            owner_registered=Exists(Participation.objects.current(as_of).filter(person_id=OuterRef("owner_id"))),
        )
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
    default = "wilayah" if step == "not_covered" else "nama"
    return _order(qs, extra.get("sort", default), UMKM_SORTS, default)


def umkm_missing(b) -> list[str]:
    """What keeps this business from counting as covered."""
    missing = []
    if not b.owner_active:
        if getattr(b, "owner_registered", False):
            missing.append(_("pemilik nonaktif (tunggakan iuran)"))
        else:
            missing.append(_("pemilik belum terdaftar BPJS Ketenagakerjaan"))
    if not b.in_official_db:
        missing.append(_("belum terdata di basis data resmi"))
    return missing


def umkm_row(b, show_phone: bool = False) -> list:
    """Who to visit first (owner, phone, address, desa, kecamatan, what is missing), then the rest."""
    return [
        b.name,
        b.owner.name,
        shown_phone(b.owner.phone, show_phone),
        b.address,
        b.desa.name,
        b.desa.parent.name if b.desa.parent else "",
        "; ".join(umkm_missing(b)),
        b.nib or "",
        b.owner.masked_nik,
        b.get_scale_display(),
        b.kbli,
        _("ya") if b.in_official_db else _("tidak"),
        _("peserta aktif") if b.owner_active else _("belum peserta aktif"),
    ]


UMKM_HEADERS = [
    gettext_lazy("Nama usaha"),
    gettext_lazy("Pemilik"),
    gettext_lazy("Telepon pemilik"),
    gettext_lazy("Alamat"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
    gettext_lazy("Yang kurang"),
    gettext_lazy("NIB"),
    gettext_lazy("NIK pemilik"),
    gettext_lazy("Skala"),
    gettext_lazy("KBLI"),
    gettext_lazy("Basis data resmi"),
    gettext_lazy("Status pemilik"),
]


# --- Cooperatives ---------------------------------------------------------------------------------

COOP_SORTS = {
    "wilayah": ("desa__parent__name", "desa__name", "name"),
    "nama": "name",
    "desa": "desa__name",
    "jenis": "jenis",
    "status": "status",
}


def coop_queryset(filters: DashboardFilters, step: str, extra: dict):
    as_of = filters.as_of
    qs = Cooperative.objects.filter(_region(filters, "desa")).select_related("desa", "desa__parent")
    if filters.jenis:
        qs = qs.filter(jenis=filters.jenis)
    if step == "active":
        qs = qs.active(as_of)
    elif step == "covered":
        qs = qs.active(as_of).covered(as_of)
    elif step == "not_covered":
        qs = qs.active(as_of).exclude(CooperativeQuerySet.covered_q(as_of))
    default = "wilayah" if step == "not_covered" else "nama"
    return _order(qs, extra.get("sort", default), COOP_SORTS, default)


def cooperative_details(cooperative_ids, as_of: date) -> dict[int, dict]:
    """For each cooperative: ``missing`` (who among its current position holders is not an active
    participant and why) and ``ketua`` (the current chair, a ``Person`` or None); one query."""
    active = Participation.objects.active(as_of).filter(person_id=OuterRef("person_id"))
    registered = Participation.objects.current(as_of).filter(person_id=OuterRef("person_id"))
    positions = (
        Position.objects.current(as_of)
        .filter(cooperative_id__in=list(cooperative_ids))
        .select_related("person")
        .annotate(is_active=Exists(active), is_registered=Exists(registered))
        .order_by("cooperative_id", "role", "person__name")
    )
    result: dict[int, dict] = {cid: {"missing": [], "ketua": None} for cid in cooperative_ids}
    has_positions: set[int] = set()
    for pos in positions:
        has_positions.add(pos.cooperative_id)
        if pos.role == PositionRole.KETUA and result[pos.cooperative_id]["ketua"] is None:
            result[pos.cooperative_id]["ketua"] = pos.person
        if pos.is_active:
            continue
        reason = _("nonaktif (tunggakan)") if pos.is_registered else _("belum terdaftar")
        result[pos.cooperative_id]["missing"].append(f"{pos.get_role_display()} {pos.person.name}: {reason}")
    for cid in cooperative_ids:
        if cid not in has_positions:
            result[cid]["missing"].append(_("belum ada pengurus atau karyawan tercatat"))
    return result


def coop_row(c, missing: list[str] | None = None, ketua=None, show_phone: bool = False) -> list:
    """Ketua, his phone, address, desa, kecamatan (and what is missing, for the work list) first."""
    row = [
        c.name,
        ketua.name if ketua else "",
        shown_phone(ketua.phone, show_phone) if ketua else "",
        c.address,
        c.desa.name,
        c.desa.parent.name if c.desa.parent else "",
    ]
    if missing is not None:
        row.append("; ".join(missing))
    row += [c.nomor_induk or "", c.get_jenis_display(), c.get_status_display()]
    return row


COOP_HEADERS = [
    gettext_lazy("Nama koperasi"),
    gettext_lazy("Ketua"),
    gettext_lazy("Telepon ketua"),
    gettext_lazy("Alamat"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
]
COOP_MISSING_HEADER = gettext_lazy("Yang belum terlindungi")
COOP_TAIL_HEADERS = [gettext_lazy("Nomor Induk Koperasi"), gettext_lazy("Jenis"), gettext_lazy("Status")]


def coop_headers(with_missing: bool) -> list:
    return COOP_HEADERS + ([COOP_MISSING_HEADER] if with_missing else []) + COOP_TAIL_HEADERS


# --- Participants ---------------------------------------------------------------------------------

PARTICIPANT_SORTS = {
    "wilayah": ("person__desa__parent__name", "person__desa__name", "person__name"),
    "nama": "person__name",
    "desa": "person__desa__name",
    "mulai": "started_on",
    "bayar": "last_paid_month",
    "segmen": "segment",
}


def participant_queryset(filters: DashboardFilters, step: str, extra: dict):
    as_of = filters.as_of
    qs = Participation.objects.filter(_region(filters, "person__desa")).select_related("person", "person__desa", "person__desa__parent")
    qs = qs.lapsed(as_of) if step == "lapsed" else qs.active(as_of)
    if extra.get("segment"):
        qs = qs.filter(segment=extra["segment"])
    if extra.get("programme"):
        qs = qs.filter(**{extra["programme"].lower(): True})
    default = "wilayah" if step == "lapsed" else "nama"
    return _order(qs, extra.get("sort", default), PARTICIPANT_SORTS, default)


def participant_missing(p, as_of: date) -> str:
    """For a participation that is not active: since when the contributions are in arrears."""
    if p.status_on(as_of) == ParticipationStatus.AKTIF:
        return ""
    if p.last_paid_month:
        return _("iuran tertunggak sejak %(month)s (terakhir dibayar)") % {"month": bulan(p.last_paid_month)}
    return _("belum pernah membayar iuran")


def participant_row(p, as_of: date, show_phone: bool = False) -> list:
    desa = p.person.desa
    return [
        p.person.name,
        shown_phone(p.person.phone, show_phone),
        p.person.address,
        desa.name if desa else "",
        desa.parent.name if desa and desa.parent else "",
        participant_missing(p, as_of),
        p.person.masked_nik,
        p.kpj,
        p.segment,
        " ".join(p.programmes),
        p.started_on,
        p.last_paid_month,
        ParticipationStatus(p.status_on(as_of)).label,
    ]


PARTICIPANT_HEADERS = [
    gettext_lazy("Nama"),
    gettext_lazy("Telepon"),
    gettext_lazy("Alamat"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
    gettext_lazy("Yang kurang"),
    gettext_lazy("NIK"),
    gettext_lazy("KPJ"),
    gettext_lazy("Segmen"),
    gettext_lazy("Program"),
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
    gettext_lazy("Pemilik atau ketua"),
    gettext_lazy("Telepon"),
    gettext_lazy("Alamat"),
    gettext_lazy("Desa/kelurahan"),
    gettext_lazy("Kecamatan"),
    gettext_lazy("Yang kurang"),
    gettext_lazy("Status"),
]


def attendees_uncovered(filters: DashboardFilters) -> list:
    """Attendees not covered now, each with its ``details`` (kecamatan, address, owner or ketua and
    his phone), ordered by kecamatan, desa and name; three queries on top of the follow-up's."""
    items = [i for i in attendance_follow_up(as_of=filters.as_of, filters={"kecamatan": filters.kecamatan}) if not i.covered_now]
    attendee_details(items, filters.as_of)
    items.sort(key=lambda i: (i.details["kecamatan"], i.details["desa"], i.details["name"], i.attendance.pk))  # type: ignore[attr-defined]  # set by attendee_details
    return items


def attendee_details(items, as_of: date) -> None:
    """Set ``item.details`` on each follow-up item (a fixed number of queries)."""
    attendances = [i.attendance for i in items]
    desas = [getattr(a.attendee, "desa", None) for a in attendances]
    parent_codes = {d.parent_id for d in desas if d is not None and d.parent_id}
    kecamatan_names = dict(Region.objects.filter(code__in=parent_codes).values_list("code", "name")) if parent_codes else {}
    owner_ids = {a.business.owner_id for a in attendances if a.business_id}
    owners = Person.objects.in_bulk(owner_ids) if owner_ids else {}
    coop_ids = {a.cooperative_id for a in attendances if a.cooperative_id}
    ketua = {cid: d["ketua"] for cid, d in cooperative_details(coop_ids, as_of).items()} if coop_ids else {}
    for item, desa in zip(items, desas, strict=True):
        a = item.attendance
        if a.cooperative_id:
            contact, missing = ketua.get(a.cooperative_id), _("pengurus atau karyawan belum semua peserta aktif")
        elif a.business_id:
            contact, missing = owners.get(a.business.owner_id), _("pemilik belum peserta aktif")
        elif a.person_id:
            contact, missing = a.person, _("belum peserta aktif")
        else:  # a prospect from a sign-in sheet: only what was typed on the sheet
            contact, missing = None, _("belum ada di register dan belum peserta")
        entity = a.attendee
        item.details = {
            "name": getattr(entity, "name", "") or str(entity),
            "desa": desa.name if desa else "",
            "kecamatan": kecamatan_names.get(desa.parent_id, "") if desa else "",
            "address": getattr(entity, "address", "") or "",
            "contact": contact.name if contact is not None and not a.person_id else "",
            "phone": contact.phone if contact is not None else (a.phone or ""),
            "missing": missing,
        }


def attendee_row(item, show_phone: bool = False) -> list:
    a = item.attendance
    d = item.details
    kind = {"koperasi": _("Koperasi"), "usaha": _("Usaha"), "orang": _("Orang")}[a.kind]
    return [
        a.event.title,
        a.event.held_on,
        a.event.kecamatan.name,
        kind,
        d["name"],
        d["contact"],
        shown_phone(d["phone"], show_phone),
        d["address"],
        d["desa"],
        d["kecamatan"],
        d["missing"],
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
    labels[_("Per tanggal")] = tanggal(filters.as_of)
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
