from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.services import access_log
from core.exports import export_response
from core.pagination import paginate
from core.roles import Role, has_role, role_required
from imports import exports, services
from imports.base import REGISTRY, get_importer, importers_for
from imports.models import ImportIssue, ImportJob, IssueKind, JobState

IMPORT_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas (.xlsx, .xls, .ods atau .csv)"))
    sheet = forms.CharField(label=gettext_lazy("Lembar kerja (kosongkan untuk lembar pertama)"), max_length=100, required=False)


def _importer_or_404(request, key):
    importer = get_importer(key)
    if importer is None:
        raise Http404
    if not has_role(request.user, *importer.roles):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return importer


def _job_for(request, pk) -> ImportJob:
    """A job of an importer the user may run; others are not found."""
    keys = [imp.key for imp in importers_for(request.user)]
    return get_object_or_404(ImportJob.objects.select_related("user", "duplicate_of"), pk=pk, importer__in=keys)


@role_required(*IMPORT_ROLES)
def index_view(request):
    available = importers_for(request.user)
    jobs = ImportJob.objects.filter(importer__in=[i.key for i in available]).select_related("user")
    return render(
        request,
        "imports/index.html",
        {
            "importers": [(imp, UploadForm(auto_id=f"id_{imp.key}_%s")) for imp in available if imp.standalone],
            "page": paginate(request, jobs, per_page=20),
            "labels": {key: imp.label for key, imp in REGISTRY.items()},
        },
    )


@role_required(*IMPORT_ROLES)
def template_view(request, key):
    importer = _importer_or_404(request, key)
    return exports.template_response(importer, "csv" if request.GET.get("format") == "csv" else "xlsx")


@require_POST
@role_required(*IMPORT_ROLES)
def upload_view(request, key):
    importer = _importer_or_404(request, key)
    if not importer.standalone:  # uploaded from its parent object's page
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.job_create(
                user=request.user, importer_key=importer.key, uploaded=form.cleaned_data["file"], sheet=form.cleaned_data["sheet"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("imports:job", pk=job.pk)
    for message in [m for errors in form.errors.values() for m in errors]:
        messages.error(request, message)
    return redirect("imports:index")


def _job_context(request, job):
    importer = get_importer(job.importer)
    issues = ImportIssue.objects.filter(job=job).exclude(kind=IssueKind.MISMATCH).order_by("row_number", "id")
    kind = request.GET.get("jenis", "")
    if kind in (IssueKind.ERROR, IssueKind.DUPLICATE, IssueKind.WARNING):
        issues = issues.filter(kind=kind)
    return {
        "job": job,
        "importer": importer,
        "parent": importer.parent(job) if importer else None,
        "issues": paginate(request, issues, per_page=50),
        "issue_kind": kind,
        "issue_kinds": [
            (IssueKind.ERROR, IssueKind.ERROR.label),
            (IssueKind.DUPLICATE, IssueKind.DUPLICATE.label),
            (IssueKind.WARNING, IssueKind.WARNING.label),
        ],
        "mismatch_count": ImportIssue.objects.filter(job=job, kind=IssueKind.MISMATCH).count() if job.importer == "peserta" else 0,
        "samples": (job.details or {}).get("samples", []),
        "columns": (job.details or {}).get("columns", []),
        "ignored_columns": [c for c in (job.details or {}).get("columns", []) if not c["field"] and c["via"] != "keterangan"],
        "can_map": job.state in (JobState.PREVIEWED, JobState.REJECTED) and bool(job.file),
        "changes": _change_summary(job),
        "timings": (job.details or {}).get("timings", {}),
        "States": JobState,
    }


@role_required(*IMPORT_ROLES)
def job_view(request, pk):
    job = _job_for(request, pk)
    return render(request, "imports/job.html", _job_context(request, job))


@role_required(*IMPORT_ROLES)
def progress_view(request, pk):
    """The progress fragment polled by htmx; when the job settles the whole page reloads."""
    job = _job_for(request, pk)
    response = render(request, "imports/_progress.html", {"job": job, "States": JobState})
    if not job.is_active and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@role_required(*IMPORT_ROLES)
def commit_view(request, pk):
    job = _job_for(request, pk)
    try:
        services.job_commit(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:job", pk=job.pk)


@require_POST
@role_required(*IMPORT_ROLES)
def mapping_view(request, pk):
    """The officer maps the file's columns (or marks them "abaikan"); the preview runs again."""
    from imports.base import IGNORE

    job = _job_for(request, pk)
    mapping = {}
    for column in (job.details or {}).get("columns") or []:
        choice = request.POST.get(f"col_{column['index']}", "")
        if choice == "abaikan":
            mapping[column["header"]] = IGNORE
        elif choice:
            mapping[column["header"]] = choice
    try:
        services.job_remap(job=job, user=request.user, mapping=mapping)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:job", pk=job.pk)


@require_POST
@role_required(*IMPORT_ROLES)
def rerun_view(request, pk):
    job = _job_for(request, pk)
    try:
        services.job_rerun(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:job", pk=job.pk)


@role_required(*IMPORT_ROLES)
def errors_download_view(request, pk):
    job = _job_for(request, pk)
    importer = get_importer(job.importer)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    access_log(user=request.user, action="export", target=f"import-job:{job.pk}:rejected-rows", details={"format": fmt}, request=request)
    return exports.rejected_rows_response(job, importer, fmt)


@role_required(*IMPORT_ROLES)
def reconciliation_view(request, pk):
    job = _job_for(request, pk)
    if job.importer != "peserta":
        raise Http404
    issues = ImportIssue.objects.filter(job=job, kind=IssueKind.MISMATCH).order_by("code", "row_number", "id")
    code = request.GET.get("kode", "")
    if code:
        issues = issues.filter(code=code)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        access_log(
            user=request.user, action="export", target=f"import-job:{job.pk}:reconciliation", details={"format": fmt}, request=request
        )
        return export_response(exports.mismatch_table(job, issues.iterator(chunk_size=2000)), fmt, f"rekonsiliasi-impor-{job.pk}")
    from django.db.models import Count

    from imports.models import MISMATCH_CODES

    counts = dict(ImportIssue.objects.filter(job=job, kind=IssueKind.MISMATCH).values_list("code").annotate(n=Count("id")))
    return render(
        request,
        "imports/reconciliation.html",
        {
            "job": job,
            "page": paginate(request, issues),
            "code": code,
            "codes": [(key, label, counts.get(key, 0)) for key, label in MISMATCH_CODES.items()],
            "preview": not job.committed,
        },
    )


def _change_summary(job) -> list[tuple[str, str, int]]:
    """What a committed job created and updated, per kind of register object."""
    from django.db.models import Count

    from imports.history import MODEL_LABELS

    rows = job.changes.values_list("model", "action").annotate(n=Count("id")).order_by("model", "action")
    return [(str(MODEL_LABELS.get(model, model)), action, n) for model, action, n in rows]
