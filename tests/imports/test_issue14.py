"""Imports that lose nothing and explain everything (issue 14): column mapping, lossless rejected
rows, Excel-damaged identifiers, formats and encodings, hostile files, the audit trail, progress."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from bench.imports.generate import UMKM_HEADERS, Maker, umkm_rows
from cooperatives.models import Cooperative
from core.formatting import tanggal
from enrollment.models import Participation, Person
from imports import pipeline
from imports.exports import rejected_rows_table
from imports.models import ColumnMapping, ImportChange, ImportIssue, ImportJob, IssueKind, JobState
from imports.services import job_commit, job_create, job_remap
from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload, xlsx_bytes
from umkm.models import Business

pytestmark = pytest.mark.django_db

NIK_A = "7401015705850001"  # P, 17-05-1985, Wundulako
NIK_B = "7401012003900002"  # L, 20-03-1990
TRUE_FLAGS = {"ya", "Ya", "Y", "1"}


def _run(user, content: bytes, name: str, importer: str = "umkm", commit: bool = True, mapping: dict | None = None) -> ImportJob:
    job = job_create(user=user, importer_key=importer, uploaded=upload(content, name), enforce_size=False, enqueue=False)
    if mapping:
        job.details = {**job.details, "mapping": mapping}
        job.save(update_fields=["details"])
    return pipeline.run_job(job.pk, commit=commit)


def _survey_rows(count: int, flag_header: str) -> list[list]:
    headers = [flag_header if h == "Terdata" else h for h in UMKM_HEADERS]
    return [headers, *umkm_rows(count, Maker(2026), True)]


def _registered_in_file(rows: list[list]) -> int:
    """Businesses the register holds whose file row says 'registered' (names carry the row index)."""
    stored = set(Business.objects.values_list("name", flat=True))
    flagged = {row[5] for row in rows[1:] if row[14] in TRUE_FLAGS}
    return len(stored & flagged)


# --- 1. column mapping ------------------------------------------------------------------------


def test_12000_row_workbook_with_terdaftar_di_database_maps_by_alias(dinas_user):
    rows = _survey_rows(12_000, "Terdaftar di Database")
    job = _run(dinas_user, xlsx_bytes(rows), "survei-12k.xlsx")
    assert job.state == JobState.DONE
    column = next(c for c in job.details["columns"] if c["header"] == "Terdaftar di Database")
    assert (column["field"], column["via"]) == ("in_official_db", "alias")
    registered = Business.objects.filter(in_official_db=True).count()
    assert registered == _registered_in_file(rows) > 3000


def test_an_unknown_column_is_shown_ignored_then_mapped_and_remembered(dinas_user, dinas_client):
    rows = _survey_rows(400, "Keterangan Pendataan")
    content = csv_bytes([[str(c) for c in r] for r in rows])
    job = job_create(user=dinas_user, importer_key="umkm", uploaded=upload(content, "survei.csv"))
    job.refresh_from_db()
    assert job.state == JobState.PREVIEWED
    ignored = [c for c in job.details["columns"] if c["field"] is None]
    assert [c["header"] for c in ignored] == ["Keterangan Pendataan"]
    warning = ImportIssue.objects.get(job=job, kind=IssueKind.WARNING, code="ignored_column")
    assert "Keterangan Pendataan" in warning.message
    assert warning.row_number == 1
    page = dinas_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "tidak dikenali dan diabaikan" in page
    assert "Keterangan Pendataan" in page
    assert 'name="col_14"' in page

    # The officer maps it on the page; the preview runs again and the mapping is remembered.
    response = dinas_client.post(reverse("imports:mapping", args=[job.pk]), {"col_14": "in_official_db"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.PREVIEWED
    assert next(c for c in job.details["columns"] if c["index"] == 14)["via"] == "pemetaan"
    assert ColumnMapping.objects.get(importer="umkm").field == "in_official_db"
    job_commit(job=job, user=dinas_user)
    assert Business.objects.filter(in_official_db=True).count() == _registered_in_file(rows) > 50

    # The next file with that header maps by itself.
    again = _run(dinas_user, content, "survei-lagi.csv", commit=False)
    assert next(c for c in again.details["columns"] if c["index"] == 14)["via"] == "tersimpan"


def test_mapping_is_refused_for_other_roles_and_bad_targets(dinas_user, bpjs_user, clients):
    job = job_create(user=dinas_user, importer_key="umkm", uploaded=upload(csv_bytes([UMKM_HEADER + ["X"]]), "a.csv"))
    assert clients["bpjs"].post(reverse("imports:mapping", args=[job.pk]), {"col_11": "nik"}).status_code == 404
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        job_remap(job=job, user=dinas_user, mapping={"X": "no_such_field"})
    with pytest.raises(ValidationError):
        job_remap(job=job, user=dinas_user, mapping={"X": "nik"})  # NIK already comes from another column
    assert not ColumnMapping.objects.exists()


def test_command_prints_columns_and_takes_map(dinas_user, tmp_path):
    rows = _survey_rows(300, "Keterangan Pendataan")
    path = tmp_path / "survei.csv"
    path.write_bytes(csv_bytes([[str(c) for c in r] for r in rows]))
    out = io.StringIO()
    call_command("import_umkm", str(path), "--dry-run", stdout=out)
    assert "✗ Keterangan Pendataan: diabaikan" in out.getvalue()
    assert "✓ No. KTP → NIK Pemilik (alias)" in out.getvalue()
    assert not Business.objects.exists()
    out = io.StringIO()
    call_command("import_umkm", str(path), "--map", "Keterangan Pendataan=Terdata Resmi", stdout=out)
    assert "✓ Keterangan Pendataan → Terdata Resmi (pemetaan)" in out.getvalue()
    assert Business.objects.filter(in_official_db=True).count() == _registered_in_file(rows) > 50
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("import_umkm", str(path), "--map", "Keterangan Pendataan=warna", stdout=io.StringIO())


# --- 3. Excel-damaged identifiers -------------------------------------------------------------


def test_a_16_digit_number_cell_ending_in_0_is_refused_and_others_warned(dinas_user):
    rows = [
        UMKM_HEADER,
        [7401015708909000, "Rusak", "Warung A", "", "", "", "", "", "", "Wundulako", ""],
        [7401015708909001, "Utuh", "Warung B", "", "", "", "", "", "", "Wundulako", ""],
    ]
    job = _run(dinas_user, xlsx_bytes(rows), "angka.xlsx")
    error = ImportIssue.objects.get(job=job, kind=IssueKind.ERROR)
    assert error.row_number == 2
    assert "Excel hanya menyimpan 15 digit" in error.message
    assert "Format kolom NIK sebagai Teks" in error.message
    warning = ImportIssue.objects.get(job=job, kind=IssueKind.WARNING, row_number=3)
    assert "dibaca dari sel angka" in warning.message
    assert list(Person.objects.values_list("nik", flat=True)) == ["7401015708909001"]
    assert not Person.objects.filter(nik="7401015708909000").exists()


# --- 4. formats and encodings -----------------------------------------------------------------

SURVEY = [
    UMKM_HEADER + ["Telepon", "Alamat"],
    [
        NIK_A,
        "Siti Aminah",
        "Warung Kué Ñyonya",
        "",
        "56103",
        "Rp 15.000.000",
        "120.000.000",
        2,
        "Wundulako",
        "Wundulako",
        "ya",
        "081234567890",
        "Jl. Café",
    ],
    [NIK_B, "Andi", "Bengkel Andi", "1234567890123", "", "5.000.000", "", 1, "", "Desa Antah", "tidak", "", ""],
    [NIK_B, "Andi", "Kios Andi", "", "", "lima juta", "", "", "Wundulako", "Wundulako", "Y", "", ""],
    [
        NIK_A,
        "Siti Aminah",
        "Warung Kué Ñyonya",
        "",
        "56103",
        "Rp 15.000.000",
        "120.000.000",
        2,
        "Wundulako",
        "Wundulako",
        "ya",
        "081234567890",
        "Jl. Café",
    ],
    [NIK_B, "Andi", "Toko Andi", "", "", "", "", 3, "Wundulako", "Wundulako", "1", "", ""],
]


def _xls(rows) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Survei")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ods(rows) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Survei")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, str):
                cell = TableCell(valuetype="string")
            else:
                cell = TableCell(valuetype="float", value=value)
            cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _csv(rows, encoding: str, delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([[str(c) for c in row] for row in rows])
    return buffer.getvalue().encode(encoding)


def _counts(job):
    return (job.state, job.processed_rows, job.created_count, job.error_count, job.duplicate_count, job.warning_count)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("survei.xls", _xls),
        ("survei.ods", _ods),
        ("survei-1252.csv", lambda rows: _csv(rows, "cp1252", ";")),
        ("survei-utf16.csv", lambda rows: _csv(rows, "utf-16", ",")),
    ],
)
def test_the_same_survey_in_every_format_gives_the_counts_of_the_xlsx(dinas_user, name, make):
    reference = _counts(_run(dinas_user, xlsx_bytes(SURVEY), "survei.xlsx", commit=False))
    assert reference == (JobState.PREVIEWED, 5, 2, 2, 1, 0)
    job = _run(dinas_user, make(SURVEY), name)
    assert _counts(job)[1:] == reference[1:]
    assert job.state == JobState.DONE
    business = Business.objects.get(name="Warung Kué Ñyonya")
    assert (business.address, business.annual_sales, business.in_official_db) == ("Jl. Café", 120_000_000, True)


def test_an_undecodable_csv_names_the_encodings_tried(dinas_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"dicoba: UTF-8, UTF-16 \(dengan BOM\), Windows-1252"):
        job_create(user=dinas_user, importer_key="umkm", uploaded=upload(b"NIK;Nama\n\x81\x8d\x8f\n", "a.csv"), enqueue=False)


def _patched_sizes(data: bytes, member: bytes, size: int) -> bytes:
    """A zip whose local and central headers understate ``member``'s uncompressed size."""
    data = bytearray(data)
    start = 0
    while (pos := data.find(member, start)) != -1:
        if data[pos - 30 : pos - 26] == b"PK\x03\x04":
            data[pos - 30 + 22 : pos - 30 + 26] = size.to_bytes(4, "little")
        elif data[pos - 46 : pos - 42] == b"PK\x01\x02":
            data[pos - 46 + 24 : pos - 46 + 28] = size.to_bytes(4, "little")
        start = pos + 1
    return bytes(data)


