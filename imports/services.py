"""Writes of import jobs: upload (then preview in the background), commit, re-run."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import UserLike, has_role
from imports import readers
from imports.base import IGNORE, Importer, get_importer, header_key
from imports.models import ColumnMapping, ImportJob, JobState

logger = logging.getLogger(__name__)


def max_upload_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _importer_for(user: UserLike | None, key: str) -> Importer:
    importer = get_importer(key)
    if importer is None:
        raise ValidationError(_("Jenis impor tidak dikenal."))
    if user is not None and not has_role(user, *importer.roles):
        raise PermissionDenied
    return importer


def check_upload(uploaded: File, *, enforce_size: bool = True) -> str:
    """The file's kind (xlsx/xls/ods/csv) after the size and type checks; ValidationError otherwise."""
    size = uploaded.size or 0
    if enforce_size and size > max_upload_bytes():
        raise ValidationError(
            _("Berkas terlalu besar (%(size).1f MB); batasnya %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": settings.IMPORT_MAX_UPLOAD_MB}
        )
    if size == 0:
        raise ValidationError(_("Berkas kosong."))
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    try:
        kind = readers.detect_kind(head, uploaded.name or "")
        if kind in readers.WORKBOOKS:
            readers.check_workbook(uploaded, kind)
        else:
            readers.csv_encoding(uploaded)
    except readers.FileRejected as rejected:
        raise ValidationError(rejected.message) from None
    uploaded.seek(0)
    return kind


def _sha256(uploaded: File) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def job_create(
    *,
    user: UserLike | None,
    importer_key: str,
    uploaded: File,
    sheet: str = "",
    enforce_size: bool = True,
    enqueue: bool = True,
    details: dict | None = None,
) -> ImportJob:
    """Store an uploaded file as a job and queue its preview; the same file imported before is named.
    ``details`` is kept on the job (a non-standalone importer's parent object)."""
    _importer_for(user, importer_key)
    check_upload(uploaded, enforce_size=enforce_size)
    sha256 = _sha256(uploaded)
    previous = ImportJob.objects.filter(importer=importer_key, sha256=sha256, committed=True).order_by("-finished_at").first()
    file_name = (uploaded.name or "berkas").replace("\\", "/").rsplit("/", 1)[-1][:255]
    job = ImportJob(
        importer=importer_key,
        file_name=file_name,
        file_size=uploaded.size or 0,
        sha256=sha256,
        sheet=(sheet or "").strip()[:100],
        user=user if getattr(user, "is_authenticated", False) else None,
        duplicate_of=previous,
        details={**(details or {}), "mode": "preview"},
    )
    job.file.save(file_name, File(uploaded, name=file_name), save=False)
    job.full_clean()
    job.save()
    if enqueue:
        _enqueue(job, commit=False)
        job.refresh_from_db()
    return job


def _enqueue(job: ImportJob, *, commit: bool) -> None:
    from imports.tasks import import_commit, import_preview

    job.details = {**(job.details or {}), "mode": "commit" if commit else "preview"}
    job.state = JobState.QUEUED if commit else JobState.UPLOADED
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["details", "state", "heartbeat_at"])
    (import_commit if commit else import_preview).enqueue(job.pk)


def _check_access(job: ImportJob, user: UserLike | None) -> None:
    if user is not None:
        _importer_for(user, job.importer)


def _require_file(job: ImportJob) -> None:
    if not job.file:
        raise ValidationError(_("Berkas impor ini sudah dihapus karena masa simpannya habis; unggah berkasnya lagi."))


def job_commit(*, job: ImportJob, user: UserLike | None) -> ImportJob:
    """Queue the commit of a previewed job (or of a finished one again: nothing changes twice)."""
    _check_access(job, user)
    job.refresh_from_db()
    if job.state not in (JobState.PREVIEWED, JobState.DONE) and not job.is_stale and job.state != JobState.FAILED:
        raise ValidationError(_("Impor ini belum siap disimpan (status: %(state)s).") % {"state": job.get_state_display()})
    if job.state == JobState.REJECTED:
        raise ValidationError(_("Berkas ini ditolak; unggah berkas yang sudah diperbaiki."))
    _require_file(job)
    _enqueue(job, commit=True)
    job.refresh_from_db()
    return job


