"""The import pipeline: read, match headers, clean, de-duplicate, write atomically, report.

``run_job(job_id, commit=False)`` is a preview: everything is computed inside a transaction that is
rolled back, so the preview counts are exactly what a commit would do and nothing is written.
``commit=True`` writes every valid row in one transaction.

Two write paths share the reading and cleaning:

- ORM (SQLite, and every importer without a COPY path): the cleaned records are kept in memory,
  de-duplicated by natural key, then written in bulk inside one ``transaction.atomic``.
- COPY (PostgreSQL, importers declaring ``staged_fields``): cleaned rows are streamed with
  ``COPY`` into ``imports_stagedrow`` in committed chunks (memory stays flat), duplicates are found
  in SQL, and one transaction moves the rows into the register with ``INSERT ... ON CONFLICT``.
  A process killed while reading leaves only staged rows of its job; the next run clears them.

Progress counters are saved every ``PROGRESS_EVERY`` rows, outside the data transaction, so a
polling page sees them.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports import readers
from imports.base import Counts, Importer, get_importer, match_headers
from imports.models import ImportIssue, ImportJob, IssueKind, JobState, StagedRow

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5000
COPY_CHUNK = 20000
HEADER_SEARCH_ROWS = 10
MAX_STORED_ISSUES = 50_000


class RunAborted(Exception):
    pass


@dataclass
class RunStats:
    total: int = 0
    processed: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0
    duplicates: int = 0
    stored_issues: int = 0
    timings: dict = field(default_factory=dict)


def _row_values(row: list, width: int) -> list:
    return [("" if value is None else value) for value in row[:width]]


def _find_header(rows, importer: Importer):
    """The header row among the first rows (a title or stamp may sit above it)."""
    best_missing = None
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        row = next(rows, None)
        if row is None:
            break
        if not any(str(c).strip() for c in row if c is not None):
            continue
        mapping, missing = match_headers(importer, row)
        if mapping and not missing:
            return number, row, mapping
        if mapping and (best_missing is None or len(missing) < len(best_missing)):
            best_missing = missing
    if best_missing:
        raise readers.FileRejected(
            _("Kolom wajib tidak ditemukan: %(columns)s. Unduh templat untuk melihat nama kolom yang dikenali.")
            % {"columns": ", ".join(best_missing)}
        )
    raise readers.FileRejected(
        _("Baris judul kolom tidak ditemukan di %(n)d baris pertama. Unduh templat untuk melihat nama kolom yang dikenali.")
        % {"n": HEADER_SEARCH_ROWS}
    )


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = value if isinstance(value, str) else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _Progress:
    def __init__(self, job: ImportJob):
        self.job = job

    def save(self, stats: RunStats, phase: str | None = None) -> None:
        fields = {
            "processed_rows": stats.processed,
            "total_rows": max(stats.total, stats.processed),
            "error_count": stats.errors,
            "warning_count": stats.warnings,
            "duplicate_count": stats.duplicates,
            "heartbeat_at": timezone.now(),
        }
        if phase is not None:
            fields["phase"] = phase
        ImportJob.objects.filter(pk=self.job.pk).update(**fields)


def run_job(job_id: int, *, commit: bool, on_progress=None) -> ImportJob:
    """Preview (``commit=False``) or commit one job; returns the job with its final state."""
    job = ImportJob.objects.get(pk=job_id)
    importer = get_importer(job.importer)
    use_copy = connection.vendor == "postgresql" and importer.supports_copy
    ImportIssue.objects.filter(job=job).delete()
    if use_copy:
        StagedRow.objects.filter(job_id=job.pk).delete()
    job.state = JobState.RUNNING if commit else JobState.CHECKING
    job.started_at = job.heartbeat_at = timezone.now()
    job.finished_at = None
    job.message = ""
    job.phase = _("Membaca berkas")
    for name in (
        "total_rows",
        "processed_rows",
        "valid_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "skipped_count",
        "duplicate_count",
        "error_count",
        "warning_count",
    ):
        setattr(job, name, 0)
    job.save()
    progress = _Progress(job)
    stats = RunStats()
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        counts, mismatches = _run(job, importer, stats, progress, commit=commit, use_copy=use_copy, on_progress=on_progress)
    except readers.FileRejected as rejected:
        _finish(job, stats, state=JobState.REJECTED, message=rejected.message)
        return job
    except BaseException as error:  # noqa: BLE001 - a killed run must still be marked
        if use_copy:
            _clear_staging(job.pk)
        logger.exception("import job %s failed", job.pk)
        message = _("Impor gagal karena kesalahan sistem; tidak ada data yang tersimpan. Jalankan ulang.")
        _finish(job, stats, state=JobState.FAILED, message=message)
        if not isinstance(error, Exception):  # interrupted or killed: let it end the process
            raise
        return job
    if mismatches:
        ImportIssue.objects.bulk_create(
            [
                ImportIssue(
                    job=job, kind=IssueKind.MISMATCH, code=m.code, row_number=m.row_number, message=m.message, values=m.data or None
                )
                for m in mismatches
            ],
            batch_size=2000,
        )
    stats.timings["total"] = round(time.perf_counter() - started, 3)
    stats.timings["cpu"] = round(time.process_time() - cpu_started, 3)
    job.valid_rows = stats.valid
    job.created_count, job.updated_count = counts.created, counts.updated
    job.unchanged_count, job.skipped_count = counts.unchanged, counts.skipped
    job.details = {
        **(job.details or {}),
        "samples": counts_samples(counts),
        "timings": stats.timings,
        "mismatches": len(mismatches),
        "engine": "copy" if use_copy else "orm",
    }
    job.committed = commit or job.committed
    _finish(job, stats, state=JobState.DONE if commit else JobState.PREVIEWED)
    return job


def counts_samples(counts: Counts) -> list:
    return getattr(counts, "samples", [])[:40]


def _finish(job: ImportJob, stats: RunStats, *, state: str, message: str = "") -> None:
    job.state = state
    job.message = message
    job.phase = ""
    job.total_rows = max(stats.total, stats.processed)
    job.processed_rows = stats.processed
    job.error_count, job.warning_count, job.duplicate_count = stats.errors, stats.warnings, stats.duplicates
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save()


def _clear_staging(job_id: int) -> None:
    try:
        StagedRow.objects.filter(job_id=job_id).delete()
    except Exception:  # noqa: BLE001 - the connection may be gone; the next run clears it
        logger.warning("could not clear staged rows of job %s", job_id)


def _run(job, importer, stats, progress, *, commit, use_copy, on_progress):
    ctx = importer.prepare(job)
    issues: list[ImportIssue] = []
    records: list[dict] = []
    seen: dict[str, int] = {}
    duplicate_mismatches: list = []
    copy_buffer = io.StringIO()
    copy_rows = 0
    staged_fields = importer.staged_fields

    def flush_issues():
        nonlocal issues
        if issues:
            room = MAX_STORED_ISSUES - stats.stored_issues
            if room > 0:
                ImportIssue.objects.bulk_create(issues[:room], batch_size=2000)
                stats.stored_issues += min(room, len(issues))
            issues = []

    def flush_copy():
        nonlocal copy_buffer, copy_rows
        if copy_rows:
            copy_buffer.seek(0)
            columns = ", ".join(["job_id", "row_number", "nkey"] + [f"c{i + 1:02d}" for i in range(len(staged_fields))])
            with connection.cursor() as cursor:
                cursor.copy_expert(f"COPY imports_stagedrow ({columns}) FROM STDIN", copy_buffer)
            copy_buffer = io.StringIO()
            copy_rows = 0

    t0 = time.perf_counter()
    with job.file.open("rb") as handle:
        kind = readers.detect_kind(handle.read(8), job.file_name)
        handle.seek(0)
        rows, total = readers.iter_rows(handle, kind, job.sheet)
        header_number, header_row, mapping = _find_header(rows, importer)
        stats.total = max(0, total - header_number)
        index_keys = sorted(mapping.items())
        headers_by_key = {key: str(header_row[index]) for index, key in index_keys}
        number = header_number
        clean = importer.clean
        natural_key = importer.natural_key
        job_prefix = f"{job.pk}\t"
        for row in rows:
            number += 1
            if not row:
                continue
            raw = {}
            blank = True
            for index, key in index_keys:
                value = row[index] if index < len(row) else None
                if value is not None and value != "":
                    blank = False
                raw[key] = value
            if blank:
                continue
            stats.processed += 1
            result = clean(raw, ctx)
            if result.warnings:
                stats.warnings += 1
                for column, message in result.warnings:
                    issues.append(ImportIssue(job=job, kind=IssueKind.WARNING, row_number=number, column=column, message=message))
            if result.record is None:
                stats.errors += 1
                values = {headers_by_key.get(k, k): _jsonable(v) for k, v in raw.items()}
                for position, (column, message) in enumerate(result.errors):
                    issues.append(
                        ImportIssue(
                            job=job,
                            kind=IssueKind.ERROR,
                            row_number=number,
                            column=column,
                            message=message,
                            values=values if position == 0 else None,
                        )
                    )
            else:
                stats.valid += 1
                key = natural_key(result.record)
                if use_copy:
                    copy_buffer.write(job_prefix)
                    copy_buffer.write(f"{number}\t{_copy_value(key)}\t")
                    record = result.record
                    copy_buffer.write("\t".join([_copy_value(record[f]) for f in staged_fields]))
                    copy_buffer.write("\n")
                    copy_rows += 1
                    if copy_rows >= COPY_CHUNK:
                        flush_copy()
                else:
                    first = seen.get(key)
                    if first is not None:
                        stats.duplicates += 1
                        issues.append(_duplicate_issue(job, number, records[first]["_row"], key))
                        mismatch = importer.on_duplicate(records[first], result.record, number)
                        if mismatch is not None:
                            duplicate_mismatches.append(mismatch)
                    else:
                        seen[key] = len(records)
                        result.record["_row"] = number
                        records.append(result.record)
            if stats.processed % PROGRESS_EVERY == 0:
                flush_copy()
                flush_issues()
                progress.save(stats)
                if on_progress:
                    on_progress(stats)
        flush_copy()
        flush_issues()
    stats.timings["read_clean"] = round(time.perf_counter() - t0, 3)
    if stats.processed == 0:
        raise readers.FileRejected(_("Berkas tidak berisi baris data di bawah judul kolom."))
    if use_copy:
        t1 = time.perf_counter()
        stats.duplicates = _staged_duplicates(job, stats)
        stats.timings["dedupe"] = round(time.perf_counter() - t1, 3)
    progress.save(stats, phase=_("Menyimpan ke basis data") if commit else _("Menghitung pratinjau"))
    if on_progress:
        on_progress(stats)
    t2 = time.perf_counter()
    mismatches = []
    with transaction.atomic():
        if use_copy:
            with connection.cursor() as cursor:
                counts = importer.write_staged(cursor, job.pk, ctx)
                cursor.execute("DELETE FROM imports_stagedrow WHERE job_id = %s", [job.pk])
        else:
            counts = importer.write(records, ctx)
        mismatches = duplicate_mismatches + importer.reconcile(None if use_copy else records, ctx)
        if not commit:
            transaction.set_rollback(True)
    stats.timings["write"] = round(time.perf_counter() - t2, 3)
    if use_copy and not commit:
        _clear_staging(job.pk)
    return counts, mismatches


def _duplicate_issue(job, number: int, first: int, key: str) -> ImportIssue:
    return ImportIssue(
        job=job,
        kind=IssueKind.DUPLICATE,
        row_number=number,
        message=_("Baris ganda: data yang sama (kunci %(key)s) sudah ada di baris %(first)d; hanya diterapkan sekali.")
        % {"key": _display_key(key), "first": first},
    )


def _display_key(key: str) -> str:
    """Natural keys may hold a NIK: show it masked."""
    from core.identifiers import mask_nik

    parts = []
    for part in str(key).split("|"):
        parts.append(mask_nik(part) if len(part) == 16 and part.isdigit() else part)
    return " · ".join(parts)


def _staged_duplicates(job, stats: RunStats) -> int:
    """Report staged rows whose natural key appeared on an earlier row, and drop them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ranked AS (
                SELECT id, row_number, nkey,
                       first_value(row_number) OVER (PARTITION BY nkey ORDER BY row_number) AS first_row
                FROM imports_stagedrow WHERE job_id = %s
            )
            DELETE FROM imports_stagedrow s USING ranked r
            WHERE s.id = r.id AND r.row_number <> r.first_row
            RETURNING r.row_number, r.first_row, r.nkey
            """,
            [job.pk],
        )
        duplicates = cursor.fetchall()
    room = max(0, MAX_STORED_ISSUES - stats.stored_issues)
    ImportIssue.objects.bulk_create(
        [_duplicate_issue(job, number, first, key) for number, first, key in sorted(duplicates)[:room]], batch_size=2000
    )
    return len(duplicates)


def _jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
