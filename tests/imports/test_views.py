"""The import pages: roles, upload → preview → commit, progress, downloads, limits."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AccessEvent
from imports.models import ImportJob, JobState
from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload
from umkm.models import Business

pytestmark = pytest.mark.django_db

NIK_A = "7401015705850001"


def survey(extra=()):
    return csv_bytes([UMKM_HEADER, [NIK_A, "Siti", "Warung Siti", "", "", "", "", "", "", "Wundulako", ""], *extra])


def _job(user, importer="umkm", content=None):
    from imports.services import job_create

    return job_create(user=user, importer_key=importer, uploaded=upload(content or survey(), "a.csv"))


@pytest.mark.parametrize("role", ["koperasi", "bank", "kepala_cabang"])
def test_other_roles_are_refused_everywhere(clients, role, dinas_user):
    job = _job(dinas_user)
    client = clients[role]
    for url in [
        reverse("imports:index"),
        reverse("imports:template", args=["umkm"]),
        reverse("imports:job", args=[job.pk]),
        reverse("imports:progress", args=[job.pk]),
        reverse("imports:errors", args=[job.pk]),
        reverse("imports:reconciliation", args=[job.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    for url in [
        reverse("imports:upload", args=["umkm"]),
        reverse("imports:commit", args=[job.pk]),
        reverse("imports:rerun", args=[job.pk]),
    ]:
        assert client.post(url).status_code == 403, url
    assert not Business.objects.filter(name="Warung Siti").exists()


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("imports:index"))
    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_dinas_cannot_import_participants_and_bpjs_cannot_import_umkm(clients, bpjs_user):
    assert clients["dinas"].get(reverse("imports:template", args=["peserta"])).status_code == 403
    assert clients["dinas"].post(reverse("imports:upload", args=["peserta"]), {"file": upload(b"x", "a.csv")}).status_code == 403
    assert clients["bpjs"].get(reverse("imports:template", args=["umkm"])).status_code == 403
    assert clients["bpjs"].get(reverse("imports:template", args=["koperasi"])).status_code == 403
    job = _job(
        bpjs_user,
        "peserta",
        csv_bytes([["KPJ", "NIK", "Nama", "Segmen", "Tanggal Kepesertaan"], ["24012345678", NIK_A, "Siti", "BPU", "01/01/2024"]]),
    )
    assert clients["dinas"].get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert clients["admin"].get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_index_lists_the_importers_of_the_role(clients):
    body = clients["dinas"].get(reverse("imports:index")).content.decode()
    assert "UMKM (survei lapangan Dinas)" in body
    assert "Koperasi (register Dinas)" in body
    assert "Peserta BPJS" not in body
    body = clients["bpjs"].get(reverse("imports:index")).content.decode()
    assert "Peserta BPJS" in body
    assert "UMKM (survei" not in body


def test_index_query_count_does_not_grow_with_jobs(dinas_client, dinas_user, django_assert_max_num_queries):
    _job(dinas_user)
    with django_assert_max_num_queries(12) as few:
        dinas_client.get(reverse("imports:index"))
    for _ in range(5):
        _job(dinas_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        dinas_client.get(reverse("imports:index"))


def test_upload_preview_commit_result(dinas_client):
    bad_row = ["7.40101E+15", "Rusak", '=HYPERLINK("http://x")', "", "", "", "", "", "", "Wundulako", ""]
    response = dinas_client.post(reverse("imports:upload", args=["umkm"]), {"file": upload(survey([bad_row]), "survei.csv")})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    page = dinas_client.get(response["Location"]).content.decode()
    assert "Pratinjau: belum ada yang disimpan" in page
    assert "notasi ilmiah" in page
    assert "Simpan 1 baris sah" in page
    assert not Business.objects.filter(name="Warung Siti").exists()

    errors = dinas_client.get(reverse("imports:errors", args=[job.pk]))
    assert errors["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(errors.content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(cells) if row and row[-1] == "Baris asal")
    assert cells[header_index][-2] == "Kesalahan"
    assert list(cells[header_index][:-2]) == UMKM_HEADER  # the file's own columns
    row = cells[header_index + 1]
    assert row[-1] == 3
    assert "notasi ilmiah" in row[-2]
    assert '\'=HYPERLINK("http://x")' in row  # neutralised formula
    assert AccessEvent.objects.filter(target=f"import-job:{job.pk}:rejected-rows").exists()

    response = dinas_client.post(reverse("imports:commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert Business.objects.filter(name="Warung Siti").exists()
    page = dinas_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Hasil" in page
    assert "Tersimpan" in page


def test_progress_fragment_polls_while_running_and_refreshes_when_done(dinas_client, dinas_user):
    job = _job(dinas_user)
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, total_rows=100, processed_rows=40)
    from django.utils import timezone

    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    body = dinas_client.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in body.content.decode()
    assert 'value="40"' in body.content.decode()
    assert "HX-Refresh" not in body
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.DONE)
    body = dinas_client.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert body["HX-Refresh"] == "true"


def test_template_download_has_canonical_columns_and_an_example(dinas_client):
    response = dinas_client.get(reverse("imports:template", args=["umkm"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIK Pemilik", "Nama Pemilik", "Jenis Kelamin")
    assert rows[1][0] == "7401015705850001"
    csv_response = dinas_client.get(reverse("imports:template", args=["koperasi"]) + "?format=csv")
    assert csv_response.content.decode("utf-8-sig").startswith("Nama Koperasi;Nomor Induk Koperasi")


def test_size_limit(dinas_client, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    big = survey() + b"x" * (1024 * 1024 + 10)
    response = dinas_client.post(reverse("imports:upload", args=["umkm"]), {"file": upload(big, "besar.csv")}, follow=True)
    assert "Berkas terlalu besar" in response.content.decode()
    assert "batasnya 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 bukan tabel", "data.pdf", "Hanya berkas .xlsx, .xls, .ods atau .csv yang diterima."),
        (b"\xd0\xcf\x11\xe0 old excel", "data.xls", "bukan buku kerja Excel 97-2003"),
        (b"NIK;Nama\n1;2\n", "data.xlsx", "isinya bukan buku kerja Excel"),
        (b"PK\x03\x04 not really", "data.xlsx", "terpotong atau rusak (arsip zip tidak lengkap)"),
        (b"PK\x03\x04zip", "data.csv", "isinya buku kerja, bukan teks CSV"),
        (b"NIK;Nama\n\x81\x8d;\x8f\x90\n\xff\xfe", "data.csv", "dicoba: UTF-8, UTF-16 (dengan BOM), Windows-1252"),
    ],
)
def test_only_genuine_xlsx_and_csv(dinas_client, content, name, message):
    response = dinas_client.post(reverse("imports:upload", args=["umkm"]), {"file": upload(content, name)}, follow=True)
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_xlsx_with_entities_is_refused(dinas_client):
    import zipfile

    from tests.imports.helpers import xlsx_bytes

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([UMKM_HEADER])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + (data.split(b"?>", 1)[1] if b"?>" in data else data)
            target.writestr(item, data)
    response = dinas_client.post(reverse("imports:upload", args=["umkm"]), {"file": upload(buffer.getvalue(), "bom.xlsx")}, follow=True)
    assert "XML yang tidak diizinkan" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_home_pages_link_to_imports(clients, rf, dinas_user):
    from core.home import home_context

    assert reverse("imports:index") in clients["bpjs"].get(reverse("home")).content.decode()
    request = rf.get("/")
    request.user = dinas_user
    links = home_context("dinas", request).get("home_links", [])
    assert any(link["url"] == reverse("imports:index") for link in links)
    # Every staff page shows the menu entry.
    assert f'href="{reverse("imports:index")}"' in clients["dinas"].get(reverse("imports:index")).content.decode()


@pytest.mark.parametrize(("importer", "client_role"), [("umkm", "dinas"), ("koperasi", "dinas"), ("peserta", "bpjs")])
def test_each_template_imports_without_errors(clients, importer, client_role):
    client = clients[client_role]
    for fmt in ("", "?format=csv"):
        template = client.get(reverse("imports:template", args=[importer]) + fmt)
        name = "templat.csv" if fmt else "templat.xlsx"
        response = client.post(reverse("imports:upload", args=[importer]), {"file": upload(template.content, name)})
        job = ImportJob.objects.order_by("-pk").first()
        assert response.status_code == 302, job.message
        assert job.state == JobState.PREVIEWED, job.message
        assert (job.processed_rows, job.error_count) == (1, 0)
