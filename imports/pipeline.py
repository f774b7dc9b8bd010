"""The import pipeline: read, match headers, clean, de-duplicate, write atomically, report.

``run_job(job_id, commit=False)`` is a preview: everything is computed inside a transaction that is
rolled back, so the preview counts are exactly what a commit would do and nothing is written.
``commit=True`` writes every valid row in one transaction.

A run is three stages with a ``Counters`` object between them (``_run`` wires them):

- ``SheetReader`` opens the job's file, finds the header row and yields each non-blank data row
  as ``(row number, the row's cells, column key → cell)``.
- ``RowCleaner`` turns that into the importer's record (``Importer.clean``) or its errors, with
  warnings either way, and counts the row; issues go to an ``IssueBuffer``.
- A writer takes the valid records. Two share the reading and cleaning:

  - ``OrmWriter`` (SQLite, and every importer without a COPY path): the cleaned records are kept
    in memory, de-duplicated by natural key, then written in bulk inside one ``transaction.atomic``.
  - ``CopyWriter`` (PostgreSQL, importers declaring ``staged``): cleaned rows go in chunks of
    ``COPY_CHUNK`` through a bounded queue to a writer thread with its own connection. Inside ONE
    transaction the writer COPYs each chunk into ``imports_stagedrow`` (an UNLOGGED table), drops
    and reports the chunk's rows whose natural key an earlier row of the file already had, and
    upserts the rest into the register (the importer's ``write_staged``), while the main thread
    parses and validates the next chunks. The transaction commits once at the end (or rolls
    back for a preview or on any error in either thread); a killed process leaves nothing, staged
    rows included. Memory stays flat whatever the file's size.
    When the caller already holds a transaction (tests, ``ATOMIC_REQUESTS``), a second connection
    would not see its rows, so the same chunks are applied at the end on the caller's connection.

Progress counters are saved every ``PROGRESS_EVERY`` rows, outside the data transaction, so a
polling page sees them.

The COPY path writes PostgreSQL's text format by hand (``_copy_value``) and the importers' staged
SQL does what the ORM would (defaults, timestamps, audit rows): on a Django or psycopg upgrade,
rerun ``tests/imports/`` on SQLite and on PostgreSQL (``test_postgres_copy.py``,
``test_postgres_threaded.py``, ``test_umkm_import.py``, ``test_issue14.py``) and
``bench/imports/commit.py`` against docs/performance.md (Imports).
"""

from __future__ import annotations

import contextlib
import io
import logging
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import facts
from imports import readers
from imports import values as v
from imports.base import Counts, Importer, get_importer, header_key, match_headers
from imports.models import ColumnMapping, ImportIssue, ImportJob, IssueKind, JobState, StagedRow

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5000
# ... and at least every tenth of the file, so the bar moves in steps of at most 10 %.
PROGRESS_STEPS = 10
# PostgreSQL path: valid rows per chunk handed to the writer, and chunks waiting at most.
COPY_CHUNK = 3000
# The first chunks are smaller (doubling up to COPY_CHUNK) so the writer starts early, and so are
# the last ones (half of what is left) so little remains to write once the file is read.
COPY_FIRST_CHUNK = 500
QUEUE_CHUNKS = 2
MAX_SAMPLES = 20
COPY_READ_SIZE = 1 << 24
HEADER_SEARCH_ROWS = 10
# First characters ``core.exports.neutralize`` guards with an apostrophe.
_NEUTRALISED = frozenset("=+-@\t\r|%")
MAX_STORED_ISSUES = 50_000


class RunAborted(Exception):
    pass


@dataclass
class Counters:
    """What a run has counted, handed from stage to stage and saved on the job.

    The reader sets ``total`` (its estimate of the data rows), the cleaner counts ``processed``,
    ``valid``, ``errors`` and ``warnings``, the writer ``duplicates`` and, at the end, the
    register's ``created``/``updated``/``unchanged``/``skipped``. ``on_progress`` callbacks get it.
    """

    total: int = 0
    processed: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0
    duplicates: int = 0
    stored_issues: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    samples: list = field(default_factory=list)
    writer: str = ""
    timings: dict = field(default_factory=dict)

    def record(self, counts: Counts) -> None:
        """The writer's counts of the register rows."""
        self.created, self.updated, self.unchanged, self.skipped = counts.created, counts.updated, counts.unchanged, counts.skipped
        self.samples = counts_samples(counts)


