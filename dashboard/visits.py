"""Visit lists: a work list laid out for a day in the field, grouped by kecamatan and desa, with a
check-off column, as a PDF (a background export, ``format=pdf`` on a list) and as a section of the
dashboard PDF report (``daftar=<kind>`` on ``dashboard:report_pdf``).

Rows come from the same querysets as the list pages (``dashboard.lists``), always ordered by
kecamatan, desa and name; the owner's or ketua's phone is shown in full only to the roles of
``lists.PHONE_ROLES`` (masked for the others), decided by the user who asked for the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dashboard import lists
from dashboard.filters import DashboardFilters

# A visit list is a day's (or a week's) round: above this the PDF says to narrow the filters.
VISIT_PDF_MAX = 1500
REPORT_VISIT_MAX = 300

# The work list of each kind (the step offered on the "Daftar kerja" page).
WORKLIST_STEPS = {"umkm": "not_covered", "koperasi": "not_covered", "peserta": "lapsed", "sosialisasi": ""}
KIND_STEPS = {"umkm": lists.UMKM_STEPS, "koperasi": lists.COOP_STEPS, "peserta": lists.PARTICIPANT_STEPS, "sosialisasi": {}}


@dataclass
class VisitRow:
    name: str
    reference: str  # NIB, Nomor Induk Koperasi, KPJ or the event attended
    contact: str  # owner or ketua
    address: str
    desa: str
    kecamatan: str
    phone: str
    missing: str


def _step(kind: str, params) -> str:
    steps = KIND_STEPS[kind]
    step = str(params.get("step", "") or WORKLIST_STEPS[kind])
    return step if (step in steps or not steps) else WORKLIST_STEPS[kind]


def _title(kind: str, step: str) -> str:
    if kind == "sosialisasi":
        return _("Peserta sosialisasi yang belum terlindungi")
    return str(KIND_STEPS[kind][step])


def visit_rows(kind: str, params, *, show_phone: bool, limit: int) -> tuple[str, list[VisitRow], int]:
    """``(title, rows, total)``: the first ``limit`` rows of the list in kecamatan/desa order."""
    filters = DashboardFilters.from_query(params)
    extra = lists.extra_filters(params) | {"sort": "wilayah"}
    as_of = filters.as_of
    step = _step(kind, params)
    rows: list[VisitRow] = []
    if kind == "umkm":
        qs = lists.umkm_queryset(filters, step, extra)
        total = qs.count()
        for b in qs[:limit]:
            desa = b.desa
            rows.append(
                VisitRow(
                    name=b.name,
                    reference=f"NIB {b.nib}" if b.nib else "",
                    contact=b.owner.name,
                    address=b.address,
                    desa=desa.name,
                    kecamatan=desa.parent.name if desa.parent else "",
                    phone=lists.shown_phone(b.owner.phone, show_phone),
                    missing="; ".join(lists.umkm_missing(b)),
                )
            )
    elif kind == "koperasi":
        qs = lists.coop_queryset(filters, step, extra)
        total = qs.count()
        coops = list(qs[:limit])
        details = lists.cooperative_details([c.pk for c in coops], as_of) if coops else {}
        for c in coops:
            ketua = details[c.pk]["ketua"]
            rows.append(
                VisitRow(
                    name=c.name,
                    reference=c.nomor_induk or "",
                    contact=ketua.name if ketua else "",
                    address=c.address,
                    desa=c.desa.name,
                    kecamatan=c.desa.parent.name if c.desa.parent else "",
                    phone=lists.shown_phone(ketua.phone, show_phone) if ketua else "",
                    missing="; ".join(details[c.pk]["missing"]),
                )
            )
    elif kind == "peserta":
        qs = lists.participant_queryset(filters, step, extra)
        total = qs.count()
        for p in qs[:limit]:
            desa = p.person.desa
            rows.append(
                VisitRow(
                    name=p.person.name,
                    reference=f"KPJ {p.kpj}" if p.kpj else "",
                    contact="",
                    address=p.person.address,
                    desa=desa.name if desa else "",
                    kecamatan=desa.parent.name if desa and desa.parent else "",
                    phone=lists.shown_phone(p.person.phone, show_phone),
                    missing=lists.participant_missing(p, as_of),
                )
            )
    elif kind == "sosialisasi":
        items = lists.attendees_uncovered(filters)
        total = len(items)
        for item in items[:limit]:
            d = item.details
            rows.append(
                VisitRow(
                    name=d["name"],
                    reference=item.attendance.event.title,
                    contact=d["contact"],
                    address=d["address"],
                    desa=d["desa"],
                    kecamatan=d["kecamatan"],
                    phone=lists.shown_phone(d["phone"], show_phone),
                    missing=d["missing"],
                )
            )
    else:
        raise ValueError(kind)
    return _title(kind, step), rows, total


def grouped(rows: list[VisitRow]) -> list[dict]:
    """``[{"kecamatan", "count", "desas": [{"desa", "rows"}]}]`` in the rows' order, numbered."""
    result = []
    number = 0
    for kecamatan, in_kecamatan in groupby(rows, key=lambda r: r.kecamatan):
        desas = []
        for desa, in_desa in groupby(in_kecamatan, key=lambda r: r.desa):
            numbered = []
            for row in in_desa:
                number += 1
                numbered.append((number, row))
            desas.append({"desa": desa, "rows": numbered})
        result.append({"kecamatan": kecamatan, "count": sum(len(d["rows"]) for d in desas), "desas": desas})
    return result


def visit_context(kind: str, params, *, user, limit: int) -> dict:
    """What the visit-list templates need (the filters stamped, the groups, the truncation)."""
    from dashboard.exports import region_names

    show_phone = lists.may_see_phone(user)
    title, rows, total = visit_rows(kind, params, show_phone=show_phone, limit=limit)
    filters = DashboardFilters.from_query(params)
    extra = lists.extra_filters(params)
    extra.pop("sort", None)
    labels = lists.filter_labels(filters, extra, region_names(filters))
    labels[_("Daftar")] = title
    return {
        "visit_title": title,
        "visit_kind": kind,
        "visit_groups": grouped(rows),
        "visit_total": total,
        "visit_shown": len(rows),
        "visit_truncated": total > len(rows),
        "visit_labels": labels,
        "visit_show_phone": show_phone,
        "visit_contact_header": _("Ketua") if kind == "koperasi" else (_("Pemilik atau ketua") if kind == "sosialisasi" else _("Pemilik")),
    }


def visit_pdf(job) -> tuple[str, bytes, int]:
    """``(title, pdf, rows)`` of a visit-list export job (rendered in Bahasa Indonesia)."""
    from weasyprint import HTML

    with translation.override("id"):
        context = visit_context(job.kind, job.params, user=job.user, limit=VISIT_PDF_MAX)
        context.update({"printed_at": timezone.now(), "printed_by": job.user.get_full_name() or job.user.get_username()})
        html = render_to_string("dashboard/visit_list_pdf.html", context)
    title = _("Daftar kunjungan: %(title)s") % {"title": context["visit_title"]}
    return title, HTML(string=html, base_url="http://localhost/").write_pdf(), context["visit_shown"]