def job_rerun(*, job: ImportJob, user: UserLike | None) -> ImportJob:
    """Run a failed or stalled job again, in the mode it was in (preview or commit)."""
    _check_access(job, user)
    job.refresh_from_db()
    if not (job.state == JobState.FAILED or job.is_stale):
        raise ValidationError(_("Impor ini tidak perlu dijalankan ulang."))
    _require_file(job)
    _enqueue(job, commit=(job.details or {}).get("mode") == "commit")
    job.refresh_from_db()
    return job


IGNORE_WORDS = {"abaikan", "ignore", "-", ""}


def resolve_field(importer: Importer, text: str) -> str:
    """A column key from what an officer wrote: the key, the template header or an alias; ``IGNORE``
    for "abaikan". ValidationError otherwise."""
    wanted = header_key(text)
    if text.strip().lower() in IGNORE_WORDS:
        return IGNORE
    for column in importer.columns:
        if wanted in column.header_keys():
            return column.key
    raise ValidationError(
        _("Kolom tujuan “%(field)s” tidak dikenal (pilihan: %(fields)s, atau abaikan).")
        % {"field": text, "fields": ", ".join(c.header for c in importer.columns)}
    )


def parse_mapping(importer_key: str, items: list[str]) -> dict[str, str]:
    """``["Header=field", ...]`` (the commands' ``--map``) as file header → column key or ``IGNORE``."""
    importer = _importer_for(None, importer_key)  # an unknown key is a ValidationError, not an AttributeError
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise ValidationError(_("Pemetaan “%(item)s” harus berbentuk Judul=kolom.") % {"item": item})
        mapping[header.strip()] = resolve_field(importer, field)
    targets = [f for f in mapping.values() if f != IGNORE]
    if len(targets) != len(set(targets)):
        raise ValidationError(_("Satu kolom tujuan dipetakan dari dua kolom berkas."))
    return mapping


def job_remap(*, job: ImportJob, user: UserLike | None, mapping: dict[str, str]) -> ImportJob:
    """Map the file's columns (header → column key or ``IGNORE``), remember the mapping for the
    importer (the next file with these headers maps by itself) and run the preview again."""
    importer = _importer_for(user, job.importer)
    job.refresh_from_db()
    if job.state not in (JobState.PREVIEWED, JobState.REJECTED):
        raise ValidationError(_("Pemetaan kolom hanya dapat diubah pada pratinjau."))
    _require_file(job)
    known = {c.key for c in importer.columns}
    clean: dict[str, str] = {}
    for header, field in mapping.items():
        if field != IGNORE and field not in known:
            raise ValidationError(_("Kolom tujuan “%(field)s” tidak dikenal.") % {"field": field})
        clean[header] = field
    # The fields the file's columns then become (a column left on "otomatis" keeps its field).
    targets = [f for f in clean.values() if f != IGNORE]
    for column in (job.details or {}).get("columns") or []:
        if column["header"] not in clean and column["field"]:
            targets.append(column["field"])
    if len(targets) != len(set(targets)):
        raise ValidationError(_("Satu kolom tujuan dipetakan dari dua kolom berkas."))
    for header, field in clean.items():
        ColumnMapping.objects.update_or_create(
            importer=importer.key,
            header_key=header_key(header)[:200],
            defaults={"header": header[:200], "field": field, "user": user if getattr(user, "is_authenticated", False) else None},
        )
    job.details = {**(job.details or {}), "mapping": clean}
    job.save(update_fields=["details"])
    _enqueue(job, commit=False)
    job.refresh_from_db()
    return job