def find_header(rows, importer: Importer, job: ImportJob | None = None, overrides=None, remembered=None):
    """The header row among the first rows (a title or stamp may sit above it): its number, the
    row, column index → key, and every column described (``base.match_headers``). When required
    columns are missing, the best candidate's columns are kept on the job (``details["columns"]``)
    so the officer can map them."""
    best_missing = None
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        row = next(rows, None)
        if row is None:
            break
        if not any(str(c).strip() for c in row if c is not None):
            continue
        mapping, missing, described = match_headers(importer, row, overrides, remembered)
        if mapping and not missing:
            return number, row, mapping, described
        if mapping and (best_missing is None or len(missing) < len(best_missing)):
            best_missing = missing
            if job is not None:
                job.details = {**(job.details or {}), "columns": described, "header_row": number}
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
    """A value in PostgreSQL's COPY text format (NULL, booleans, ISO dates, escaped text)."""
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

    def save(self, counters: Counters, phase: str | None = None) -> None:
        fields = {
            "processed_rows": counters.processed,
            "total_rows": max(counters.total, counters.processed),
            "error_count": counters.errors,
            "warning_count": counters.warnings,
            "duplicate_count": counters.duplicates,
            "heartbeat_at": timezone.now(),
        }
        if phase is not None:
            fields["phase"] = phase
        ImportJob.objects.filter(pk=self.job.pk).update(**fields)


def run_job(job_id: int, *, commit: bool, on_progress=None) -> ImportJob:
    """Preview (``commit=False``) or commit one job; returns the job with its final state."""
    job = ImportJob.objects.get(pk=job_id)
    importer = get_importer(job.importer)
    if importer is None:  # jobs are created only for registered importers
        raise LookupError(f"unknown importer {job.importer!r}")
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
    counters = Counters()
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        mismatches = _run(job, importer, counters, commit=commit, use_copy=use_copy, on_progress=on_progress)
    except readers.FileRejected as rejected:
        _finish(job, counters, state=JobState.REJECTED, message=rejected.message)
        return job
    except BaseException as error:  # noqa: BLE001 - a killed run must still be marked
        if use_copy:
            _clear_staging(job.pk)
        logger.exception("import job %s failed", job.pk)
        message = _("Impor gagal karena kesalahan sistem; tidak ada data yang tersimpan. Jalankan ulang.")
        _finish(job, counters, state=JobState.FAILED, message=message)
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
    counters.timings["total"] = round(time.perf_counter() - started, 3)
    counters.timings["cpu"] = round(time.process_time() - cpu_started, 3)
    job.valid_rows = counters.valid
    job.created_count, job.updated_count = counters.created, counters.updated
    job.unchanged_count, job.skipped_count = counters.unchanged, counters.skipped
    job.details = {
        **(job.details or {}),
        "samples": counters.samples,
        "timings": counters.timings,
        "mismatches": len(mismatches),
        "engine": "copy" if use_copy else "orm",
        "writer": counters.writer,
    }
    job.committed = commit or job.committed
    _finish(job, counters, state=JobState.DONE if commit else JobState.PREVIEWED)
    return job


def counts_samples(counts: Counts) -> list:
    return getattr(counts, "samples", [])[:40]


def _finish(job: ImportJob, counters: Counters, *, state: str, message: str = "") -> None:
    job.state = state
    job.message = message
    job.phase = ""
    job.total_rows = max(counters.total, counters.processed)
    job.processed_rows = counters.processed
    job.error_count, job.warning_count, job.duplicate_count = counters.errors, counters.warnings, counters.duplicates
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save()


def _clear_staging(job_id: int) -> None:
    try:
        StagedRow.objects.filter(job_id=job_id).delete()
    except Exception:  # noqa: BLE001 - the connection may be gone; the next run clears it
        logger.warning("could not clear staged rows of job %s", job_id)


