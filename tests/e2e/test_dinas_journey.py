"""The Dinas officer's journeys: import a small survey workbook (upload, preview with errors,
progress, commit, result, rejected rows), read the dashboard and export a work list, and record a
status evaluation, which only a valid recommendation letter allows."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from compliance.models import GateDecision, Purpose
from demo.seed import KOLAKA_CODE
from imports.models import ImportJob, JobState
from imports.pipeline import run_job
from regions.models import Region
from tests.e2e.helpers import eligible_cooperative, issue_letter, umkm_workbook
from umkm.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = [
    "NIK Pemilik",
    "Nama Pemilik",
    "Nama Usaha",
    "NIB",
    "KBLI",
    "Modal Usaha",
    "Omzet Tahunan",
    "Jumlah Pekerja",
    "Kecamatan",
    "Desa/Kelurahan",
]
BUSINESSES = ["Warung Makan Bu Ani E2E", "Bengkel Las Sinar E2E", "Kios Pulsa Mekar E2E"]


def _survey_rows() -> tuple[list[list], Region]:
    village = Region.objects.villages().filter(code__startswith=KOLAKA_CODE + ".").order_by("code").first()
    kecamatan = village.parent
    prefix = village.code[:8].replace(".", "")
    rows = [HEADER]
    for index, business in enumerate(BUSINESSES):
        rows.append(
            [
                f"{prefix}1204{90 + index}{9001 + index:04d}",
                f"Pemilik Uji {index}",
                business,
                "",
                "56103",
                15_000_000,
                120_000_000,
                2,
                kecamatan.name,
                village.name,
            ]
        )
    rows.append(["12345", "NIK Terlalu Pendek", "Toko Salah E2E", "", "47111", 5_000_000, 60_000_000, 1, kecamatan.name, village.name])
    rows.append([f"{prefix}0101909999", "Tanpa Desa", "Usaha Tanpa Desa E2E", "", "47111", 5_000_000, 60_000_000, 1, kecamatan.name, ""])
    return rows, village


class HeldPolls:
    """Holds the job page's progress polls in the browser while the test thread plays the worker:
    the live server shares the in-memory SQLite connection and must be idle meanwhile."""

    def __init__(self, page):
        self.held: list = []
        self.holding = True
        self.page = page
        page.route("**/progres/", self._handle)

    def _handle(self, route) -> None:
        if self.holding:
            self.held.append(route)
        else:
            route.continue_()

    def wait_for_one(self) -> None:
        """Until the page has polled at least once (htmx runs under the CSP)."""
        for _ in range(150):
            if self.held:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError("the progress card does not poll")

    def hold(self) -> None:
        self.holding = True

    def release(self) -> None:
        self.holding = False
        held, self.held = self.held, []
        for route in held:
            # A poll of a page that has moved on (reloaded) no longer matters.
            with contextlib.suppress(PlaywrightError):
                route.continue_()


def test_dinas_imports_a_small_survey_workbook(demo, browsing, e2e_settings, tmp_path):
    # The background worker is not running: the job waits in the queue, as it does in production
    # for a moment, and this test plays the worker.
    e2e_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    rows, _village = _survey_rows()
    workbook = tmp_path / "survei-umkm.xlsx"
    workbook.write_bytes(umkm_workbook(rows))

    page = browsing.page("dinas")
    page.goto("/impor/")
    card = page.locator("section.import-card").filter(has_text="UMKM (survei lapangan Dinas)")
    card.locator("input[type=file]").set_input_files(str(workbook))
    polls = HeldPolls(page)
    card.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("h1")).to_have_text("survei-umkm.xlsx")
    job = ImportJob.objects.get(file_name="survei-umkm.xlsx")
    assert job.state == JobState.UPLOADED

    # Waiting: the progress card polls.
    expect(page.locator("#job-progress progress")).to_be_visible()
    expect(page.locator("#job-progress")).to_contain_text("Anda boleh menutup halaman ini")
    browsing.screenshot(page, "dinas-import-queued")
    polls.wait_for_one()
    run_job(job.pk, commit=False)
    polls.release()

    # The preview: three rows to create, two rejected with the reason, nothing saved yet.
    expect(page.get_by_role("heading", name="Pratinjau: belum ada yang disimpan")).to_be_visible()
    expect(page.locator(".stat").filter(has_text="Akan dibuat").locator(".value")).to_have_text("3")
    expect(page.locator(".stat").filter(has_text="Baris ditolak").locator(".value")).to_have_text("2")
    findings = page.locator("#temuan ~ .table-wrap tbody tr")
    expect(findings).to_have_count(2)
    expect(findings.nth(0)).to_contain_text("NIK Pemilik")
    expect(findings.nth(1)).to_contain_text("Desa/Kelurahan")
    assert not Business.objects.filter(name__in=BUSINESSES).exists()
    browsing.screenshot(page, "dinas-import-preview")

    # Commit: queued, then done; the result shows what was created.
    polls.hold()
    page.get_by_role("button", name="Simpan 3 baris sah").click()
    expect(page.locator("#job-progress progress")).to_be_visible()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    polls.wait_for_one()
    run_job(job.pk, commit=True)
    polls.release()
    expect(page.get_by_role("heading", name="Hasil")).to_be_visible()
    expect(page.locator(".stat").filter(has_text="Dibuat").first.locator(".value")).to_have_text("3")
    assert Business.objects.filter(name__in=BUSINESSES).count() == 3
    browsing.screenshot(page, "dinas-import-done")

    # The rejected rows come back as a workbook to correct and upload again.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh baris ditolak (.xlsx)").click()
    rejected = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in rejected.active.iter_rows(values_only=True))
    assert "Toko Salah E2E" in text
    assert "Usaha Tanpa Desa E2E" in text
    assert "Warung Makan Bu Ani E2E" not in text


def test_dinas_dashboard_export_and_gated_evaluation(demo, browsing):
    cooperative = eligible_cooperative(demo)
    letter = issue_letter(demo, cooperative, Purpose.EVALUASI_STATUS)
    today = timezone.localdate()

    page = browsing.page("dinas")
    expect(page).to_have_url(f"{browsing.base_url}/dasbor/")
    expect(page.locator("[data-metric=coop-share]")).to_contain_text("%")
    expect(page.locator("figure.chart svg").first).to_be_visible()

    # Narrowing to the demo cooperative's kecamatan: htmx swaps the figures in, no reload.
    kecamatan = demo.demo_cooperative.desa.parent
    page.evaluate("window.notReloaded = true")
    page.select_option("#f-kecamatan", kecamatan.code)
    expect(page).to_have_url(re.compile(r"kecamatan=" + re.escape(kecamatan.code)))
    expect(page.locator("#dashboard-body h2").filter(has_text="Per desa/kelurahan")).to_be_visible()
    assert page.evaluate("window.notReloaded === true")
    browsing.screenshot(page, "dinas-dashboard")

    # A work list of that kecamatan, exported with its filters stamped on top.
    page.get_by_role("link", name="Daftar kerja").first.click()
    page.get_by_role("link", name="Koperasi aktif yang belum terlindungi").click()
    expect(page.locator("table tbody tr").filter(has_text=demo.demo_cooperative.name)).to_have_count(1)
    # The export runs in the background: its page shows progress, then the download link.
    page.get_by_role("link", name="Unduh .xlsx").click()
    download_link = page.locator("[data-metric=export-download]")
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    cells = [" ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    assert "Data per" in cells[1], cells[:8]
    assert any(kecamatan.name in line for line in cells[:8]), cells[:8]
    assert any(demo.demo_cooperative.name in line for line in cells)

    # Recording an evaluation without a valid letter is refused and nothing is written.
    page.goto("/rekomendasi/keputusan/catat/")
    page.fill("#f-q", demo.demo_cooperative.name)
    page.locator("#main").get_by_role("button", name="Cari").click()
    page.get_by_role("link", name=demo.demo_cooperative.name, exact=True).click()
    page.select_option("#id_purpose", Purpose.EVALUASI_STATUS)
    page.select_option("#id_outcome", GateDecision.Outcome.AKTIF)
    page.fill("#id_decided_on", today.isoformat())
    page.get_by_role("button", name="Catat keputusan").click()
    expect(page.locator(".msg-error")).to_contain_text("Tidak ada surat rekomendasi BPJS Ketenagakerjaan yang berlaku")
    assert not GateDecision.objects.filter(cooperative=demo.demo_cooperative).exists()

    # With the cooperative's valid letter it is recorded, and the record names the letter.
    page.fill("#f-q", cooperative.name)
    page.locator("#main").get_by_role("button", name="Cari").click()
    page.get_by_role("link", name=cooperative.name, exact=True).click()
    expect(page.locator("section.card")).to_contain_text(letter.number)
    page.select_option("#id_purpose", Purpose.EVALUASI_STATUS)
    page.select_option("#id_outcome", GateDecision.Outcome.AKTIF)
    page.fill("#id_decided_on", today.isoformat())
    page.fill("#id_decision_number", "518/077/DKUMKM/2026")
    page.get_by_role("button", name="Catat keputusan").click()
    expect(page.locator(".msg-success")).to_contain_text("Keputusan dicatat")
    row = page.locator("tbody tr").filter(has_text="518/077/DKUMKM/2026")
    expect(row).to_contain_text(cooperative.name)
    expect(row).to_contain_text(letter.number)
    decision = GateDecision.objects.get(decision_number="518/077/DKUMKM/2026")
    assert decision.letter == letter
    assert decision.decided_on == today
    browsing.screenshot(page, "dinas-gate")
