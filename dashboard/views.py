"""Thin views: parse the filters, call one selector, render (or export)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AccessEvent
from accounts.services import access_log
from cooperatives.models import CooperativeType
from core.pagination import paginate
from core.roles import Role, role_required
from dashboard import exports, lists, visits
from dashboard.filters import DashboardFilters
from dashboard.integrations import bank_panel, recommendation_panel
from dashboard.models import ExportJob, ExportState
from dashboard.presenters import KBLI_GROUPS, present
from dashboard.selectors import dashboard_figures, target_progress
from enrollment.models import Programme, Segment
from regions.models import Region
from regions.selectors import kecamatan_list, village_list
from umkm.models import Scale

VIEW_ROLES = (Role.DINAS, Role.BPJS, Role.KEPALA_CABANG, Role.ADMIN)
EXPORT_FORMATS = ("xlsx", "csv", "pdf")  # pdf: the visit list (dashboard.visits)
EXPORT_CHUNK = 1000


# Labels of the sort keys offered on the work lists (the keys themselves stay in the URL).
SORT_LABELS = {
    "wilayah": gettext_lazy("Kecamatan, desa/kelurahan"),
    "nama": gettext_lazy("Nama"),
    "desa": gettext_lazy("Desa/kelurahan"),
    "pemilik": gettext_lazy("Pemilik"),
    "skala": gettext_lazy("Kelas usaha"),
    "kbli": "KBLI",
    "jenis": gettext_lazy("Jenis"),
    "status": gettext_lazy("Status"),
    "mulai": gettext_lazy("Terdaftar sejak"),
    "bayar": gettext_lazy("Iuran terakhir"),
    "segmen": gettext_lazy("Segmen"),
}


def _filter_context(filters: DashboardFilters) -> dict:
    return {
        "filters": filters,
        "kecamatan": kecamatan_list(),
        "villages": village_list(kecamatan_code=filters.kecamatan) if filters.kecamatan else [],
        "types": CooperativeType.choices,
    }


def _dashboard_filter_context(filters: DashboardFilters) -> dict:
    """``_filter_context`` with the kecamatan and villages of the form read in one query, whose
    names then also serve the figures (``region_names``)."""
    regions = kecamatan_list()
    if filters.kecamatan:
        regions = regions | village_list(kecamatan_code=filters.kecamatan)
    kecamatan: list[dict[str, str]] = []
    villages: list[dict[str, str]] = []
    for code, name, kind in regions.values_list("code", "name", "kind"):
        (kecamatan if kind == Region.Kind.KECAMATAN else villages).append({"code": code, "name": name})
    return {
        "filters": filters,
        "kecamatan": kecamatan,
        "villages": villages,
        "types": CooperativeType.choices,
        "region_names": {r["code"]: r["name"] for r in kecamatan + villages},
    }


def _dashboard_context(request, filters: DashboardFilters, region_names: dict[str, str] | None = None) -> dict:
    data, data_as_of = dashboard_figures(filters, region_names=region_names)
    date_from = date.fromisoformat(data["trend"][0]["month"])
    recommendations = recommendation_panel(as_of=filters.as_of, date_from=date_from, filters=filters)
    letters = (recommendations or {}).get("issued_by_month")
    context = present(data, filters, letters_by_month=letters)
    context.update(
        {
            "data_as_of": data_as_of,
            "targets": target_progress(data) if filters.is_regency_wide else None,
            "recommendations": recommendations,
            "bank": bank_panel(as_of=filters.as_of, date_from=date_from, filters=filters),
            "query": filters.query(),
            "filter_scales": Scale.choices,
            "filter_kbli_groups": sorted(KBLI_GROUPS.items()),
        }
    )
    return context


@role_required(*VIEW_ROLES)
def index(request):
    filters = DashboardFilters.from_query(request.GET)
    context = _dashboard_filter_context(filters)
    context.update(_dashboard_context(request, filters, context.pop("region_names")))
    if request.htmx and request.htmx.target == "dashboard-body":
        return render(request, "dashboard/_body.html", context)
    context["body_html"] = render_to_string("dashboard/_body.html", context, request=request)
    return render(request, "dashboard/index.html", context)


def report_html(request, filters: DashboardFilters) -> str:
    """The dashboard as the HTML of the PDF report (rendered by the export task)."""
    context = {**_filter_context(filters), **_dashboard_context(request, filters), "pdf": True, "printed_at": timezone.now()}
    context["filter_labels"] = lists.filter_labels(filters, {}, exports.region_names(filters))
    kind = request.GET.get("daftar")
    if kind in visits.KIND_STEPS:  # the selected work list, as a visit list after the figures
        context.update(visits.visit_context(kind, request.GET, user=request.user, limit=visits.REPORT_VISIT_MAX))
    return render_to_string("dashboard/report.html", context, request=request)


@role_required(*VIEW_ROLES)
def report_pdf(request):
    """The dashboard as a PDF report for leadership: built in the background like every export."""
    return _export(request, kind="laporan", fmt="pdf")


def _export(request, *, kind: str, fmt: str | None = None):
    job = exports.export_start(request=request, kind=kind, fmt=fmt or request.GET.get("format"))
    return redirect("dashboard:export_detail", pk=job.pk)


def _own_export(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@role_required(*VIEW_ROLES)
def export_detail(request, pk: int):
    job = _own_export(request, pk)
    template = "dashboard/_export_progress.html" if request.htmx else "dashboard/export.html"
    return render(request, template, {"job": job})


@role_required(*VIEW_ROLES)
def export_download(request, pk: int):
    job = _own_export(request, pk)
    if job.state != ExportState.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


def _list_context(request, filters, extra, *, kind, step, steps, title, page, headers, rows, sorts):
    return {
        **_filter_context(filters),
        **_visit_links(request, kind, step, extra, filters),
        "kind": kind,
        "step": step,
        "steps": [(key, label) for key, label in steps.items()],
        "title": title,
        "page": page,
        "headers": headers,
        "rows": rows,
        "extra": extra,
        "sorts": [(key, SORT_LABELS.get(key, key)) for key in sorts],
        "filter_labels": lists.filter_labels(filters, extra, exports.region_names(filters)),
        "query": filters.query(step=step, **extra),
        "dashboard_query": filters.query(),
        "scale_choices": Scale.choices,
        "segment_choices": Segment.choices,
        "programme_choices": Programme.choices,
    }


def _step(request, steps: dict, default: str) -> str:
    step = request.GET.get("step", default)
    return step if step in steps else default


def _phones_shown(request, kind: str, rows: list) -> bool:
    """Whether this user sees phones in full; if so and the page shows any, the read is logged
    (one event per page, the list named, never a number)."""
    visible = lists.may_see_phone(request.user)
    if visible and rows:
        access_log(
            user=request.user,
            action=AccessEvent.Action.PERSONAL_DATA,
            target=f"dashboard:{kind}",
            details={"fields": ["phone"], "rows": len(rows), "path": request.path},
            request=request,
        )
    return visible


def _visit_links(request, kind: str, step: str, extra: dict, filters) -> dict:
    """The visit-list PDF and the dashboard report with this list (same filters, never a phone)."""
    query = filters.query(step=step, **{k: v for k, v in extra.items() if k != "sort"})
    joiner = "&" if query else ""
    return {
        "visit_pdf_url": f"{request.path}?{query}{joiner}format=pdf",
        "report_with_list_url": f"{reverse('dashboard:report_pdf')}?{query}{joiner}daftar={kind}",
    }


def _render_list(request, context):
    template = "dashboard/_list_table.html" if request.htmx and request.htmx.target == "results" else "dashboard/list.html"
    return render(request, template, context)


@dataclass(frozen=True)
class WorkList:
    """What differs between the work lists: their steps, sorts, rows and headers (``dashboard.lists``)."""

    steps: dict
    default_step: str
    sorts: dict
    items: Callable  # (filters, step, extra) -> queryset or list
    rows: Callable  # (items, as_of, step, show_phone) -> [{"cells": [...], "url": str}]
    headers: Callable  # step -> headers
    title: str | Promise | None = None  # None: the step's label
    extra_filters: bool = True


def _coop_rows(coops, as_of, step, show_phone):
    cells = exports.coop_rows(coops, as_of, step == "not_covered", show_phone)
    return [{"cells": c, "url": coop.get_absolute_url()} for coop, c in zip(coops, cells, strict=True)]


# Keyed by the export kind (``dashboard.exports.KINDS``), which also names the list in the access log.
WORK_LISTS = {
    "umkm": WorkList(
        steps=lists.UMKM_STEPS,
        default_step="known",
        sorts=lists.UMKM_SORTS,
        items=lists.umkm_queryset,
        rows=lambda items, as_of, step, show_phone: [{"cells": lists.umkm_row(b, show_phone), "url": b.get_absolute_url()} for b in items],
        headers=lambda step: lists.UMKM_HEADERS,
    ),
    "koperasi": WorkList(
        steps=lists.COOP_STEPS,
        default_step="all",
        sorts=lists.COOP_SORTS,
        items=lists.coop_queryset,
        rows=_coop_rows,
        headers=lambda step: lists.coop_headers(step == "not_covered"),
    ),
    "peserta": WorkList(
        steps=lists.PARTICIPANT_STEPS,
        default_step="active",
        sorts=lists.PARTICIPANT_SORTS,
        items=lists.participant_queryset,
        rows=lambda items, as_of, step, show_phone: [{"cells": lists.participant_row(p, as_of, show_phone), "url": ""} for p in items],
        headers=lambda step: lists.PARTICIPANT_HEADERS,
    ),
    "sosialisasi": WorkList(
        steps={},
        default_step="",
        sorts={},
        items=lambda filters, step, extra: lists.attendees_uncovered(filters),
        rows=lambda items, as_of, step, show_phone: [
            {"cells": lists.attendee_row(i, show_phone), "url": i.attendance.event.get_absolute_url()} for i in items
        ],
        headers=lambda step: lists.ATTENDEE_HEADERS,
        title=gettext_lazy("Peserta sosialisasi yang belum terlindungi"),
        extra_filters=False,
    ),
}


@role_required(*VIEW_ROLES)
def work_list(request, *, kind: str):
    """One work list (``WORK_LISTS[kind]``): a page of it, or its export in the background."""
    if request.GET.get("format") in EXPORT_FORMATS:
        return _export(request, kind=kind)
    spec = WORK_LISTS[kind]
    filters = DashboardFilters.from_query(request.GET)
    extra = lists.extra_filters(request.GET) if spec.extra_filters else {}
    step = _step(request, spec.steps, spec.default_step)
    page = paginate(request, spec.items(filters, step, extra))
    items = list(page)
    rows = spec.rows(items, filters.as_of, step, _phones_shown(request, kind, items))
    return _render_list(
        request,
        _list_context(
            request,
            filters,
            extra,
            kind=kind,
            step=step,
            steps=spec.steps,
            title=str(spec.title or spec.steps[step]),
            page=page,
            headers=spec.headers(step),
            rows=rows,
            sorts=spec.sorts,
        ),
    )


@role_required(*VIEW_ROLES)
def worklists(request):
    filters = DashboardFilters.from_query(request.GET)
    q = filters.query()
    suffix = f"&{q}" if q else ""
    links = [
        (
            reverse("dashboard:coop_list") + "?step=not_covered" + suffix,
            _("Koperasi aktif yang belum terlindungi"),
            _("Dengan daftar siapa yang belum menjadi peserta aktif di tiap koperasi."),
        ),
        (
            reverse("dashboard:umkm_list") + "?step=not_covered" + suffix,
            _("Pemilik UMKM yang belum menjadi peserta"),
            _("Diurutkan per desa/kelurahan; bisa dibatasi ke basis data resmi."),
        ),
        (
            reverse("dashboard:participant_list") + "?step=lapsed" + suffix,
            _("Peserta nonaktif karena tunggakan"),
            _("Peserta BPU yang menunggak lebih dari 3 bulan."),
        ),
        (
            reverse("dashboard:attendee_list") + (f"?{q}" if q else ""),
            _("Peserta sosialisasi yang belum terlindungi"),
            _("Koperasi, usaha dan orang yang hadir tetapi belum terlindungi."),
        ),
    ]
    report_options = [(kind, visits._title(kind, step)) for kind, step in visits.WORKLIST_STEPS.items()]
    return render(
        request,
        "dashboard/worklists.html",
        {**_filter_context(filters), "links": links, "report_options": report_options, "dashboard_query": q},
    )