def _encrypted_xlsx() -> bytes:
    import msoffcrypto.format.ooxml as ooxml

    plain = io.BytesIO(xlsx_bytes([UMKM_HEADER]))
    target = io.BytesIO()
    ooxml.OOXMLFile(plain).encrypt("rahasia", target)
    return target.getvalue()


def _formula_xlsx() -> bytes:
    row = ["=7401015705850000+1", "Siti", "Warung", "", "", "", "", "", "", "Wundulako", ""]
    return xlsx_bytes([UMKM_HEADER, row])


def _hostile(kind: str) -> tuple[bytes, str]:
    good = xlsx_bytes([UMKM_HEADER, [NIK_A, "Siti", "Warung", "", "", "", "", "", "", "Wundulako", ""]])
    if kind == "nul":
        body = csv_bytes([UMKM_HEADER] + [[NIK_A, "Siti", f"Warung {i}", "", "", "", "", "", "", "Wundulako", ""] for i in range(200)])
        return body[:6000] + b"\x00" + body[6000:], "nul.csv"
    if kind == "lying":
        return _patched_sizes(good, b"xl/worksheets/sheet1.xml", 10), "bohong.xlsx"
    if kind == "truncated":
        return good[: len(good) // 2], "potong.xlsx"
    if kind == "password":
        return _encrypted_xlsx(), "sandi.xlsx"
    return _formula_xlsx(), "rumus.xlsx"


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("nul", "karakter NUL (byte nol) di baris"),
        ("lying", "tidak sesuai dengan kepalanya"),
        ("truncated", "terpotong atau rusak"),
        ("password", "dilindungi kata sandi"),
        ("formula", "Sel A2 berisi rumus tanpa nilai tersimpan"),
    ],
)
def test_hostile_files_end_with_their_reason(dinas_user, dinas_client, kind, reason):
    content, name = _hostile(kind)
    # Refused at the upload, with the reason...
    response = dinas_client.post(reverse("imports:upload", args=["umkm"]), {"file": upload(content, name)}, follow=True)
    assert reason in response.content.decode()
    assert not ImportJob.objects.exists()
    # ... and a job holding such a file (stored before the checks existed) ends rejected with it.
    job = ImportJob(importer="umkm", file_name=name, sha256=hashlib.sha256(content).hexdigest(), user=dinas_user, file_size=len(content))
    job.file.save(name, ContentFile(content), save=True)
    job = pipeline.run_job(job.pk, commit=False)
    assert job.state == JobState.REJECTED
    assert reason in job.message
    assert "kesalahan sistem" not in dinas_client.get(reverse("imports:job", args=[job.pk])).content.decode()