def _run(job: ImportJob, importer: Importer, counters: Counters, *, commit: bool, use_copy: bool, on_progress) -> list:
    """Read, clean and write the job's rows; returns the reconciliation mismatches."""
    progress = _Progress(job)
    ctx = importer.prepare(job)
    issues = IssueBuffer(counters)
    writer = (
        CopyWriter(job, importer, ctx, counters, issues, commit=commit) if use_copy else OrmWriter(job, importer, ctx, counters, issues)
    )
    try:
        t0 = time.perf_counter()
        writer.start()
        with SheetReader(job, importer) as reader:
            counters.total = reader.data_rows
            # Every column of the file under its own header, for the rejected-rows workbook.
            job.details = {
                **(job.details or {}),
                "columns": reader.described,
                "header_row": reader.header_number,
                "headers": reader.source_headers,
            }
            ImportJob.objects.filter(pk=job.pk).update(details=job.details)
            for column in reader.described:
                if column["field"] is None and column["via"] != "keterangan":
                    issues.add(_ignored_issue(job, reader.header_number, column))
            cleaner = RowCleaner(job, importer, ctx, counters, issues, identifier_columns=reader.identifier_columns())
            clean, add = cleaner.clean, writer.add
            progress_every = max(1, min(PROGRESS_EVERY, counters.total // PROGRESS_STEPS))
            for number, row, raw in reader.rows():
                record = clean(number, row, raw)
                if record is not None:
                    add(number, record)
                if counters.processed % progress_every == 0:
                    issues.flush()
                    writer.sync()
                    progress.save(counters)
                    if on_progress:
                        on_progress(counters)
            writer.flush()
            issues.flush()
        counters.timings["read_clean"] = round(time.perf_counter() - t0, 3)
        if counters.processed == 0:
            raise readers.FileRejected(_("Berkas tidak berisi baris data di bawah judul kolom."))
        writer.sync()
        progress.save(counters, phase=_("Menyimpan ke basis data") if commit else _("Menghitung pratinjau"))
        if on_progress:
            on_progress(counters)
        counts, mismatches = writer.finish(commit=commit)
    except BaseException:
        writer.abort()
        raise
    counters.record(counts)
    return mismatches


class SheetReader:
    """Stage 1: the job's file (xlsx, xls, ods, csv) as numbered rows of the importer's columns.

    Opened as a context manager: finds the header row (``find_header``, with the job's own and the
    remembered column mappings) and then yields the data rows from ``rows()``.
    """

    def __init__(self, job: ImportJob, importer: Importer):
        self.job = job
        self.importer = importer
        self._exit = contextlib.ExitStack()

    def __enter__(self) -> SheetReader:
        job, importer = self.job, self.importer
        with contextlib.ExitStack() as opening:
            handle = opening.enter_context(job.file.open("rb"))
            kind = readers.detect_kind(handle.read(8), job.file_name)
            handle.seek(0)
            self._rows, total = readers.iter_rows(handle, kind, job.sheet)
            opening.callback(getattr(self._rows, "close", lambda: None))  # a reader stopped early ends before its file closes
            overrides = {header_key(h): f for h, f in ((job.details or {}).get("mapping") or {}).items()}
            remembered = dict(ColumnMapping.objects.filter(importer=importer.key).values_list("header_key", "field"))
            self.header_number, header_row, mapping, self.described = find_header(self._rows, importer, job, overrides, remembered)
            self._exit = opening.pop_all()
        self.data_rows = max(0, total - self.header_number)
        self.index_keys = sorted(mapping.items())
        self.source_headers = [v.text(h) for h in header_row]
        return self

    def __exit__(self, *exc_info) -> None:
        self._exit.close()

    def identifier_columns(self) -> list[tuple[str, str]]:
        """(key, header) of the mapped columns that hold identifiers (``Importer.identifier_keys``)."""
        keys = self.importer.identifier_keys
        return [(key, self.importer.column(key).header) for _index, key in self.index_keys if key in keys]

    def rows(self) -> Iterator[tuple[int, list, dict]]:
        """(file row number, the row as read, column key → cell) of each row with a value."""
        index_keys = self.index_keys
        number = self.header_number
        for row in self._rows:
            number += 1
            if not row:
                continue
            raw = {}
            blank = True
            for index, key in index_keys:
                value = row[index] if index < len(row) else None
                if value is not None and value != "":
                    blank = False
                    if value.__class__ is str and value[0] == "'" and value[1:2] in _NEUTRALISED:
                        value = value[1:]  # text our own exports neutralised (rejected rows uploaded again)
                raw[key] = value
            if not blank:
                yield number, row, raw


class IssueBuffer:
    """Issues of the rows read so far, stored in bulk on ``flush``: at most ``MAX_STORED_ISSUES`` a
    job (the counters still count every row)."""

    def __init__(self, counters: Counters):
        self.counters = counters
        self.pending: list[ImportIssue] = []
        self.add = self.pending.append

    def flush(self) -> None:
        if self.pending:
            room = MAX_STORED_ISSUES - self.counters.stored_issues
            if room > 0:
                ImportIssue.objects.bulk_create(self.pending[:room], batch_size=2000)
                self.counters.stored_issues += min(room, len(self.pending))
            self.pending.clear()


class RowCleaner:
    """Stage 2: a row's cells into the importer's record, or its errors; warnings either way.

    Counts the row (``processed``, ``valid``, ``errors``, ``warnings``) and records its issues; a
    rejected row keeps all its cells (``values``) for the rejected-rows workbook.
    """

    def __init__(self, job: ImportJob, importer: Importer, ctx, counters: Counters, issues: IssueBuffer, *, identifier_columns):
        self.job = job
        self.importer = importer
        self.ctx = ctx
        self.counters = counters
        self.add_issue = issues.add
        self.identifier_columns = identifier_columns

    def clean(self, number: int, row: list, raw: dict) -> dict | None:
        """The record of the row, or None when the row is rejected."""
        counters, job, add_issue = self.counters, self.job, self.add_issue
        counters.processed += 1
        result = self.importer.clean(raw, self.ctx)
        record = result.record
        if record is not None:
            for key, column_header in self.identifier_columns:
                if v.number_cell(raw[key]):
                    result.warnings.append((column_header, _identifier_warning(column_header)))
        if result.warnings:
            counters.warnings += 1
            for column, message in result.warnings:
                add_issue(ImportIssue(job=job, kind=IssueKind.WARNING, row_number=number, column=column, message=message))
        if record is None:
            counters.errors += 1
            values = {"cells": [_stored_cell(c) for c in row]}
            for position, (column, message) in enumerate(result.errors):
                add_issue(
                    ImportIssue(
                        job=job,
                        kind=IssueKind.ERROR,
                        row_number=number,
                        column=column,
                        message=message,
                        values=values if position == 0 else None,
                    )
                )
            return None
        counters.valid += 1
        return record


class OrmWriter:
    """Stage 3, embedded path: the records kept in memory, de-duplicated by natural key (the first
    row wins), then written by ``Importer.write`` in one transaction (rolled back for a preview)."""

    def __init__(self, job: ImportJob, importer: Importer, ctx, counters: Counters, issues: IssueBuffer):
        self.job = job
        self.importer = importer
        self.ctx = ctx
        self.counters = counters
        self.add_issue = issues.add
        self.natural_key = importer.natural_key
        self.records: list[dict] = []
        self.seen: dict[str, int] = {}
        self.duplicate_mismatches: list = []

    def start(self) -> None:
        pass

    def add(self, number: int, record: dict) -> None:
        key = self.natural_key(record)
        first = self.seen.get(key)
        if first is not None:
            self.counters.duplicates += 1
            self.add_issue(_duplicate_issue(self.job, number, self.records[first]["_row"], key))
            mismatch = self.importer.on_duplicate(self.records[first], record, number)
            if mismatch is not None:
                self.duplicate_mismatches.append(mismatch)
        else:
            self.seen[key] = len(self.records)
            record["_row"] = number
            self.records.append(record)

    def flush(self) -> None:
        pass

    def sync(self) -> None:
        pass

    def finish(self, *, commit: bool) -> tuple[Counts, list]:
        started = time.perf_counter()
        importer, records, ctx = self.importer, self.records, self.ctx
        with transaction.atomic():
            # The derived figures (dashboard) follow the rows the write names, in this transaction.
            scope = importer.fact_scope(records, ctx) if commit else None
            with facts.changing(**scope) if scope is not None else contextlib.nullcontext():
                counts = importer.write(records, ctx)
            mismatches = self.duplicate_mismatches + importer.reconcile(records, ctx)
            if commit and scope is None:
                facts.bulk_changed(source="import")  # no scope named: a full refresh
            elif not commit:
                transaction.set_rollback(True)
        self.counters.timings["write"] = round(time.perf_counter() - started, 3)
        return counts, mismatches

    def abort(self) -> None:
        pass


class CopyWriter:
    """Stage 3, PostgreSQL: each valid record as a COPY line, in chunks handed to the staging
    writer (``_StagingThread``, or ``_StagingInline`` inside the caller's transaction), which
    de-duplicates and upserts them; duplicates are counted by the writer as it goes."""

    def __init__(self, job: ImportJob, importer: Importer, ctx, counters: Counters, issues: IssueBuffer, *, commit: bool):
        staging_class = _StagingInline if connection.in_atomic_block else _StagingThread
        self.staging = staging_class(job.pk, importer, ctx)
        self.staging.maintain_facts = commit  # a preview is rolled back: no fact maintenance
        counters.writer = self.staging.kind
        self.job = job
        self.counters = counters
        self.natural_key = importer.natural_key
        self.staged_fields = importer.staged_fields
        self.prefix = f"{job.pk}\t"
        self.buffer = io.StringIO()
        self.rows = 0
        self.first = self.last = 0
        self.target = min(COPY_FIRST_CHUNK, COPY_CHUNK)

    def start(self) -> None:
        self.staging.start()

    def add(self, number: int, record: dict) -> None:
        if not self.rows:
            self.first = number
        self.last = number
        write = self.buffer.write
        write(self.prefix)
        write(f"{number}\t{_copy_value(self.natural_key(record))}\t")
        write("\t".join([_copy_value(record[f]) for f in self.staged_fields]))
        write("\n")
        self.rows += 1
        if self.rows >= self.target:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered rows to the staging writer as one chunk."""
        if self.rows:
            self.buffer.seek(0)
            self.staging.submit(self.buffer, self.first, self.last, self.rows)
            self.buffer = io.StringIO()
            self.rows = 0
            left = self.counters.total - self.counters.processed
            self.target = min(COPY_CHUNK, 2 * self.target, max(COPY_FIRST_CHUNK, left // 2))

    def sync(self) -> None:
        self.counters.duplicates = self.staging.duplicate_count

    def finish(self, *, commit: bool) -> tuple[Counts, list]:
        started = time.perf_counter()
        staging, counters = self.staging, self.counters
        counts = staging.finish(commit=commit)
        counters.duplicates = staging.duplicate_count
        room = max(0, MAX_STORED_ISSUES - counters.stored_issues)
        ImportIssue.objects.bulk_create(
            [_duplicate_issue(self.job, number, first, key) for number, first, key in staging.duplicates[:room]], batch_size=2000
        )
        counters.timings.update(staging.timings)
        counters.timings["wait"] = round(time.perf_counter() - started, 3)
        return counts, staging.mismatches

    def abort(self) -> None:
        self.staging.abort()


class _Staging:
    """Moves cleaned chunks through ``imports_stagedrow`` into the register (PostgreSQL).

    Each chunk is COPYed into the staging table, its rows whose natural key appeared on an earlier
    staged row of the job are dropped and reported (the first occurrence wins), then the importer's
    ``write_staged`` upserts the chunk's remaining rows. Every chunk of a job is applied inside ONE
    transaction, committed at the end (or rolled back for a preview or on any error), so nothing is
    ever half-written; the staged rows are deleted before the commit.
    """

    def __init__(self, job_id: int, importer: Importer, ctx):
        self.job_id = job_id
        self.importer = importer
        self.ctx = ctx
        self.counts = Counts()
        self.counts.samples = []
        self.duplicate_count = 0
        self.duplicates: list[tuple[int, int, str]] = []  # (row, first row, key), the first MAX_STORED_ISSUES
        self.mismatches: list = []
        self.timings = {"copy": 0.0, "dedupe": 0.0, "write": 0.0, "facts": 0.0}
        self.maintain_facts = False
        self.facts_unscoped = False

    def _copy(self, cursor, buffer) -> None:
        started = time.perf_counter()
        columns = self.importer.staged.copy_columns()
        # One read of the whole chunk: a thread that read it 8 kB at a time would wait for the GIL each time.
        cursor.copy_expert(f"COPY imports_stagedrow ({columns}) FROM STDIN", buffer, COPY_READ_SIZE)
        self.timings["copy"] += time.perf_counter() - started

    def _apply(self, cursor, first: int, last: int, count: int) -> None:
        """De-duplicate and write the ``count`` staged rows ``first..last`` of the job."""
        started = time.perf_counter()
        cursor.execute(
            """
            DELETE FROM imports_stagedrow s USING (
                SELECT c.id, c.row_number, c.nkey,
                       (SELECT min(e.row_number) FROM imports_stagedrow e WHERE e.job_id = c.job_id AND e.nkey = c.nkey) AS first_row
                FROM imports_stagedrow c
                WHERE c.job_id = %s AND c.row_number BETWEEN %s AND %s
            ) d
            WHERE s.id = d.id AND d.first_row < d.row_number
            RETURNING d.row_number, d.first_row, d.nkey
            """,
            [self.job_id, first, last],
        )
        found = cursor.fetchall()
        if found:
            self.duplicate_count += len(found)
            room = MAX_STORED_ISSUES - len(self.duplicates)
            if room > 0:
                self.duplicates.extend(sorted(found)[:room])
        self.timings["dedupe"] += time.perf_counter() - started
        started = time.perf_counter()
        wanted = MAX_SAMPLES - len(self.counts.samples)
        staged = count - len(found)
        # The derived figures (dashboard) follow the chunk's rows, on this connection and in its transaction.
        scope = self.importer.staged_fact_scope(self.job_id, (first, last)) if self.maintain_facts else None
        self.facts_unscoped = self.facts_unscoped or scope is None
        with facts.changing(**scope) if scope is not None else contextlib.nullcontext():
            written = time.perf_counter()
            counts = self.importer.write_staged(cursor, self.job_id, self.ctx, rows=(first, last), staged=staged, samples=max(0, wanted))
            written = time.perf_counter() - written
        self.timings["facts"] += time.perf_counter() - started - written
        started = time.perf_counter() - written
        self.counts.add(counts)
        self.counts.samples.extend(getattr(counts, "samples", [])[: max(0, wanted)])
        self.timings["write"] += time.perf_counter() - started

    def _end(self, cursor) -> None:
        """After the last chunk, still inside the transaction: reconcile, then drop the staged rows."""
        started = time.perf_counter()
        self.mismatches = self.importer.reconcile(None, self.ctx)
        cursor.execute("DELETE FROM imports_stagedrow WHERE job_id = %s", [self.job_id])
        if self.commit and self.facts_unscoped:
            facts.bulk_changed(source="import")  # a chunk named no scope: a full refresh, in this transaction
        self.timings["end"] = time.perf_counter() - started

    def _rounded_timings(self) -> None:
        self.timings = {key: round(value, 3) for key, value in self.timings.items()}


class _StagingThread(_Staging):
    """The writer in a thread of its own, with its own connection, while the main thread reads.

    PostgreSQL's work (COPY, de-duplication, upserts, index and foreign-key maintenance) overlaps
    the parsing and validation of the next chunks; psycopg2 releases the GIL while it waits. The
    queue is bounded, so at most a few chunks are held in memory whatever the file's size.
    """

    kind = "thread"

    def __init__(self, job_id: int, importer: Importer, ctx):
        super().__init__(job_id, importer, ctx)
        self.queue: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.commit = False
        self.language = translation.get_language()
        self.thread = threading.Thread(target=self._main, name=f"import-writer-{job_id}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def submit(self, buffer, first: int, last: int, count: int) -> None:
        self._put((buffer, first, last, count))

    def finish(self, *, commit: bool) -> Counts:
        self.commit = commit
        self._put(_FINISH)
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.counts

    def abort(self) -> None:
        """Stop the writer and wait until its transaction is rolled back."""
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def _put(self, item) -> None:
        while True:
            if self.error is not None or not self.thread.is_alive():
                raise self.error or RuntimeError("import writer stopped")
            try:
                self.queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _next(self):
        while True:
            if self.stop.is_set():
                raise RunAborted
            try:
                return self.queue.get(timeout=0.1)
            except queue.Empty:
                continue

    def _main(self) -> None:
        if self.language:
            translation.activate(self.language)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # Foreign keys checked statement by statement, while the main thread still
                    # reads, rather than all at the commit.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    while True:
                        item = self._next()
                        if item is _FINISH:
                            break
                        buffer, first, last, count = item
                        self._copy(cursor, buffer)
                        self._apply(cursor, first, last, count)
                    self._end(cursor)
                    if not self.commit:
                        transaction.set_rollback(True)
                started = time.perf_counter()
            self.timings["commit"] = time.perf_counter() - started
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error
        finally:
            connection.close()
            self._rounded_timings()


class _StagingInline(_Staging):
    """The same work on the caller's connection when the caller already holds a transaction.

    A second connection would not see the caller's uncommitted rows (and could wait on their
    locks), so chunks are COPYed as they come and applied at the end inside a savepoint.
    """

    kind = "inline"

    def __init__(self, job_id: int, importer: Importer, ctx):
        super().__init__(job_id, importer, ctx)
        self.ranges: list[tuple[int, int, int]] = []

    def start(self) -> None:
        pass

    def submit(self, buffer, first: int, last: int, count: int) -> None:
        with connection.cursor() as cursor:
            self._copy(cursor, buffer)
        self.ranges.append((first, last, count))

    def finish(self, *, commit: bool) -> Counts:
        self.commit = commit
        with transaction.atomic(), connection.cursor() as cursor:
            for first, last, count in self.ranges:
                self._apply(cursor, first, last, count)
            self._end(cursor)
            if not commit:
                transaction.set_rollback(True)
        if not commit:
            _clear_staging(self.job_id)
        self._rounded_timings()
        return self.counts

    def abort(self) -> None:
        pass


_FINISH = object()


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


def _stored_cell(value):
    """A cell kept for the rejected-rows workbook exactly as read: text, numbers and booleans as
    they are, dates and times tagged (JSON has none) so they come back as dates and times."""
    if value is None or value.__class__ in (str, int, float, bool):
        return value
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, dt_time):
        return {"time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"seconds": value.total_seconds()}
    return str(value)


def stored_cell_value(value):
    """The cell ``_stored_cell`` kept, as a Python value again."""
    if value.__class__ is dict:
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "time" in value:
            return dt_time.fromisoformat(value["time"])
        if "seconds" in value:
            return timedelta(seconds=value["seconds"])
    return value


def _ignored_issue(job, header_number: int, column: dict) -> ImportIssue:
    if column["via"] == "ganda":
        message = _("Kolom “%(header)s” diabaikan: isian yang sama sudah diambil dari kolom lain.") % {"header": column["header"]}
    elif column["via"] in ("pemetaan", "tersimpan"):
        message = _("Kolom “%(header)s” diabaikan sesuai pemetaan.") % {"header": column["header"]}
    else:
        message = _("Kolom “%(header)s” tidak dikenali dan diabaikan: isinya tidak diimpor. Petakan kolom ini bila perlu.") % {
            "header": column["header"]
        }
    return ImportIssue(
        job=job, kind=IssueKind.WARNING, code="ignored_column", row_number=header_number, column=column["header"][:60], message=message
    )


def _identifier_warning(header: str) -> str:
    return _("%(column)s dibaca dari sel angka, bukan teks: periksa bahwa semua digitnya benar (sebaiknya format kolom sebagai Teks).") % {
        "column": header
    }
