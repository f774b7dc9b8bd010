"""Visit lists: address, desa, phone (per role), owner or ketua and what is missing on every work
list, kecamatan/desa order, the PDF per kecamatan with a check-off column and the filters stamped,
and the dashboard PDF with the selected work list."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from accounts.models import AccessEvent
from dashboard.models import ExportJob
from tests.dashboard.conftest import lapsed_bpu
from tests.factories import BusinessFactory, PersonFactory
from umkm.models import Business

pytestmark = pytest.mark.django_db

PHONE = "081234567890"
MASKED = "0812*****890"


def pdf_text(content: bytes) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is installed by scripts/test"
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())  # reading order, whitespace folded


@pytest.fixture
def visits(world):
    """Phones and addresses on the world's uncovered businesses and cooperatives."""
    business = Business.objects.select_related("owner").get(name="Kios Menunggak")
    business.address = "Jl. Poros Kolaka No. 3"
    business.save()
    owner = business.owner
    owner.phone = PHONE
    owner.save()
    coop = world.coop_uncovered
    coop.address = "Jl. Koperasi No. 7"
    coop.save()
    ketua = coop.positions.get(role="ketua").person
    ketua.name, ketua.phone = "La Ode Ketua", "082199998888"
    ketua.save()
    far = BusinessFactory(
        name="Usaha Kecamatan Lain",
        in_official_db=True,
        desa=world.other_village,
        owner=PersonFactory(desa=world.other_village, phone="085300001111"),
    )
    return {"business": business, "coop": coop, "far": far}


def cells_of(response, name):
    return next(r["cells"] for r in response.context["rows"] if r["cells"][0] == name)


def test_umkm_work_list_carries_address_phone_owner_and_what_is_missing(dinas_client, visits):
    response = dinas_client.get(reverse("dashboard:umkm_list"), {"step": "not_covered"})
    html = response.content.decode()
    headers = [str(h) for h in response.context["headers"]]
    row = dict(zip(headers, cells_of(response, "Kios Menunggak"), strict=True))
    assert row["Alamat"] == "Jl. Poros Kolaka No. 3"
    assert row["Telepon pemilik"] == PHONE
    assert row["Pemilik"] == visits["business"].owner.name
    assert row["Desa/kelurahan"]
    assert row["Kecamatan"] == "Wundulako"
    assert row["Yang kurang"] == "pemilik nonaktif (tunggakan iuran)"
    never = dict(zip(headers, cells_of(response, "Usaha Belum Peserta"), strict=True))
    assert never["Yang kurang"] == "pemilik belum terdaftar BPJS Ketenagakerjaan"
    assert PHONE in html
    assert "format=pdf" in html
    assert PHONE not in response.request["QUERY_STRING"]
    event = AccessEvent.objects.get(action="personal_data")
    assert event.target == "dashboard:umkm"
    assert event.details["fields"] == ["phone"]
    assert PHONE not in str(event.details)


def test_the_branch_head_sees_phones_masked_and_nothing_is_logged(kepala_client, visits):
    response = kepala_client.get(reverse("dashboard:umkm_list"), {"step": "not_covered"})
    html = response.content.decode()
    assert PHONE not in html
    assert MASKED in html
    coops = kepala_client.get(reverse("dashboard:coop_list"), {"step": "not_covered"}).content.decode()
    assert "082199998888" not in coops
    assert "La Ode Ketua" in coops
    assert not AccessEvent.objects.filter(action="personal_data").exists()


def test_cooperative_and_participant_work_lists_carry_ketua_address_and_arrears(bpjs_client, visits, world):
    coops = bpjs_client.get(reverse("dashboard:coop_list"), {"step": "not_covered"})
    headers = [str(h) for h in coops.context["headers"]]
    row = dict(zip(headers, cells_of(coops, "Koperasi Kurang Satu"), strict=True))
    assert row["Alamat"] == "Jl. Koperasi No. 7"
    assert row["Ketua"] == "La Ode Ketua"
    assert row["Telepon ketua"] == "082199998888"
    assert "Bendahara Wa Ode Sitti: belum terdaftar" in row["Yang belum terlindungi"]
    person = PersonFactory(name="Peserta Menunggak", address="Dusun II", phone="081311112222")
    lapsed_bpu(person)
    lapsed = bpjs_client.get(reverse("dashboard:participant_list"), {"step": "lapsed"})
    headers = [str(h) for h in lapsed.context["headers"]]
    row = dict(zip(headers, cells_of(lapsed, "Peserta Menunggak"), strict=True))
    assert row["Alamat"] == "Dusun II"
    assert row["Telepon"] == "081311112222"
    assert row["Yang kurang"].startswith("iuran tertunggak sejak ")


def test_work_lists_are_ordered_by_kecamatan_then_desa(dinas_client, visits, world):
    response = dinas_client.get(reverse("dashboard:umkm_list"), {"step": "not_covered"})
    keys = [(r["cells"][5], r["cells"][4], r["cells"][0]) for r in response.context["rows"]]  # kecamatan, desa, name
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) == 2
    coops = dinas_client.get(reverse("dashboard:coop_list"), {"step": "not_covered"})
    keys = [(r["cells"][5], r["cells"][4], r["cells"][0]) for r in coops.context["rows"]]
    assert keys == sorted(keys)