# --- 2. lossless rejected rows ------------------------------------------------------------------


def _fix_and_reupload(job, importer, fixes: dict[str, object]) -> bytes:
    """The rejected-rows workbook with the named cells of every row replaced (as an officer would)."""
    from openpyxl import load_workbook

    from core.exports import write_xlsx

    workbook = load_workbook(io.BytesIO(write_xlsx(rejected_rows_table(job, importer))))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    header_index = next(i for i, row in enumerate(rows) if row[-1].value == "Baris asal")
    headers = [c.value for c in rows[header_index]]
    for row in rows[header_index + 1 :]:
        for header, value in fixes.items():
            row[headers.index(header)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_umkm_rejected_rows_round_trip_loses_nothing(dinas_user):
    header = [
        "No. KTP",
        "Nama Pemilik",
        "No HP",
        "Nama Usaha",
        "Modal",
        "Omset",
        "Jumlah Pekerja",
        "Desa",
        "Alamat Usaha",
        "Terdaftar di Database",
        "Tgl. Lahir",
    ]
    bad = [
        NIK_A,
        "Siti Aminah",
        "081234567890",
        "Warung Siti",
        "Rp 15.000.000",
        120_000_000,
        3,
        "Desa Antah",
        "Dusun 2",
        "ya",
        date(1985, 5, 17),
    ]
    good = [NIK_B, "Andi", "", "Bengkel Andi", "", "", 1, "Wundulako", "", "tidak", ""]
    from importlib import import_module

    importer = import_module("imports.base").get_importer("umkm")
    job = _run(dinas_user, xlsx_bytes([["Survei Dinas 2026"], header, good, bad]), "survei.xlsx")
    assert (job.created_count, job.error_count) == (1, 1)
    job = _run(dinas_user, _fix_and_reupload(job, importer, {"Desa": "Wundulako"}), "baris-ditolak.xlsx")
    assert (job.created_count, job.error_count, job.state) == (1, 0, JobState.DONE)
    business = Business.objects.get(name="Warung Siti")
    assert (business.capital, business.annual_sales, business.worker_count, business.in_official_db, business.address) == (
        15_000_000,
        120_000_000,
        3,
        True,
        "Dusun 2",
    )
    assert (business.owner.phone, business.owner.birth_date) == ("081234567890", date(1985, 5, 17))


def test_cooperative_rejected_rows_round_trip_loses_nothing(dinas_user):
    from imports.base import get_importer

    header = ["Nama Koperasi", "No. Induk Koperasi", "Jenis", "Desa", "Tgl Berdiri", "Jml Anggota", "NPWP", "KDMP", "Alamat Kantor"]
    bad = ["Koperasi Kakao", "7401010012345", "warna-warni", "Wundulako", date(2019, 11, 2), 45, "0123456789012345", "ya", "Jl. Pemuda 3"]
    job = _run(dinas_user, xlsx_bytes([header, bad]), "koperasi.xlsx", importer="koperasi")
    assert job.error_count == 1
    job = _run(dinas_user, _fix_and_reupload(job, get_importer("koperasi"), {"Jenis": "produsen"}), "ditolak.xlsx", importer="koperasi")
    assert (job.created_count, job.error_count) == (1, 0)
    coop = Cooperative.objects.get(nomor_induk="7401010012345")
    assert (coop.founded_on, coop.member_count, coop.npwp, coop.is_merah_putih, coop.address) == (
        date(2019, 11, 2),
        45,
        "0123456789012345",
        True,
        "Jl. Pemuda 3",
    )


def test_participant_rejected_rows_round_trip_loses_nothing(bpjs_user):
    from imports.base import get_importer
    from regions.models import Region

    Person.objects.create(nik=NIK_A, name="Siti", gender="P", birth_date=date(1985, 5, 17), desa=Region.objects.filter(kind="desa").first())
    header = ["No KPJ", "NIK", "Nama Peserta", "Segmen", "Program", "NPP", "Tgl Kepesertaan", "Bulan Iuran Terakhir", "Upah"]
    bad = ["24012345678", NIK_A, "Siti", "Pekerja Bulan", "JKK, JKM, JHT", "12345001", date(2024, 1, 12), "Oktober 2026", 2_500_000]
    job = _run(bpjs_user, xlsx_bytes([header, bad]), "peserta.xlsx", importer="peserta")
    assert job.error_count == 1
    job = _run(bpjs_user, _fix_and_reupload(job, get_importer("peserta"), {"Segmen": "PU"}), "ditolak.xlsx", importer="peserta")
    assert (job.created_count, job.error_count) == (1, 0)
    participation = Participation.objects.get(person__nik=NIK_A)
    assert (participation.npp, participation.started_on, participation.last_paid_month, participation.wage, participation.jht) == (
        "12345001",
        date(2024, 1, 12),
        date(2026, 10, 1),
        2_500_000,
        True,
    )


# --- 5. audit trail -------------------------------------------------------------------------------


def test_one_history_entry_per_created_or_changed_object_and_none_on_rerun(dinas_user, dinas_client):
    rows = [UMKM_HEADER, *[[NIK_A, "Siti", f"Warung {i}", "", "", "", "", i, "", "Wundulako", "ya"] for i in range(5)]]
    job = _run(dinas_user, csv_bytes(rows), "a.csv")
    assert ImportChange.objects.filter(job=job, model="umkm.business", action="dibuat").count() == 5
    assert ImportChange.objects.filter(job=job, model="enrollment.person", action="dibuat").count() == 1
    assert ImportChange.objects.count() == 6

    rerun = _run(dinas_user, csv_bytes(rows), "a.csv")
    assert rerun.unchanged_count == 5
    assert not ImportChange.objects.filter(job=rerun).exists()

    rows[1][7] = 9  # one business has more workers now
    changed = _run(dinas_user, csv_bytes(rows), "b.csv")
    change = ImportChange.objects.get(job=changed)
    business = Business.objects.get(name="Warung 0")
    assert (change.model, change.object_id, change.action, change.fields) == ("umkm.business", business.pk, "diperbarui", ["worker_count"])

    page = dinas_client.get(reverse("imports:job", args=[changed.pk])).content.decode()
    assert "Jejak audit" in page
    from imports.history import history_for

    history = history_for(business)
    assert [(c.job_id, c.action) for c in history] == [(changed.pk, "diperbarui"), (job.pk, "dibuat")]
    assert history[0].field_labels == ["jumlah pekerja"]
    assert history[0].job.file_name == "b.csv"


def test_cooperative_and_participant_imports_leave_history(dinas_user, bpjs_user):
    header = ["Nama Koperasi", "Nomor Induk Koperasi", "Jenis Koperasi", "Desa/Kelurahan", "Status"]
    job = _run(dinas_user, csv_bytes([header, ["Kop A", "7401010012345", "produsen", "Wundulako", "aktif"]]), "k.csv", importer="koperasi")
    coop = Cooperative.objects.get()
    assert ImportChange.objects.filter(job=job, model="cooperatives.cooperative", object_id=coop.pk, action="dibuat").count() == 1
    again = _run(
        dinas_user, csv_bytes([header, ["Kop A", "7401010012345", "produsen", "Wundulako", "tidak aktif"]]), "k2.csv", importer="koperasi"
    )
    assert ImportChange.objects.get(job=again).fields == ["status"]

    from regions.models import Region

    Person.objects.create(nik=NIK_A, name="Siti", gender="P", birth_date=date(1985, 5, 17), desa=Region.objects.filter(kind="desa").first())
    header = ["KPJ", "NIK", "Nama", "Segmen", "Tanggal Kepesertaan"]
    job = _run(bpjs_user, csv_bytes([header, ["24012345678", NIK_A, "Siti", "BPU", "01/01/2024"]]), "p.csv", importer="peserta")
    assert ImportChange.objects.filter(job=job, model="enrollment.participation", action="dibuat").count() == 1
    rerun = _run(bpjs_user, csv_bytes([header, ["24012345678", NIK_A, "Siti", "BPU", "01/01/2024"]]), "p.csv", importer="peserta")
    assert not ImportChange.objects.filter(job=rerun).exists()


def test_a_preview_records_no_history(dinas_user):
    _run(dinas_user, csv_bytes([UMKM_HEADER, [NIK_A, "Siti", "Warung", "", "", "", "", "", "", "Wundulako", ""]]), "a.csv", commit=False)
    assert not ImportChange.objects.exists()
    assert not Business.objects.exists()


# --- 7. progress ------------------------------------------------------------------------------------


def test_progress_waits_at_0_then_moves_in_steps_of_at_most_10_percent(dinas_user, dinas_client):
    rows = [UMKM_HEADER, *[[NIK_A, "Siti", f"Warung {i}", "", "", "", "", "", "", "Wundulako", ""] for i in range(137)]]
    job = job_create(user=dinas_user, importer_key="umkm", uploaded=upload(csv_bytes(rows), "a.csv"), enqueue=False)
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED, total_rows=137, processed_rows=137)  # a preview ran before
    job.refresh_from_db()
    assert job.percent == 0
    body = dinas_client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "0 % · menunggu" in body
    assert 'value="0"' in body

    seen = []
    pipeline.run_job(job.pk, commit=True, on_progress=lambda stats: seen.append(stats.processed))
    steps = [b - a for a, b in zip([0, *seen], seen, strict=False)]
    assert seen[-1] == 137
    assert max(steps) <= 137 / 10


