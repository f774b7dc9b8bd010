"""The BPJS participant importer: Participation fields, coverage, and the reconciliation list."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.models import Participation
from enrollment.status import add_months, month_start
from imports.models import ImportIssue, IssueKind, JobState
from imports.services import job_commit, job_create
from tests.factories import CooperativeFactory, ParticipationFactory, PersonFactory, PositionFactory, make_nik
from tests.imports.helpers import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["No KPJ", "NIK", "Nama Peserta", "Segmen", "Program", "NPP", "Tgl Kepesertaan", "Bulan Iuran Terakhir", "Upah"]


def _run(user, rows, name="peserta.csv", commit=True):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    job = job_create(user=user, importer_key="peserta", uploaded=upload(content, name))
    if commit:
        job_commit(job=job, user=user)
    job.refresh_from_db()
    return job


def test_participation_fields_are_set_and_people_become_covered(bpjs_user):
    today = timezone.localdate()
    owner = PersonFactory(nik=make_nik())
    lapsing = PersonFactory(nik=make_nik())
    paid = add_months(month_start(today), -1)
    rows = [
        HEADER,
        [
            "24000000001",
            owner.nik,
            owner.name,
            "Bukan Penerima Upah",
            "JKK, JKM, JHT",
            "",
            "12 Januari 2024",
            paid.strftime("%m/%Y"),
            "Rp 2.500.000",
        ],
        ["24000000002", lapsing.nik, lapsing.name, "BPU", "JKK+JKM", "", "2023-01-01", "Januari 2024", "1000000"],
    ]
    job = _run(bpjs_user, rows)
    assert job.state == JobState.DONE
    assert (job.created_count, job.error_count) == (2, 0)
    first = Participation.objects.get(kpj="24000000001")
    assert first.person == owner
    assert first.segment == "BPU"
    assert (first.jkk, first.jkm, first.jht, first.jp, first.jkp) == (True, True, True, False, False)
    assert first.started_on == date(2024, 1, 12)
    assert first.last_paid_month == paid
    assert first.wage == 2_500_000
    assert first.source == "impor BPJS"
    assert Participation.objects.active(today).filter(person=owner).exists()
    assert Participation.objects.lapsed(today).filter(person=lapsing).exists()


def test_programme_columns_as_booleans_and_npp(bpjs_user):
    worker = PersonFactory(nik=make_nik())
    rows = [
        [
            "KPJ",
            "NIK",
            "Nama",
            "Segmen",
            "JKK",
            "JKM",
            "JHT",
            "JP",
            "JKP",
            "NPP",
            "Tanggal Kepesertaan",
            "Bulan Terakhir Dibayar",
            "Upah/Penghasilan",
        ],
        ["24000000003", worker.nik, worker.name, "PU", "Y", "Y", "ya", "1", "T", "'1234.5678", "01/02/2022", "2026-10", "3.500.000"],
    ]
    _run(bpjs_user, rows)
    participation = Participation.objects.get(kpj="24000000003")
    assert (participation.jkk, participation.jht, participation.jp, participation.jkp) == (True, True, True, False)
    assert participation.npp == "12345678"
    assert participation.last_paid_month == date(2026, 10, 1)


def test_bpu_with_jp_is_an_error(bpjs_user):
    person = PersonFactory(nik=make_nik())
    job = _run(bpjs_user, [HEADER, ["24000000004", person.nik, person.name, "BPU", "JKK, JKM, JP", "", "01/01/2024", "", ""]], commit=False)
    assert job.error_count == 1
    assert ImportIssue.objects.get(job=job, kind=IssueKind.ERROR).message == "Peserta BPU tidak dapat mengikuti program JP atau JKP."


def test_reconciliation_lists_every_kind_of_mismatch(bpjs_user, bpjs_client):
    today = timezone.localdate()
    cooperative = CooperativeFactory()
    employee = PositionFactory(cooperative=cooperative, role="karyawan").person
    chair = PositionFactory(cooperative=cooperative, role="ketua").person
    taken = ParticipationFactory(kpj="24000000009")
    stranger = make_nik()
    someone = PersonFactory(nik=make_nik())
    other = PersonFactory(nik=make_nik())
    paid = add_months(month_start(today), -1)
    rows = [
        HEADER,
        ["24000000005", stranger, "Orang Luar", "BPU", "JKK, JKM", "", "01/01/2024", paid.strftime("%m/%Y"), ""],
        ["24000000006", employee.nik, employee.name, "BPU", "JKK, JKM", "", "01/01/2024", paid.strftime("%m/%Y"), ""],
        ["24000000007", chair.nik, chair.name, "BPU", "JKK, JKM", "", "01/01/2022", "Januari 2023", ""],
        ["24000000008", someone.nik, someone.name, "BPU", "JKK, JKM", "", "01/01/2024", "", ""],
        ["24000000008", other.nik, other.name, "BPU", "JKK, JKM", "", "01/01/2024", "", ""],
        ["24000000009", someone.nik, someone.name, "BPU", "JKK, JKM", "", "01/01/2024", "", ""],
    ]
    job = _run(bpjs_user, rows)
    assert (job.created_count, job.skipped_count, job.duplicate_count) == (3, 2, 1)
    found = {(i.code, i.row_number) for i in ImportIssue.objects.filter(job=job, kind=IssueKind.MISMATCH)}
    assert found == {("nik_unknown", 2), ("segment", 3), ("board_lapsed", 4), ("kpj_two_niks", 6), ("kpj_two_niks", 7)}
    assert not Participation.objects.filter(kpj="24000000005").exists()
    taken.refresh_from_db()
    assert taken.person != someone
    page = bpjs_client.get(reverse("imports:reconciliation", args=[job.pk])).content.decode()
    assert "NIK tidak dikenal di register" in page
    assert "Karyawan" in page
    assert stranger not in page
    assert stranger[:4] + "********" + stranger[12:] in page
    export = bpjs_client.get(reverse("imports:reconciliation", args=[job.pk]) + "?format=csv")
    text = export.content.decode("utf-8-sig")
    assert "Satu KPJ pada dua NIK" in text
    assert stranger not in text


def test_participant_reimport_is_idempotent(bpjs_user):
    person = PersonFactory(nik=make_nik())
    rows = [HEADER, ["24000000010", person.nik, person.name, "BPU", "JKK, JKM", "", "01/01/2024", "10/2026", "Rp 1.000.000"]]
    _run(bpjs_user, rows)
    again = _run(bpjs_user, rows, name="peserta.xlsx")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
