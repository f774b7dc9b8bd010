"""The UMKM importer through the whole pipeline: preview, commit, idempotency, duplicates, errors, atomicity."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrollment.models import Person
from imports import pipeline
from imports.models import ImportIssue, ImportJob, IssueKind, JobState
from imports.services import job_commit, job_create, job_rerun
from tests.factories import BusinessFactory, PersonFactory, make_nik
from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload, xlsx_bytes
from umkm.models import Business

pytestmark = pytest.mark.django_db

NIK_A = "7401015705850001"  # woman, 17 May 1985
NIK_B = "7401011705850002"  # man


def rows():
    return [
        UMKM_HEADER,
        [NIK_A, "Siti Aminah", "Warung Siti", "", "56103", "Rp 15.000.000", "120.000.000", "2", "Kec. Wundulako", "Kel. Wundulako", "ya"],
        [f"'{NIK_B[:4]} {NIK_B[4:]}", "Budi", "Toko Budi", "1234567890123", "", "1500000", "", "", "", "74.01.01.1002", "T"],
        ["7.40101E+15", "Rusak", "Usaha Rusak", "", "", "", "", "", "", "Wundulako", ""],
        [NIK_A, "Siti Aminah", "Warung Siti", "", "56103", "Rp 15.000.000", "120.000.000", "2", "Kec. Wundulako", "Kel. Wundulako", "ya"],
    ]


def _preview(user, content, name="survei.csv", **kwargs):
    job = job_create(user=user, importer_key="umkm", uploaded=upload(content, name), **kwargs)
    job.refresh_from_db()
    return job


def _commit(job, user):
    job_commit(job=job, user=user)
    job.refresh_from_db()
    return job


def test_preview_writes_nothing_and_reports_what_would_happen(dinas_user):
    people, businesses = Person.objects.count(), Business.objects.count()
    job = _preview(dinas_user, csv_bytes(rows()))
    assert job.state == JobState.PREVIEWED
    assert (job.processed_rows, job.created_count, job.updated_count, job.error_count, job.duplicate_count) == (4, 2, 0, 1, 1)
    assert Person.objects.count() == people
    assert Business.objects.count() == businesses
    assert {s["action"] for s in job.details["samples"]} == {"dibuat"}
    error = ImportIssue.objects.get(job=job, kind=IssueKind.ERROR)
    assert (error.row_number, error.column) == (4, "NIK Pemilik")
    assert "notasi ilmiah" in error.message
    duplicate = ImportIssue.objects.get(job=job, kind=IssueKind.DUPLICATE)
    assert duplicate.row_number == 5
    assert "sudah ada di baris 2" in duplicate.message
    assert NIK_A not in duplicate.message  # the key is shown masked


def test_commit_writes_every_valid_row_once(dinas_user):
    job = _commit(_preview(dinas_user, csv_bytes(rows())), dinas_user)
    assert job.state == JobState.DONE
    assert job.committed
    assert (job.created_count, job.updated_count, job.unchanged_count) == (2, 0, 0)
    siti = Business.objects.get(name="Warung Siti")
    assert siti.owner.nik == NIK_A
    assert siti.owner.gender == "P"
    assert siti.owner.name == "Siti Aminah"
    assert (siti.capital, siti.annual_sales, siti.worker_count, siti.kbli, siti.in_official_db) == (
        15_000_000,
        120_000_000,
        2,
        "56103",
        True,
    )
    assert siti.desa_id == "74.01.01.1002"
    assert siti.source == "survei"
    assert siti.scale == "mikro"
    budi = Business.objects.get(nib="1234567890123")
    assert budi.owner.nik == NIK_B
    assert budi.in_official_db is False
    assert Business.objects.filter(name="Warung Siti").count() == 1
    assert job.started_at
    assert job.finished_at
    assert job.duration_seconds is not None


def test_same_data_again_changes_nothing_and_the_file_is_recognised(dinas_user):
    first = _commit(_preview(dinas_user, csv_bytes(rows())), dinas_user)
    before = {b.pk: b.updated_at for b in Business.objects.all()}
    again = _preview(dinas_user, csv_bytes(rows()))
    assert again.duplicate_of_id == first.pk
    again = _commit(again, dinas_user)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert {b.pk: b.updated_at for b in Business.objects.all()} == before
    # The same data in a workbook (different hash) changes nothing either.
    book = _commit(_preview(dinas_user, xlsx_bytes(rows()), "survei.xlsx"), dinas_user)
    assert book.duplicate_of_id is None
    assert (book.created_count, book.updated_count, book.unchanged_count) == (0, 0, 2)


def test_update_by_nib_and_by_owner_and_name_and_blank_cells_keep_values(dinas_user):
    _commit(_preview(dinas_user, csv_bytes(rows())), dinas_user)
    changed = [
        UMKM_HEADER,
        [NIK_A, "Siti Aminah", "Warung Siti", "", "", "Rp 20.000.000", "", "3", "", "74.01.01.1002", ""],
        [NIK_B, "Budi", "Toko Budi Baru", "1234567890123", "", "", "", "", "", "74.01.01.1002", ""],
    ]
    job = _commit(_preview(dinas_user, csv_bytes(changed)), dinas_user)
    assert (job.created_count, job.updated_count) == (0, 2)
    siti = Business.objects.get(name="Warung Siti")
    assert (siti.capital, siti.worker_count, siti.annual_sales, siti.kbli, siti.in_official_db) == (
        20_000_000,
        3,
        120_000_000,
        "56103",
        True,
    )
    assert Business.objects.get(nib="1234567890123").name == "Toko Budi Baru"


def test_existing_owner_keeps_his_data(dinas_user):
    PersonFactory(nik=NIK_A, name="Nama Register", gender="P")
    _commit(_preview(dinas_user, csv_bytes(rows())), dinas_user)
    assert Person.objects.get(nik=NIK_A).name == "Nama Register"


def test_xlsx_first_sheet_or_a_chosen_one_with_numbers_and_dates(dinas_user):
    from datetime import datetime

    header = ["No. KTP", "Nama", "Tgl Lahir", "Nama Usaha", "Modal", "Desa", "Terdata"]
    data = [
        header,
        [
            int(NIK_A),
            "Siti",
            datetime(1985, 5, 17),  # noqa: DTZ001 - a spreadsheet cell is naive
            "Warung Siti",
            15000000,
            "wundulako",
            1,
        ],
    ]
    content = xlsx_bytes([["Ringkasan"]], sheet="Sampul", extra_sheets={"Survei 2026": data})
    rejected = _preview(dinas_user, content, "survei.xlsx")
    assert rejected.state == JobState.REJECTED
    job = _commit(_preview(dinas_user, content, "survei.xlsx", sheet="Survei 2026"), dinas_user)
    assert job.created_count == 1, job.message
    business = Business.objects.get(name="Warung Siti")
    assert business.owner.nik == NIK_A
    assert business.capital == 15_000_000
    assert business.in_official_db


def test_missing_required_columns_reject_the_file(dinas_user):
    job = _preview(dinas_user, csv_bytes([["NIK", "Nama Usaha"], [NIK_A, "Warung"]]))
    assert job.state == JobState.REJECTED
    assert job.message.startswith("Kolom wajib tidak ditemukan: Nama Pemilik, Desa/Kelurahan.")


def test_comma_separated_without_bom_and_lenient_headers(dinas_user):
    content = csv_bytes(
        [["nik pemilik", "NAMA PEMILIK", "Nama  Usaha", "desa / kelurahan"], [NIK_A, "Siti", "Warung", "Wundulako"]],
        delimiter=",",
        bom=False,
    )
    job = _preview(dinas_user, content)
    assert job.state == JobState.PREVIEWED
    assert job.created_count == 1


def test_each_row_error_names_row_column_and_reason(dinas_user):
    bad = [
        [
            "NIK Pemilik",
            "Nama Pemilik",
            "Jenis Kelamin",
            "Tanggal Lahir",
            "Telepon",
            "Nama Usaha",
            "NIB",
            "KBLI",
            "Modal Usaha",
            "Jumlah Pekerja",
            "Kecamatan",
            "Desa/Kelurahan",
            "Terdata Resmi",
        ],
        [NIK_A, "Siti", "L", "", "", "Warung", "", "", "", "", "", "Wundulako", ""],
        [NIK_A, "Siti", "", "18/05/1985", "", "Warung 2", "", "", "", "", "", "Wundulako", ""],
        [NIK_A, "", "", "", "12", "", "123", "ABCDE", "lima juta", "dua", "Atlantis", "Wundulako", "mungkin"],
    ]
    job = _preview(dinas_user, csv_bytes(bad))
    got = set(ImportIssue.objects.filter(job=job, kind=IssueKind.ERROR).values_list("row_number", "column", "message"))
    assert got == {
        (2, "NIK Pemilik", "Jenis kelamin tidak sesuai dengan NIK (NIK menunjukkan perempuan)."),
        (3, "NIK Pemilik", "Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan 17 Mei 1985)."),
        (4, "Nama Pemilik", "Nama Pemilik wajib diisi."),
        (4, "Nama Usaha", "Nama Usaha wajib diisi."),
        (4, "Telepon", "Nomor telepon tidak valid (contoh: 081234567890)."),
        (4, "NIB", "NIB harus 13 digit (tertulis 3 digit)."),
        (4, "KBLI", "KBLI hanya boleh berisi angka."),
        (4, "Modal Usaha", "Nilai rupiah lima juta tidak dikenali (contoh: Rp 1.500.000 atau 1500000)."),
        (4, "Jumlah Pekerja", "Angka dua tidak dikenali (isi bilangan bulat)."),
        (4, "Kecamatan", "Kecamatan Atlantis tidak dikenal di Kabupaten Kolaka."),
        (4, "Terdata Resmi", "Nilai mungkin tidak dikenali (isi ya/tidak, Y/T atau 1/0)."),
    }
    assert job.error_count == 3
    assert job.created_count == 0


def test_unknown_nik_region_is_a_warning_only(dinas_user):
    nik = make_nik(region6="990101")
    job = _commit(
        _preview(dinas_user, csv_bytes([UMKM_HEADER[:3] + ["Desa/Kelurahan"], [nik, "Ali", "Kios Ali", "Wundulako"]])), dinas_user
    )
    assert job.created_count == 1
    assert job.warning_count == 1
    assert Person.objects.get(nik=nik).nik_region_known is False


class Killed(BaseException):
    """Stands for the process being killed in the middle of the write."""


def test_process_killed_in_the_middle_leaves_nothing_and_can_run_again(dinas_user, monkeypatch):
    from umkm.importers import UmkmImporter

    job = _preview(dinas_user, csv_bytes(rows()))
    people, businesses = Person.objects.count(), Business.objects.count()
    write, write_staged = UmkmImporter.write, UmkmImporter.write_staged

    def die_after(original):
        def wrapped(self, *args, **kwargs):
            original(self, *args, **kwargs)  # every row written inside the transaction...
            raise Killed  # ...and the process dies before the commit

        return wrapped

    monkeypatch.setattr(UmkmImporter, "write", die_after(write))
    monkeypatch.setattr(UmkmImporter, "write_staged", die_after(write_staged))
    with pytest.raises(Killed):
        pipeline.run_job(job.pk, commit=True)
    assert Person.objects.count() == people
    assert Business.objects.count() == businesses
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "tidak ada data yang tersimpan" in job.message
    monkeypatch.setattr(UmkmImporter, "write", write)
    monkeypatch.setattr(UmkmImporter, "write_staged", write_staged)
    ImportJob.objects.filter(pk=job.pk).update(details={"mode": "commit"})
    job = job_rerun(job=job, user=dinas_user)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.created_count == 2


def test_a_stale_running_job_can_be_run_again(dinas_user):
    job = _preview(dinas_user, csv_bytes(rows()))
    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=10), details={"mode": "commit"}
    )
    job.refresh_from_db()
    assert job.is_stale
    job = job_rerun(job=job, user=dinas_user)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.created_count == 2


def test_a_running_job_that_is_alive_cannot_be_rerun(dinas_user):
    from django.core.exceptions import ValidationError

    job = _preview(dinas_user, csv_bytes(rows()))
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, heartbeat_at=timezone.now())
    with pytest.raises(ValidationError):
        job_rerun(job=job, user=dinas_user)


def test_business_matched_by_owner_and_name_without_nib(dinas_user):
    owner = PersonFactory(nik=NIK_A, gender="P")
    existing = BusinessFactory(owner=owner, name="Warung Siti", nib=None, capital=1)
    job = _commit(_preview(dinas_user, csv_bytes(rows())), dinas_user)
    assert (job.created_count, job.updated_count) == (1, 1)
    existing.refresh_from_db()
    assert existing.capital == 15_000_000


def test_a_business_registered_without_nib_takes_its_nib_instead_of_appearing_twice(dinas_user):
    owner = PersonFactory(nik=NIK_A, gender="P")
    existing = BusinessFactory(owner=owner, name="Warung Siti", nib=None, capital=1)
    with_nib = [
        UMKM_HEADER,
        [NIK_A, "Siti Aminah", "Warung Siti", "9120000000055", "", "Rp 2.000.000", "", "", "", "74.01.01.1002", ""],
    ]
    job = _commit(_preview(dinas_user, csv_bytes(with_nib)), dinas_user)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 0)
    existing.refresh_from_db()
    assert existing.nib == "9120000000055"
    assert existing.capital == 2_000_000
    assert Business.objects.filter(owner=owner).count() == 1
    # The same file again finds it by its NIB now and changes nothing.
    again = _commit(_preview(dinas_user, csv_bytes(with_nib), name="lagi.csv"), dinas_user)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    # A NIB already held by another business is never taken over: the row creates nothing new either.
    other = BusinessFactory(owner=owner, name="Toko Lain", nib=None)
    BusinessFactory(nib="9120000000066")
    clash = [UMKM_HEADER, [NIK_A, "Siti Aminah", "Toko Lain", "9120000000066", "", "", "", "", "", "74.01.01.1002", ""]]
    _commit(_preview(dinas_user, csv_bytes(clash), name="bentrok.csv"), dinas_user)
    other.refresh_from_db()
    assert other.nib is None
    assert Business.objects.filter(nib="9120000000066").count() == 1
