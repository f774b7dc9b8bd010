"""The PostgreSQL COPY path gives the same answers as the ORM path."""

import pytest

from enrollment.models import Person
from imports.models import ImportIssue, IssueKind, JobState, StagedRow
from imports.services import job_commit, job_create
from tests.factories import BusinessFactory, PersonFactory
from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload
from umkm.models import Business

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NIK_A = "7401015705850001"
NIK_B = "7401011705850002"
ROWS = [
    UMKM_HEADER,
    [NIK_A, "Siti", "Warung Siti", "", "56103", "Rp 15.000.000", "120.000.000", "2", "Kec. Wundulako", "Kel. Wundulako", "ya"],
    [NIK_B, "Budi", "Toko Budi", "1234567890123", "", "1500000", "", "", "", "74.01.01.1002", "T"],
    ["7.40101E+15", "Rusak", "Usaha Rusak", "", "", "", "", "", "", "Wundulako", ""],
    [NIK_A, "Siti", "Warung Siti", "", "56103", "Rp 15.000.000", "120.000.000", "2", "Kec. Wundulako", "Kel. Wundulako", "ya"],
]


def _job(user, rows=ROWS, commit=False):
    job = job_create(user=user, importer_key="umkm", uploaded=upload(csv_bytes(rows), "s.csv"))
    if commit:
        job_commit(job=job, user=user)
    job.refresh_from_db()
    return job


def test_copy_path_preview_commit_idempotent(dinas_user):
    people = Person.objects.count()
    preview = _job(dinas_user)
    assert preview.details["engine"] == "copy"
    assert (preview.state, preview.created_count, preview.duplicate_count, preview.error_count) == (JobState.PREVIEWED, 2, 1, 1)
    assert Person.objects.count() == people
    assert not Business.objects.filter(name="Warung Siti").exists()
    assert not StagedRow.objects.exists()
    assert ImportIssue.objects.get(job=preview, kind=IssueKind.DUPLICATE).row_number == 5
    done = _job(dinas_user, commit=True)
    assert (done.state, done.created_count, done.updated_count) == (JobState.DONE, 2, 0)
    siti = Business.objects.get(name="Warung Siti")
    assert (siti.capital, siti.annual_sales, siti.in_official_db, siti.scale, siti.source) == (
        15_000_000,
        120_000_000,
        True,
        "mikro",
        "survei",
    )
    assert not StagedRow.objects.exists()
    again = _job(dinas_user, commit=True)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)


def test_copy_path_updates_and_keeps_blank_cells(dinas_user):
    owner = PersonFactory(nik=NIK_A, gender="P", name="Nama Register")
    existing = BusinessFactory(owner=owner, name="Warung Siti", nib=None, capital=1, kbli="47111", annual_sales=None)
    BusinessFactory(nib="1234567890123", name="Lama", capital=20_000_000_000)
    job = _job(
        dinas_user,
        [
            UMKM_HEADER[:3] + ["NIB", "Modal Usaha", "Desa/Kelurahan"],
            [NIK_A, "Siti", "Warung Siti", "", "Rp 2.000.000", "Wundulako"],
            [NIK_B, "Budi", "Toko Budi", "1234567890123", "", "Wundulako"],
        ],
        commit=True,
    )
    assert (job.created_count, job.updated_count) == (0, 2)
    existing.refresh_from_db()
    assert (existing.capital, existing.kbli) == (2_000_000, "47111")
    assert Person.objects.get(nik=NIK_A).name == "Nama Register"
    budi = Business.objects.get(nib="1234567890123")
    assert budi.name == "Toko Budi"
    assert budi.owner.nik == NIK_B
    assert budi.capital == 20_000_000_000
    assert budi.scale == "besar"


def test_copy_path_failure_leaves_nothing(dinas_user, monkeypatch):
    from umkm.importers import UmkmImporter

    def broken(self, cursor, job_id, ctx, **chunk):
        cursor.execute(
            "INSERT INTO enrollment_person (nik, name, gender, birth_date, phone, address, nik_region_known, created_at, updated_at) VALUES ('7401015705850001', 'x', 'P', '1985-05-17', '', '', true, now(), now())"
        )
        raise RuntimeError("boom")

    monkeypatch.setattr(UmkmImporter, "write_staged", broken)
    job = _job(dinas_user, commit=True)
    assert job.state == JobState.FAILED
    assert not Person.objects.filter(nik=NIK_A).exists()
    assert not StagedRow.objects.exists()
