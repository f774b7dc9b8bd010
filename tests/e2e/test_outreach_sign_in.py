"""Outreach sign-in sheet (issue 16): a Dinas officer uploads an event's 80-row attendance sheet with
10 people the register does not hold from the event page, sees the pipeline's preview with its
warnings, commits, and finds all 80 in the event's follow-up, the 10 flagged as prospects with
their NIK and phone masked; a BPJS officer sees the event without the upload.

Screenshots at 1366 and 390 px are written to ``docs/screenshots/`` (committed, looked at)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enrollment.models import Person
from imports.models import ImportJob, JobState
from imports.pipeline import run_job
from outreach import services
from outreach.models import OutreachAttendance
from regions.models import Region
from tests.e2e.test_dinas_journey import HeldPolls
from tests.factories import make_nik
from tests.imports.helpers import xlsx_bytes
from umkm.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
HEADER = ["No.", "Nama", "NIK", "No. HP", "Nama Usaha", "NIB", "Desa", "Jenis", "Tanda tangan"]


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _sheet(event) -> tuple[list[list], list[str]]:
    kecamatan = event.kecamatan
    desa = Region.objects.filter(parent=kecamatan).order_by("code").first().name
    rows = [HEADER]
    businesses = list(Business.objects.filter(nib__isnull=False).select_related("owner").order_by("pk")[:20])
    owners = {b.owner_id for b in businesses}
    people = list(Person.objects.exclude(pk__in=owners).order_by("pk")[:50])
    assert len(businesses) == 20
    assert len(people) == 50
    for person in people:
        rows.append([len(rows), person.name, person.nik, person.phone or "", "", "", desa, "pelaku UMKM", "✓"])
    for business in businesses:
        rows.append([len(rows), business.owner.name, "", "", business.name, business.nib, desa, "pelaku UMKM", "✓"])
    unknown = [make_nik(serial=9100 + i, birth=timezone.localdate().replace(year=1990, month=3, day=9)) for i in range(6)]
    for i, nik in enumerate(unknown):
        rows.append([len(rows), f"Calon Peserta {i + 1}", nik, f"0852110{i:05d}", "", "", desa, "pengurus koperasi", "✓"])
    for i in range(3):
        rows.append([len(rows), f"Warga Tanpa NIK {i + 1}", "", f"0853110{i:05d}", "", "", desa, "lainnya", "✓"])
    rows.append([len(rows), "Ibu Wa Ode", "", "081299990000", "Kios Sembako Wa Ode", "", desa, "UMKM", "✓"])
    assert len(rows) == 81
    return rows, unknown


def test_dinas_uploads_an_eighty_row_sign_in_sheet(demo, browsing, e2e_settings, tmp_path):
    e2e_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    event = services.event_create(
        title="Sosialisasi Jaminan Sosial Pelaku UMKM",
        held_on=timezone.localdate() - timedelta(days=14),
        place="Aula Kantor Camat",
        kecamatan=Region.objects.filter(kind=Region.Kind.KECAMATAN).order_by("code").first(),
    )
    rows, unknown = _sheet(event)
    sheet = tmp_path / "daftar-hadir-sosialisasi.xlsx"
    sheet.write_bytes(xlsx_bytes(rows))

    page = browsing.page("dinas")
    page.set_viewport_size(DESKTOP)
    page.goto(event.get_absolute_url())
    upload = page.locator("#daftar-hadir")
    expect(upload).to_contain_text("Unggah daftar hadir")
    upload.locator("input[type=file]").set_input_files(str(sheet))
    polls = HeldPolls(page)
    upload.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("h1")).to_have_text("daftar-hadir-sosialisasi.xlsx")
    job = ImportJob.objects.get(file_name="daftar-hadir-sosialisasi.xlsx")
    assert job.importer == "daftar_hadir"
    assert job.details["outreach_event"] == event.pk
    polls.wait_for_one()
    run_job(job.pk, commit=False)
    polls.release()

    expect(page.get_by_role("heading", name="Pratinjau: belum ada yang disimpan")).to_be_visible()
    expect(page.locator(".stat").filter(has_text="Akan dibuat").locator(".value")).to_have_text("80")
    expect(page.locator(".stat").filter(has_text="Baris ditolak").locator(".value")).to_have_text("0")
    expect(page.locator("[data-parent-link]")).to_contain_text(event.title)
    assert not OutreachAttendance.objects.filter(event=event).exists()
    shoot(page, "outreach-sign-in-preview-1366")
    page.set_viewport_size(PHONE)
    shoot(page, "outreach-sign-in-preview-390")
    page.set_viewport_size(DESKTOP)

    polls.hold()
    page.get_by_role("button", name="Simpan 80 baris sah").click()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    polls.wait_for_one()
    run_job(job.pk, commit=True)
    polls.release()
    expect(page.get_by_role("heading", name="Hasil")).to_be_visible()
    expect(page.locator(".stat").filter(has_text="Dibuat").first.locator(".value")).to_have_text("80")

    # Back on the event: all 80 in the follow-up, the 10 unknown flagged, NIK and phone masked.
    page.locator("[data-parent-link]").click()
    expect(page.locator('[data-metric="followup-attended"]')).to_have_text("80")
    expect(page.locator("[data-prospect]")).to_have_count(10)
    html = page.content()
    assert all(nik not in html for nik in unknown)
    assert "085211000000" not in html
    assert all(nik not in page.url for nik in unknown)
    shoot(page, "outreach-sign-in-event-1366")
    page.set_viewport_size(PHONE)
    shoot(page, "outreach-sign-in-event-390")
    assert OutreachAttendance.objects.filter(event=event).count() == 80
    assert OutreachAttendance.objects.filter(event=event, prospect=True).count() == 10

    # A BPJS officer sees the event and its follow-up, without the upload.
    bpjs = browsing.page("bpjs")
    bpjs.goto(event.get_absolute_url())
    expect(bpjs.locator('[data-metric="followup-attended"]')).to_have_text("80")
    expect(bpjs.locator("#daftar-hadir")).to_have_count(0)
