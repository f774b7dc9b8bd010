"""The cooperative register importer."""

from datetime import date

import pytest

from cooperatives.models import Cooperative, CooperativeStatusChange
from imports.models import ImportIssue, IssueKind
from imports.services import job_commit, job_create
from tests.factories import CooperativeFactory
from tests.imports.helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db

HEADER = [
    "Nama Koperasi",
    "No. Induk Koperasi",
    "No. Badan Hukum",
    "Tgl Badan Hukum",
    "Jenis",
    "Kec",
    "Desa",
    "Status",
    "Jml Anggota",
    "NPWP",
    "KDMP",
]


def _run(user, rows, commit=True):
    job = job_create(user=user, importer_key="koperasi", uploaded=upload(csv_bytes(rows), "koperasi.csv"))
    if commit:
        job_commit(job=job, user=user)
    job.refresh_from_db()
    return job


def test_create_by_nomor_induk_and_sk_with_history(dinas_user):
    rows = [
        HEADER,
        [
            "Koperasi Kakao Mekongga",
            "7401999000001",
            "AHU-0012948.AH.01.26.TAHUN 2020",
            "12 Januari 2020",
            "KSP",
            "Wundulako",
            "Wundulako",
            "aktif",
            "45",
            "01.234.567.8-901.000",
            "ya",
        ],
        [
            "Koperasi Nelayan",
            "",
            "518.08/96/BH/XIV.10/VIII/2008",
            "05-08-2008",
            "produsen",
            "",
            "74.01.01.1002",
            "Tidak Aktif",
            "12",
            "",
            "T",
        ],
        ["Tanpa Nomor", "", "", "", "jasa", "", "Wundulako", "", "", "", ""],
    ]
    job = _run(dinas_user, rows)
    assert (job.created_count, job.error_count) == (2, 1)
    kakao = Cooperative.objects.get(nomor_induk="7401999000001")
    assert (kakao.jenis, kakao.sk_date, kakao.member_count, kakao.npwp, kakao.is_merah_putih) == (
        "simpan_pinjam",
        date(2020, 1, 12),
        45,
        "0012345678901000",
        True,
    )
    nelayan = Cooperative.objects.get(sk_number="518.08/96/BH/XIV.10/VIII/2008")
    assert nelayan.status == "tidak_aktif"
    assert nelayan.nomor_induk is None
    assert CooperativeStatusChange.objects.filter(cooperative__in=[kakao, nelayan], from_status="").count() == 2
    error = ImportIssue.objects.get(job=job, kind=IssueKind.ERROR)
    assert error.row_number == 4
    assert "Nomor Induk Koperasi atau Nomor SK Badan Hukum wajib diisi" in error.message


def test_update_by_sk_and_status_change_is_recorded(dinas_user):
    existing = CooperativeFactory(nomor_induk=None, sk_number="AHU-1.AH.01.26.TAHUN 2019", status="aktif", member_count=10)
    rows = [HEADER, ["Nama Baru", "7401999000002", "AHU-1.AH.01.26.TAHUN 2019", "", "konsumen", "", "Wundulako", "bubar", "", "", ""]]
    job = _run(dinas_user, rows)
    assert (job.created_count, job.updated_count) == (0, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.nomor_induk, existing.status, existing.member_count) == ("Nama Baru", "7401999000002", "bubar", 10)
    change = CooperativeStatusChange.objects.get(cooperative=existing, to_status="bubar")
    assert change.from_status == "aktif"
    assert change.changed_by == dinas_user
    again = _run(dinas_user, rows)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)


def test_unknown_jenis_and_status(dinas_user):
    rows = [HEADER, ["K", "7401999000003", "", "", "serba ada", "", "Wundulako", "tidur", "", "", ""]]
    job = _run(dinas_user, rows, commit=False)
    messages = set(ImportIssue.objects.filter(job=job, kind=IssueKind.ERROR).values_list("column", "message"))
    assert (
        "Jenis Koperasi",
        "Jenis koperasi serba ada tidak dikenali (pilihan: jasa, konsumen, pemasaran, produsen, simpan_pinjam).",
    ) in messages
    assert any(column == "Status" for column, _m in messages)