def test_history_on_the_detail_pages_and_in_the_admin(dinas_user, dinas_client, admin_user):
    job = _run(
        dinas_user, csv_bytes([UMKM_HEADER, [NIK_A, "Siti", "Warung Siti", "", "", "", "", "", "", "Wundulako", ""]]), "survei-x.csv"
    )
    business = Business.objects.get()
    page = dinas_client.get(reverse("umkm:detail", args=[business.pk])).content.decode()
    assert "Riwayat impor" in page
    assert "survei-x.csv" in page
    assert f"#{job.pk}" in page
    job.refresh_from_db()
    assert f"{tanggal(job.finished_at)} " in page
    assert " WITA" in page
    assert not re.search(r"\b\d{2}-\d{2}-\d{4}\b", page)
    assert "Usaha (UMKM)" in page
    assert "Orang" in page

    header = ["Nama Koperasi", "Nomor Induk Koperasi", "Jenis Koperasi", "Desa/Kelurahan"]
    _run(dinas_user, csv_bytes([header, ["Kop A", "7401010012345", "produsen", "Wundulako"]]), "kop-x.csv", importer="koperasi")
    page = dinas_client.get(reverse("cooperatives:detail", args=[Cooperative.objects.get().pk])).content.decode()
    assert "Riwayat impor" in page
    assert "kop-x.csv" in page

    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("admin:umkm_business_history", args=[business.pk])).content.decode()
    assert "Riwayat impor" in page
    assert "survei-x.csv" in page
    page = client.get(reverse("admin:enrollment_person_history", args=[business.owner_id])).content.decode()
    assert "survei-x.csv" in page


