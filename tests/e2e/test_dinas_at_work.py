"""The Dinas at work (issue 16): find anyone by any identifier from one search box per register and
from the header, the cooperative page as a hub with the role's actions, the official one-page
letter served at once, and the header in one row at 1366 px and a drawer on the phone.

Screenshots at 1366 and 390 px are written to ``docs/screenshots/`` (committed, looked at)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from compliance.models import GateDecision, Letter
from enrollment.models import Participation
from umkm.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def spaced(nik: str) -> str:
    return f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"


def search_in(page, url: str, text: str) -> None:
    page.goto(url)
    page.fill("#f-q", text)
    page.press("#f-q", "Enter")
    page.wait_for_load_state("networkidle")


def test_dinas_finds_records_by_every_identifier(demo, browsing):
    business = Business.objects.filter(nib__isnull=False, owner__participations__isnull=False).select_related("owner").first()
    owner = business.owner
    kpj = Participation.objects.filter(person=owner).values_list("kpj", flat=True).first()
    page = browsing.page("dinas")
    page.set_viewport_size(DESKTOP)

    search_in(page, "/umkm/", spaced(owner.nik))  # typed with spaces, as on the KTP
    expect(page.locator("#results")).to_contain_text(business.name)
    assert owner.nik not in page.url
    shoot(page, "search-umkm-by-nik-1366")

    search_in(page, "/umkm/", owner.nik[:4] + "." + owner.nik[4:8] + "." + owner.nik[8:12] + "." + owner.nik[12:])
    expect(page.locator("#results")).to_contain_text(business.name)
    search_in(page, "/umkm/", business.nib)
    expect(page.locator("#results")).to_contain_text(business.name)
    assert page.locator("#results tbody tr").count() == 1
    search_in(page, "/umkm/", kpj)
    expect(page.locator("#results")).to_contain_text(business.name)
    search_in(page, "/umkm/", owner.name.upper())
    expect(page.locator("#results")).to_contain_text(business.name)
    assert "q=" in page.url  # a name is no personal identifier: the address can be bookmarked

    coop = demo.demo_cooperative
    search_in(page, "/koperasi/", coop.nomor_induk)
    expect(page.locator("#results")).to_contain_text(coop.name)
    assert page.locator("#results tbody tr").count() == 1
    ketua = coop.positions.filter(role="ketua", ended_on__isnull=True).select_related("person").first().person
    search_in(page, "/koperasi/", spaced(ketua.nik))
    expect(page.locator("#results")).to_contain_text(coop.name)
    assert ketua.nik not in page.url
    shoot(page, "search-koperasi-by-member-nik-1366")

    search_in(page, "/kepesertaan/peserta/", spaced(ketua.nik))
    expect(page.locator("table")).to_contain_text(ketua.name)

    # The header's search, across the registers.
    page.goto("/koperasi/")
    page.fill("#global-q", owner.nik)
    page.press("#global-q", "Enter")
    expect(page.locator("main")).to_contain_text(business.name)
    assert owner.nik not in page.url
    shoot(page, "search-global-1366")
    page.set_viewport_size(PHONE)
    search_in(page, "/umkm/", spaced(owner.nik))
    expect(page.locator("#results")).to_contain_text(business.name)
    shoot(page, "search-umkm-by-nik-390")
    assert not browsing.csp_violations(), browsing.csp_violations()


def test_cooperative_hub_shows_letters_decisions_and_the_dinas_actions(demo, browsing):
    decision = GateDecision.objects.select_related("cooperative", "letter").first()
    coop = decision.cooperative
    page = browsing.page("dinas")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/koperasi/{coop.pk}/")
    hub = page.locator("#rekomendasi")
    expect(hub).to_contain_text(decision.letter.number)
    expect(hub).to_contain_text(decision.decision_number)
    expect(hub.get_by_role("link", name="Catat keputusan izin/evaluasi")).to_be_visible()
    expect(page.locator("#sosialisasi")).to_be_visible()
    expect(page.locator("#bank")).to_be_visible()

    page.fill("#id_nik", "7401 0157 0585 0003")
    page.fill("#id_name", "Wa Ode Sitti E2E")
    page.select_option("#id_role", "karyawan")
    page.fill("#id_started_on", "")
    page.type("#id_started_on", "01/11/2026")  # typed the Indonesian way, whatever the browser's language
    expect(page.locator("#id_started_on + .date-words")).to_have_text("1 November 2026")
    page.get_by_role("button", name="Tambahkan").click()
    expect(page.locator(".msg-success")).to_contain_text("Wa Ode Sitti E2E")
    expect(page.locator("#jabatan + .table-wrap")).to_contain_text("Wa Ode Sitti E2E")
    shoot(page, "cooperative-hub-dinas-1366")
    page.set_viewport_size(PHONE)
    page.reload()
    shoot(page, "cooperative-hub-dinas-390")

    # The record of gate decisions leads to the gate form for this cooperative.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Catat keputusan izin/evaluasi").click()
    expect(page.locator("main")).to_contain_text(coop.name)

    bpjs = browsing.page("bpjs")
    bpjs.goto(f"/koperasi/{coop.pk}/")
    expect(bpjs.locator("#rekomendasi")).to_contain_text(decision.letter.number)
    expect(bpjs.get_by_role("link", name="Catat keputusan izin/evaluasi")).to_have_count(0)
    expect(bpjs.get_by_role("button", name="Tambahkan")).to_have_count(0)
    assert not browsing.csp_violations(), browsing.csp_violations()


def test_every_demo_letter_is_a_one_page_pdf_served_at_once(demo, browsing, tmp_path):
    assert not Letter.objects.filter(pdf_rendered_at__isnull=True).exists()
    letter = Letter.objects.filter(revoked_at__isnull=True, superseded_at__isnull=True).order_by("-issued_on").first()
    page = browsing.page("kepala")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/rekomendasi/surat/{letter.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF").first.click()
    pdf_path = tmp_path / "letter.pdf"
    download_info.value.save_as(pdf_path)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    assert data == bytes(Letter.objects.get(pk=letter.pk).pdf)
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    assert "595" in info
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf_path), str(SCREENSHOTS / "letter-pdf")], check=True)


def test_header_is_one_row_on_a_laptop_and_a_drawer_on_a_phone(demo, browsing):
    page = browsing.page("dinas")
    page.set_viewport_size(DESKTOP)
    page.goto("/koperasi/")
    height = page.locator(".topbar").bounding_box()["height"]
    assert height < 70, f"header is {height}px high at 1366px"
    page.get_by_text("Rekomendasi", exact=True).click()
    expect(page.get_by_role("link", name="Keputusan izin/evaluasi")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "header-menu-1366.png"))
    page.set_viewport_size(PHONE)
    page.goto("/koperasi/")
    expect(page.locator(".mainnav")).to_be_hidden()
    page.locator(".nav-toggle-label").click()
    expect(page.locator(".mainnav")).to_be_visible()
    shoot(page, "header-drawer-390")
    assert not browsing.csp_violations(), browsing.csp_violations()
