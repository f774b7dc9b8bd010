"""The PostgreSQL writer thread: chunks, duplicates across chunks, failures, preview.

These tests commit for real (transactional), as the background worker does: the writer thread
has its own connection, which sees only committed rows.
"""

from __future__ import annotations

import pytest

from enrollment.models import Person
from imports import pipeline
from imports.models import ImportIssue, ImportJob, IssueKind, JobState, StagedRow
from imports.services import job_create
from tests.factories import UserFactory, make_nik
from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload
from umkm.importers import UmkmImporter
from umkm.models import Business

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NIKS = [make_nik(serial=i) for i in range(1, 8)]


def _row(nik, owner, name, nib="", capital="Rp 15.000.000"):
    return [nik, owner, name, nib, "56103", capital, "120.000.000", "2", "Kec. Wundulako", "Kel. Wundulako", "ya"]


def survey():
    """Rows 2..13 of the file: four duplicates, one error."""
    return [
        UMKM_HEADER,
        _row(NIKS[0], "Siti", "Warung Siti"),  # 2
        _row(NIKS[1], "Budi", "Toko Budi", nib="1234567890123"),  # 3
        _row(NIKS[2], "Ani", "Kios Ani"),  # 4
        _row(NIKS[0], "Siti Lain", "Warung Siti", capital="1"),  # 5: duplicate of 2 (owner NIK + name)
        _row(NIKS[3], "Dedi", "Bengkel Dedi"),  # 6
        ["7.40101E+15", "Rusak", "Usaha Rusak", "", "", "", "", "", "", "Wundulako", ""],  # 7: error
        _row(NIKS[4], "Eka", "Toko Lain", nib="1234567890123"),  # 8: duplicate of 3 (NIB)
        _row(NIKS[0], "Siti", "Warung Kedua"),  # 9: same owner, another business
        _row(NIKS[5], "Fajar", "Kedai Fajar"),  # 10
        _row(NIKS[2], "Ani", "Kios Ani"),  # 11: duplicate of 4
        _row(NIKS[6], "Gita", "Salon Gita", nib="9876543210987"),  # 12
        _row(NIKS[6], "Gita", "Salon Gita", nib="9876543210987"),  # 13: duplicate of 12
    ]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(pipeline, "COPY_CHUNK", 2)
    monkeypatch.setattr(pipeline, "QUEUE_CHUNKS", 1)


@pytest.fixture
def dinas(db):
    return UserFactory(username="dinas_thread", role="dinas")


def _job(user, rows=None, *, commit):
    job = job_create(user=user, importer_key="umkm", uploaded=upload(csv_bytes(rows or survey()), "survei.csv"), enqueue=False)
    pipeline.run_job(job.pk, commit=commit)
    job.refresh_from_db()
    return job


def _register():
    return Person.objects.filter(nik__in=NIKS).count(), Business.objects.filter(owner__nik__in=NIKS).count()


@pytest.mark.parametrize("chunk", [1, 2, 3, 5000])
def test_duplicates_across_chunks_first_occurrence_wins(dinas, monkeypatch, chunk):
    """Chunks of 1, 2 and 3 valid rows put each duplicate in another chunk than its first row, or
    (rows 12 and 13 with 3) in the same one; 5000 is one chunk."""
    monkeypatch.setattr(pipeline, "COPY_CHUNK", chunk)
    monkeypatch.setattr(pipeline, "QUEUE_CHUNKS", 1)
    job = _job(dinas, commit=True)
    assert (job.details["engine"], job.details["writer"]) == ("copy", "thread")
    assert job.state == JobState.DONE
    assert (job.created_count, job.updated_count, job.unchanged_count) == (7, 0, 0)
    assert (job.duplicate_count, job.error_count, job.valid_rows) == (4, 1, 11)
    duplicates = ImportIssue.objects.filter(job=job, kind=IssueKind.DUPLICATE).order_by("row_number")
    assert [(d.row_number, d.message.split("baris ")[-1].split(";")[0]) for d in duplicates] == [
        (5, "2"),
        (8, "3"),
        (11, "4"),
        (13, "12"),
    ]
    siti = Business.objects.get(name="Warung Siti")
    assert (siti.owner.name, siti.capital) == ("Siti", 15_000_000)  # row 2, not row 5
    budi = Business.objects.get(nib="1234567890123")
    assert (budi.name, budi.owner.nik) == ("Toko Budi", NIKS[1])  # row 3, not row 8
    assert Person.objects.filter(nik=NIKS[4]).exists() is False  # only in the duplicate row 8
    assert Business.objects.filter(owner__nik=NIKS[0]).count() == 2
    assert [s["row"] for s in job.details["samples"]] == [2, 3, 4, 6, 9, 10, 12]
    assert not StagedRow.objects.exists()

    again = _job(dinas, commit=True)
    assert (again.created_count, again.updated_count, again.unchanged_count, again.duplicate_count) == (0, 0, 7, 4)
    assert not StagedRow.objects.exists()