def test_a_file_refused_for_a_missing_column_can_be_mapped(dinas_user, dinas_client):
    header = ["No Identitas", *UMKM_HEADER[1:]]
    rows = [header, [NIK_A, "Siti", "Warung Siti", "", "", "", "", "", "", "Wundulako", ""]]
    job = job_create(user=dinas_user, importer_key="umkm", uploaded=upload(csv_bytes(rows), "a.csv"))
    job.refresh_from_db()
    assert job.state == JobState.REJECTED
    assert "NIK Pemilik" in job.message
    page = dinas_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "No Identitas" in page
    assert 'name="col_0"' in page
    dinas_client.post(reverse("imports:mapping", args=[job.pk]), {"col_0": "nik"})
    job.refresh_from_db()
    assert (job.state, job.valid_rows) == (JobState.PREVIEWED, 1)
    # A committed job's mapping is no longer changed.
    job_commit(job=job, user=dinas_user)
    response = dinas_client.post(reverse("imports:mapping", args=[job.pk]), {"col_0": "abaikan"}, follow=True)
    assert "hanya dapat diubah pada pratinjau" in response.content.decode()


def test_deleting_a_job_deletes_its_audit_rows(dinas_user):
    job = _run(dinas_user, csv_bytes([UMKM_HEADER, [NIK_A, "Siti", "Warung", "", "", "", "", "", "", "Wundulako", ""]]), "a.csv")
    assert ImportChange.objects.filter(job=job).count() == 2
    job.delete()
    assert not ImportChange.objects.exists()