def test_a_visit_list_for_one_kecamatan_prints_as_a_pdf(dinas_client, dinas_user, visits, export_via_task):
    exported = export_via_task(
        dinas_client, reverse("dashboard:umkm_list"), {"step": "not_covered", "kecamatan": "74.01.01", "format": "pdf"}
    )
    assert exported.content.startswith(b"%PDF")
    assert ".pdf" in exported.response["Content-Disposition"]
    assert exported.job.filename.startswith("kunjungan-umkm-")
    assert exported.job.done_rows == 2
    text = pdf_text(exported.content)
    assert "Daftar kunjungan: Pemilik UMKM yang belum menjadi peserta aktif" in text
    assert "Kecamatan Wundulako" in text
    assert "Kecamatan: Wundulako" in text
    assert "Sudah" in text
    assert "Catatan kunjungan" in text
    assert "Jl. Poros Kolaka No. 3" in text
    assert PHONE in text
    assert "pemilik nonaktif (tunggakan iuran)" in text
    assert "Usaha Kecamatan Lain" not in text
    event = AccessEvent.objects.get(action="export")
    assert event.user == dinas_user
    assert event.target == "dashboard:umkm"
    assert event.details["format"] == "pdf"
    assert PHONE not in str(ExportJob.objects.get().params)
    assert PHONE not in str(event.details)


def test_the_cooperative_visit_pdf_masks_phones_for_the_branch_head(kepala_client, visits, export_via_task):
    exported = export_via_task(kepala_client, reverse("dashboard:coop_list"), {"step": "not_covered", "format": "pdf"})
    text = pdf_text(exported.content)
    assert "Koperasi Kurang Satu" in text
    assert "La Ode Ketua" in text
    assert "Jl. Koperasi No. 7" in text
    assert "082199998888" not in text
    assert "0821*****888" in text
    assert "disamarkan" in text


@pytest.mark.parametrize("name", ["dashboard:participant_list", "dashboard:attendee_list"])
def test_every_work_list_prints_as_a_visit_pdf(dinas_client, world, name, export_via_task):
    exported = export_via_task(dinas_client, reverse(name), {"format": "pdf"})
    assert exported.content.startswith(b"%PDF")
    assert exported.job.state == "done"


def test_the_dashboard_pdf_includes_the_selected_work_list(dinas_client, visits, export_via_task):
    exported = export_via_task(dinas_client, reverse("dashboard:report_pdf"), {"daftar": "koperasi", "step": "not_covered"})
    text = pdf_text(exported.content)
    assert "Laporan cakupan jaminan sosial ketenagakerjaan" in text
    assert "Daftar kerja: Koperasi aktif yang belum terlindungi" in text
    assert "La Ode Ketua" in text
    assert AccessEvent.objects.get(action="export").details["daftar"] == "koperasi"
    plain = export_via_task(dinas_client, reverse("dashboard:report_pdf"))
    assert "Daftar kerja:" not in pdf_text(plain.content)


def test_the_worklists_page_offers_the_report_with_a_list(dinas_client, world):
    html = dinas_client.get(reverse("dashboard:worklists")).content.decode()
    assert 'name="daftar"' in html
    assert "sort=desa" not in html


def test_visit_pdfs_are_refused_to_the_bank_and_the_cooperative_head(bank_client, koperasi_client, world):
    for client in (bank_client, koperasi_client):
        assert client.get(reverse("dashboard:umkm_list"), {"format": "pdf", "step": "not_covered"}).status_code == 403
        assert client.get(reverse("dashboard:report_pdf"), {"daftar": "umkm"}).status_code == 403
    assert not ExportJob.objects.exists()
    assert not AccessEvent.objects.exists()


def test_another_officer_cannot_download_a_visit_pdf(dinas_client, bpjs_client, visits, export_via_task):
    exported = export_via_task(dinas_client, reverse("dashboard:umkm_list"), {"format": "pdf"})
    assert bpjs_client.get(reverse("dashboard:export_download", args=[exported.job.pk])).status_code == 404
    assert bpjs_client.get(reverse("dashboard:export_detail", args=[exported.job.pk])).status_code == 404


def test_a_regency_wide_visit_list_groups_by_kecamatan_and_says_when_it_is_cut(dinas_user, visits):
    from django.template.loader import render_to_string

    from dashboard.visits import visit_context

    context = visit_context("umkm", {"step": "not_covered"}, user=dinas_user, limit=10)
    kecamatan = [g["kecamatan"] for g in context["visit_groups"]]
    assert kecamatan == sorted(kecamatan)
    assert len(kecamatan) == 2
    assert not context["visit_truncated"]
    numbers = [n for g in context["visit_groups"] for d in g["desas"] for n, _ in d["rows"]]
    assert numbers == list(range(1, context["visit_total"] + 1))
    cut = visit_context("umkm", {"step": "not_covered"}, user=dinas_user, limit=1)
    assert cut["visit_truncated"]
    assert cut["visit_shown"] == 1
    html = render_to_string("dashboard/_visit_table.html", cut)
    assert "persempit dengan kecamatan" in html
    assert 'class="box"' in html
