"""Thin views: parse the filters, call one selector, render (or export)."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import access_log
from cooperatives.models import CooperativeType
from core.exports import ExportTable, export_response
from core.pagination import paginate
from core.roles import Role, role_required
from dashboard import lists
from dashboard.filters import DashboardFilters
from dashboard.integrations import bank_panel, recommendation_panel
from dashboard.presenters import KBLI_GROUPS, present
from dashboard.selectors import dashboard_figures, target_progress
from enrollment.models import Programme, Segment
from regions.models import Region
from regions.selectors import kecamatan_list, village_list
from umkm.models import Scale

VIEW_ROLES = (Role.DINAS, Role.BPJS, Role.KEPALA_CABANG, Role.ADMIN)
EXPORT_FORMATS = ("xlsx", "csv")
EXPORT_CHUNK = 1000


# Labels of the sort keys offered on the work lists (the keys themselves stay in the URL).
SORT_LABELS = {
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


def _dashboard_context(request, filters: DashboardFilters) -> dict:
    data, data_as_of = dashboard_figures(filters)
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
    context = {**_filter_context(filters), **_dashboard_context(request, filters)}
    if request.htmx and request.htmx.target == "dashboard-body":
        return render(request, "dashboard/_body.html", context)
    context["body_html"] = render_to_string("dashboard/_body.html", context, request=request)
    return render(request, "dashboard/index.html", context)


@role_required(*VIEW_ROLES)
def report_pdf(request):
    """The dashboard as a PDF report for leadership, with the same SVG charts."""
    from weasyprint import HTML

    filters = DashboardFilters.from_query(request.GET)
    context = {**_filter_context(filters), **_dashboard_context(request, filters), "pdf": True, "printed_at": timezone.now()}
    context["filter_labels"] = lists.filter_labels(filters, {}, _region_names(filters))
    html = render_to_string("dashboard/report.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    access_log(
        user=request.user,
        action="export",
        target="dashboard:report",
        details={"format": "pdf", "filters": filters.params()},
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="dasbor-cakupan-{stamp}.pdf"'
    return response


def _region_names(filters: DashboardFilters) -> dict[str, str]:
    codes = [c for c in (filters.kecamatan, filters.desa) if c]
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def _export(request, *, kind: str, title: str, headers, rows, filters, extra, count_hint=None):
    fmt = request.GET.get("format")
    labels = lists.filter_labels(filters, extra, _region_names(filters))
    labels[_("Daftar")] = title
    table = ExportTable(title=title, headers=[str(h) for h in headers], rows=rows, filters=labels, as_of=timezone.now())
    response = export_response(table, fmt, f"dasbor-{kind}")
    access_log(
        user=request.user,
        action="export",
        target=f"dashboard:{kind}",
        details={"format": fmt, "filters": filters.params(**{k: v for k, v in extra.items() if k != "sort"})},
        request=request,
    )
    return response


def _list_context(request, filters, extra, *, kind, step, steps, title, page, headers, rows, sorts):
    return {
        **_filter_context(filters),
        "kind": kind,
        "step": step,
        "steps": [(key, label) for key, label in steps.items()],
        "title": title,
        "page": page,
        "headers": headers,
        "rows": rows,
        "extra": extra,
        "sorts": [(key, SORT_LABELS.get(key, key)) for key in sorts],
        "filter_labels": lists.filter_labels(filters, extra, _region_names(filters)),
        "query": filters.query(step=step, **extra),
        "dashboard_query": filters.query(),
        "scale_choices": Scale.choices,
        "segment_choices": Segment.choices,
        "programme_choices": Programme.choices,
    }


def _step(request, steps: dict, default: str) -> str:
    step = request.GET.get("step", default)
    return step if step in steps else default


def _render_list(request, context):
    template = "dashboard/_list_table.html" if request.htmx and request.htmx.target == "results" else "dashboard/list.html"
    return render(request, template, context)


@role_required(*VIEW_ROLES)
def umkm_list(request):
    filters, extra = DashboardFilters.from_query(request.GET), lists.extra_filters(request.GET)
    step = _step(request, lists.UMKM_STEPS, "known")
    title = str(lists.UMKM_STEPS[step])
    qs = lists.umkm_queryset(filters, step, extra)
    if request.GET.get("format") in EXPORT_FORMATS:
        rows = (lists.umkm_row(b) for b in qs.iterator(chunk_size=EXPORT_CHUNK))
        return _export(request, kind="umkm", title=title, headers=lists.UMKM_HEADERS, rows=rows, filters=filters, extra=extra)
    page = paginate(request, qs)
    rows = [{"cells": lists.umkm_row(b), "url": b.get_absolute_url()} for b in page]
    return _render_list(
        request,
        _list_context(
            request,
            filters,
            extra,
            kind="umkm",
            step=step,
            steps=lists.UMKM_STEPS,
            title=title,
            page=page,
            headers=lists.UMKM_HEADERS,
            rows=rows,
            sorts=lists.UMKM_SORTS,
        ),
    )


@role_required(*VIEW_ROLES)
def coop_list(request):
    filters, extra = DashboardFilters.from_query(request.GET), lists.extra_filters(request.GET)
    step = _step(request, lists.COOP_STEPS, "all")
    title = str(lists.COOP_STEPS[step])
    qs = lists.coop_queryset(filters, step, extra)
    with_missing = step == "not_covered"
    headers = lists.COOP_HEADERS + ([_("Yang belum terlindungi")] if with_missing else [])
    as_of = filters.as_of
    if request.GET.get("format") in EXPORT_FORMATS:

        def rows():
            batch = []
            for coop in qs.iterator(chunk_size=EXPORT_CHUNK):
                batch.append(coop)
                if len(batch) == EXPORT_CHUNK:
                    yield from _coop_rows(batch, as_of, with_missing)
                    batch = []
            yield from _coop_rows(batch, as_of, with_missing)

        return _export(request, kind="koperasi", title=title, headers=headers, rows=rows(), filters=filters, extra=extra)
    page = paginate(request, qs)
    coops = list(page)
    rows = [{"cells": cells, "url": c.get_absolute_url()} for c, cells in zip(coops, _coop_rows(coops, as_of, with_missing), strict=True)]
    return _render_list(
        request,
        _list_context(
            request,
            filters,
            extra,
            kind="koperasi",
            step=step,
            steps=lists.COOP_STEPS,
            title=title,
            page=page,
            headers=headers,
            rows=rows,
            sorts=lists.COOP_SORTS,
        ),
    )


def _coop_rows(coops, as_of, with_missing):
    if not coops:
        return []
    missing = lists.missing_by_cooperative([c.pk for c in coops], as_of) if with_missing else {}
    return [lists.coop_row(c, missing.get(c.pk) if with_missing else None) for c in coops]


@role_required(*VIEW_ROLES)
def participant_list(request):
    filters, extra = DashboardFilters.from_query(request.GET), lists.extra_filters(request.GET)
    step = _step(request, lists.PARTICIPANT_STEPS, "active")
    title = str(lists.PARTICIPANT_STEPS[step])
    qs = lists.participant_queryset(filters, step, extra)
    as_of = filters.as_of
    if request.GET.get("format") in EXPORT_FORMATS:
        rows = (lists.participant_row(p, as_of) for p in qs.iterator(chunk_size=EXPORT_CHUNK))
        return _export(request, kind="peserta", title=title, headers=lists.PARTICIPANT_HEADERS, rows=rows, filters=filters, extra=extra)
    page = paginate(request, qs)
    rows = [{"cells": lists.participant_row(p, as_of), "url": ""} for p in page]
    return _render_list(
        request,
        _list_context(
            request,
            filters,
            extra,
            kind="peserta",
            step=step,
            steps=lists.PARTICIPANT_STEPS,
            title=title,
            page=page,
            headers=lists.PARTICIPANT_HEADERS,
            rows=rows,
            sorts=lists.PARTICIPANT_SORTS,
        ),
    )


@role_required(*VIEW_ROLES)
def attendee_list(request):
    filters, extra = DashboardFilters.from_query(request.GET), {}
    title = _("Peserta sosialisasi yang belum terlindungi")
    items = lists.attendees_uncovered(filters)
    if request.GET.get("format") in EXPORT_FORMATS:
        return _export(
            request,
            kind="sosialisasi",
            title=title,
            headers=lists.ATTENDEE_HEADERS,
            rows=[lists.attendee_row(i) for i in items],
            filters=filters,
            extra=extra,
        )
    page = paginate(request, items)
    rows = [{"cells": lists.attendee_row(i), "url": i.attendance.event.get_absolute_url()} for i in page]
    return _render_list(
        request,
        _list_context(
            request,
            filters,
            extra,
            kind="sosialisasi",
            step="",
            steps={},
            title=title,
            page=page,
            headers=lists.ATTENDEE_HEADERS,
            rows=rows,
            sorts={},
        ),
    )


@role_required(*VIEW_ROLES)
def worklists(request):
    filters = DashboardFilters.from_query(request.GET)
    q = filters.query()
    suffix = f"&{q}" if q else ""
    from django.urls import reverse

    links = [
        (
            reverse("dashboard:coop_list") + "?step=not_covered" + suffix,
            _("Koperasi aktif yang belum terlindungi"),
            _("Dengan daftar siapa yang belum menjadi peserta aktif di tiap koperasi."),
        ),
        (
            reverse("dashboard:umkm_list") + "?step=not_covered&sort=desa" + suffix,
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
    return render(request, "dashboard/worklists.html", {**_filter_context(filters), "links": links})
