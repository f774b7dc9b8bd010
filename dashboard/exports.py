"""Exports of the work lists and the dashboard PDF as background tasks (``dashboard.tasks.run_export``).

The request that asks for one only records an ``ExportJob`` and queues the task (it answers at
once with the job's page); the task streams the rows from the database in chunks into a file
(``core.exports.write_file``: constant memory), saving its progress every 2,000 rows, so the page
shows a progress bar and the download survives a closed tab.
"""

from __future__ import annotations

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import access_log
from core.exports import ExportTable, write_file
from dashboard import lists
from dashboard.filters import DashboardFilters
from dashboard.models import ExportJob, ExportState
from regions.models import Region

logger = logging.getLogger(__name__)

KINDS = ("umkm", "koperasi", "peserta", "sosialisasi", "laporan")
CHUNK = 1000


def region_names(filters: DashboardFilters) -> dict[str, str]:
    codes = [c for c in (filters.kecamatan, filters.desa) if c]
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def coop_rows(coops, as_of, with_missing, show_phone=False):
    """The rows of a page or chunk of cooperatives: their ketua and what is missing in one query."""
    if not coops:
        return []
    details = lists.cooperative_details([c.pk for c in coops], as_of)
    return [
        lists.coop_row(c, details[c.pk]["missing"] if with_missing else None, ketua=details[c.pk]["ketua"], show_phone=show_phone)
        for c in coops
    ]


def _step(params, steps: dict, default: str) -> str:
    step = params.get("step", default)
    return step if step in steps else default


def build_table(kind: str, params, user=None) -> tuple[ExportTable, int]:
    """The export's table (rows as a lazy iterator over the database) and its row count; phones
    in full only if ``user`` may see them."""
    filters, extra = DashboardFilters.from_query(params), lists.extra_filters(params)
    show_phone = lists.may_see_phone(user)
    as_of = filters.as_of
    if kind == "umkm":
        step = _step(params, lists.UMKM_STEPS, "known")
        title, headers = str(lists.UMKM_STEPS[step]), lists.UMKM_HEADERS
        qs = lists.umkm_queryset(filters, step, extra)
        total, rows = qs.count(), (lists.umkm_row(b, show_phone) for b in qs.iterator(chunk_size=CHUNK))
    elif kind == "koperasi":
        step = _step(params, lists.COOP_STEPS, "all")
        with_missing = step == "not_covered"
        title = str(lists.COOP_STEPS[step])
        headers = lists.coop_headers(with_missing)
        qs = lists.coop_queryset(filters, step, extra)

        def chunked():
            batch = []
            for coop in qs.iterator(chunk_size=CHUNK):
                batch.append(coop)
                if len(batch) == CHUNK:
                    yield from coop_rows(batch, as_of, with_missing, show_phone)
                    batch = []
            yield from coop_rows(batch, as_of, with_missing, show_phone)

        total, rows = qs.count(), chunked()
    elif kind == "peserta":
        step = _step(params, lists.PARTICIPANT_STEPS, "active")
        title, headers = str(lists.PARTICIPANT_STEPS[step]), lists.PARTICIPANT_HEADERS
        qs = lists.participant_queryset(filters, step, extra)
        total, rows = qs.count(), (lists.participant_row(p, as_of, show_phone) for p in qs.iterator(chunk_size=CHUNK))
    elif kind == "sosialisasi":
        extra = {}
        title, headers = _("Peserta sosialisasi yang belum terlindungi"), lists.ATTENDEE_HEADERS
        items = lists.attendees_uncovered(filters)
        total, rows = len(items), (lists.attendee_row(i, show_phone) for i in items)
    else:
        raise ValueError(kind)
    labels = lists.filter_labels(filters, extra, region_names(filters))
    labels[_("Daftar")] = title
    table = ExportTable(title=title, headers=[str(h) for h in headers], rows=rows, filters=labels, as_of=timezone.now())
    return table, total


def export_start(*, request, kind: str, fmt: str) -> ExportJob:
    """Record the export, log it and queue its task (after the commit); returns at once."""
    if kind not in KINDS:
        raise ValueError(kind)
    params = {k: v for k, v in request.GET.items() if k != "format"}
    filters = DashboardFilters.from_query(params)
    job = ExportJob(user=request.user, kind=kind, fmt=fmt, params=params)
    job.full_clean(exclude=["file"])
    with transaction.atomic():
        job.save()
        access_log(
            user=request.user,
            action="export",
            target=f"dashboard:{'report' if kind == 'laporan' else kind}",
            details={
                "format": fmt,
                "filters": filters.params(**lists.extra_filters(params) | {"sort": ""}),
                "job": job.pk,
                **({"step": str(params["step"])[:20]} if params.get("step") else {}),
                **({"daftar": str(params["daftar"])[:20]} if params.get("daftar") else {}),
            },
            request=request,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from dashboard.tasks import run_export

    try:
        run_export.enqueue(job_id)
    except Exception:  # a missing worker must not break the page; the job page says it waits
        logger.warning("export %s could not be queued", job_id, exc_info=True)


def run(job_id: int) -> ExportJob:
    """The task's work: stream the rows into a temporary file, then keep it on the job."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.state != ExportState.QUEUED:
        return job
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    try:
        with tempfile.TemporaryFile() as handle:
            if job.kind == "laporan":
                title, total = _("Laporan dasbor"), 1
                ExportJob.objects.filter(pk=job.pk).update(total_rows=total)
                handle.write(_report_pdf(job))
                written, extension = 1, "pdf"
            elif job.fmt == "pdf":
                from dashboard.visits import visit_pdf

                ExportJob.objects.filter(pk=job.pk).update(total_rows=1)
                title, pdf, written = visit_pdf(job)
                handle.write(pdf)
                extension = "pdf"
            else:
                table, total = build_table(job.kind, job.params, job.user)
                title = table.title
                ExportJob.objects.filter(pk=job.pk).update(total_rows=total, title=title[:200])
                written = write_file(table, job.fmt, handle, on_progress=lambda n: ExportJob.objects.filter(pk=job.pk).update(done_rows=n))
                extension = job.fmt
            handle.seek(0)
            job.refresh_from_db()
            prefix = "kunjungan" if job.fmt == "pdf" and job.kind != "laporan" else "dasbor"
            job.filename = f"{prefix}-{job.kind}-{stamp}.{extension}"
            job.file.save(job.filename, File(handle), save=False)
            job.title, job.done_rows, job.state, job.finished_at = title[:200], written, ExportState.DONE, timezone.now()
            job.save()
    except Exception as error:
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportState.FAILED, message=str(error)[:255], finished_at=timezone.now())
        job.refresh_from_db()
    return job


def _report_pdf(job: ExportJob) -> bytes:
    from django.test import RequestFactory
    from weasyprint import HTML

    from dashboard.views import report_html

    request = RequestFactory().get("/dasbor/laporan.pdf", job.params, HTTP_HOST="localhost")
    request.user = job.user
    html = report_html(request, DashboardFilters.from_query(job.params))
    return HTML(string=html, base_url="http://localhost/").write_pdf()