def test_preview_with_the_writer_thread_writes_nothing(dinas, small_chunks):
    before = _register()
    job = _job(dinas, commit=False)
    assert (job.state, job.details["writer"]) == (JobState.PREVIEWED, "thread")
    assert (job.created_count, job.duplicate_count, job.error_count) == (7, 4, 1)
    assert _register() == before == (0, 0)
    assert not StagedRow.objects.exists()
    assert ImportIssue.objects.filter(job=job, kind=IssueKind.DUPLICATE).count() == 4
    assert ImportIssue.objects.filter(job=job, kind=IssueKind.ERROR).count() == 1


def test_failure_in_the_writer_after_some_chunks_leaves_nothing(dinas, small_chunks, monkeypatch):
    original = UmkmImporter.write_staged
    calls = []

    def fails_on_third_chunk(self, cursor, job_id, ctx, **chunk):
        calls.append(chunk["rows"])
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(self, cursor, job_id, ctx, **chunk)

    monkeypatch.setattr(UmkmImporter, "write_staged", fails_on_third_chunk)
    job = _job(dinas, commit=True)
    assert len(calls) == 3  # two chunks were written inside the transaction before the failure
    assert job.state == JobState.FAILED
    assert "tidak ada data yang tersimpan" in job.message
    assert _register() == (0, 0)
    assert not StagedRow.objects.exists()


class Killed(BaseException):
    """Stands for the process being killed while the writer works."""


def test_writer_killed_in_the_middle_leaves_nothing_and_can_run_again(dinas, small_chunks, monkeypatch):
    original = UmkmImporter.write_staged
    calls = []

    def dies(self, cursor, job_id, ctx, **chunk):
        calls.append(1)
        result = original(self, cursor, job_id, ctx, **chunk)
        if len(calls) == 2:
            raise Killed
        return result

    monkeypatch.setattr(UmkmImporter, "write_staged", dies)
    with pytest.raises(Killed):
        _job(dinas, commit=True)
    job = ImportJob.objects.get()
    assert job.state == JobState.FAILED
    assert _register() == (0, 0)
    assert not StagedRow.objects.exists()
    monkeypatch.setattr(UmkmImporter, "write_staged", original)
    pipeline.run_job(job.pk, commit=True)
    job.refresh_from_db()
    assert (job.state, job.created_count, job.duplicate_count) == (JobState.DONE, 7, 4)


def test_failure_while_reading_after_chunks_were_written_leaves_nothing(dinas, small_chunks, monkeypatch):
    original = UmkmImporter.clean

    def breaks_on_row_with(self, raw, ctx):
        if raw.get("owner_name") == "Fajar":  # row 10: several chunks are already written
            raise ValueError("reader broke")
        return original(self, raw, ctx)

    monkeypatch.setattr(UmkmImporter, "clean", breaks_on_row_with)
    job = _job(dinas, commit=True)
    assert job.state == JobState.FAILED
    assert _register() == (0, 0)
    assert not StagedRow.objects.exists()


def test_progress_is_saved_from_the_main_thread(dinas, small_chunks, monkeypatch):
    monkeypatch.setattr(pipeline, "PROGRESS_EVERY", 3)
    monkeypatch.setattr(pipeline, "PROGRESS_STEPS", 1)  # every 3 rows, whatever the file's length
    seen = []
    job = job_create(user=dinas, importer_key="umkm", uploaded=upload(csv_bytes(survey()), "survei.csv"), enqueue=False)

    def on_progress(stats):
        seen.append((stats.processed, ImportJob.objects.values_list("processed_rows", flat=True).get(pk=job.pk)))

    pipeline.run_job(job.pk, commit=True, on_progress=on_progress)
    assert [processed for processed, _saved in seen[:4]] == [3, 6, 9, 12]
    assert all(processed == saved for processed, saved in seen)
