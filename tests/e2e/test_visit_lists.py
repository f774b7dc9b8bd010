"""The Dinas plans a day in the field (issue 16, item 2): the work list of one kecamatan carries
address, phone, owner and what is missing, ordered by desa, and prints as a visit-list PDF with a
check-off column and the filters stamped; the branch head sees the phones masked.

Screenshots at 1366 and 390 px and the PDF's first page (``pdftoppm``) go to ``docs/screenshots/``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.identifiers import mask_phone
from dashboard import lists
from dashboard.filters import DashboardFilters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def an_uncovered_business_with_a_phone():
    """An owner not yet an active participant, with a phone, in the kecamatan with fewest such
    businesses (a day's round)."""
    qs = lists.umkm_queryset(DashboardFilters.from_query({}), "not_covered", {}).exclude(owner__phone="")
    by_kecamatan: dict[str, list] = {}
    for business in qs:
        by_kecamatan.setdefault(business.desa.parent_id, []).append(business)
    return min(by_kecamatan.values(), key=len)[0]


def test_dinas_prints_the_visit_list_of_one_kecamatan(demo, browsing, tmp_path):
    business = an_uncovered_business_with_a_phone()
    kecamatan = business.desa.parent
    phone = business.owner.phone
    page = browsing.page("dinas")
    page.set_viewport_size(DESKTOP)

    page.goto("/dasbor/daftar-kerja/")
    page.get_by_role("link", name="Pemilik UMKM yang belum menjadi peserta").click()
    page.select_option("#f-kecamatan", kecamatan.code)
    expect(page).to_have_url(re.compile(r"kecamatan=" + re.escape(kecamatan.code)))
    row = page.locator("#results tbody tr").filter(has_text=business.name).first
    expect(row).to_contain_text(phone)
    if business.address:
        expect(row).to_contain_text(business.address)
    expect(row).to_contain_text(business.owner.name)
    expect(page.locator("#results thead")).to_contain_text("Yang kurang")
    assert phone not in page.url
    desas = page.locator("#results tbody tr td:nth-child(5)").all_inner_texts()
    assert desas == sorted(desas), desas  # one kecamatan: ordered by desa
    shoot(page, "visit-list-umkm-1366")
    page.set_viewport_size(PHONE)
    shoot(page, "visit-list-umkm-390")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Daftar kunjungan (PDF)").click()
    expect(page).to_have_url(re.compile(r"/dasbor/ekspor/\d+/$"))
    link = page.locator("[data-metric=export-download]")
    expect(link).to_be_visible(timeout=60_000)  # the background export, then its download link
    shoot(page, "visit-list-export-1366")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("kunjungan-umkm-")
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / "kunjungan.pdf"
    shutil.copy(download.path(), pdf)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout.split())
    assert f"Kecamatan {kecamatan.name}" in text
    assert f"Kecamatan: {kecamatan.name}" in text
    assert business.name in text
    assert phone in text
    assert "Catatan kunjungan" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(SCREENSHOTS / "visit-list-pdf")], check=True
    )

    # The branch head reads the same list with the phones masked.
    head = browsing.page("kepala")
    head.goto(f"/dasbor/daftar/umkm/?step=not_covered&kecamatan={kecamatan.code}")
    head_row = head.locator("#results tbody tr").filter(has_text=business.name).first
    expect(head_row).to_contain_text(mask_phone(phone))
    expect(head_row).not_to_contain_text(phone)
