"""The bank officer's lookup page and the public pages: letter verification and the calculator."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AccessEvent
from banking.models import BankVerification
from compliance.models import Purpose
from core.formatting import rupiah
from enrollment.contributions import contribution_bpu
from enrollment.models import Participation, Person
from tests.e2e.helpers import eligible_cooperative, issue_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_bank_officer_checks_a_borrower(demo, browsing):
    today = timezone.localdate()
    active = Participation.objects.active(today).select_related("person").order_by("pk").first().person
    outsider = Person.objects.exclude(participations__isnull=False).order_by("pk").first()
    before = BankVerification.objects.count()

    page = browsing.page("bank")
    page.goto("/bank/periksa/")
    # An active participant, KUR kecil of Rp 150 million: the rule applies and is met.
    page.fill("#id_nik", active.nik)
    page.select_option("#id_purpose", "KUR")
    page.select_option("#id_scheme", "kur_kecil")
    page.fill("#id_loan_amount", "150000000")
    page.get_by_role("button", name="Periksa").click()
    result = page.locator("section.card").filter(has_text="Hasil pemeriksaan")
    expect(result.locator(".callout")).to_have_text("Peserta aktif BPJS Ketenagakerjaan.")
    expect(result).to_contain_text("Terpenuhi")
    receipt = result.locator("dd strong").inner_text()
    assert receipt
    assert active.nik not in page.content(), "the NIK is not echoed back"
    assert "nik" not in page.url.lower()
    browsing.screenshot(page, "bank-lookup")

    # Someone without a participation: not an active participant, the KUR rule not met.
    page.fill("#id_nik", outsider.nik)
    page.fill("#id_loan_amount", "150000000")
    page.get_by_role("button", name="Periksa").click()
    expect(result.locator(".callout")).to_have_text("Bukan peserta aktif BPJS Ketenagakerjaan.")
    expect(result).to_contain_text("Tidak terpenuhi")

    # A malformed NIK: a clear message, no check recorded.
    page.fill("#id_nik", "12345")
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("form .errorlist")).to_contain_text("NIK")
    assert BankVerification.objects.count() == before + 2
    assert AccessEvent.objects.filter(user=demo.users["bank"]).count() >= 2

    # His bank's checks, with the receipt.
    page.goto("/bank/pemeriksaan/")
    expect(page.locator("tbody tr").filter(has_text=receipt)).to_have_count(1)


def test_public_verifies_a_letter_and_uses_the_calculator(demo, browsing):
    letter = issue_letter(demo, eligible_cooperative(demo), Purpose.EVALUASI_STATUS)
    page = browsing.page()

    # A bank clerk holding a paper letter types its number.
    page.goto("/verifikasi/")
    page.fill("#id_nomor", letter.number)
    page.get_by_role("button", name="Periksa").click()
    expect(page).to_have_url(f"{browsing.base_url}{letter.verification_path}")
    expect(page.locator(".verify-status")).to_contain_text("VALID")
    expect(page.locator("dl.facts")).to_contain_text(letter.cooperative.name)
    browsing.screenshot(page, "public-verify")
    page.goto("/verifikasi/")
    page.fill("#id_nomor", "9999/REK-KLK/I/2020")
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator(".callout-bad")).to_contain_text("tidak ditemukan")

    # The calculator: an UMKM actor earning Rp 1 million pays Rp 16.800 for JKK and JKM before
    # reliefs, Rp 8.400 while the PP 50/2025 relief runs (April - December 2026).
    page.goto("/kalkulator/")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_income", "1.000.000")
    page.get_by_role("button", name="Hitung").click()
    payable = page.locator("#calc-result [data-total=payable]")
    expected = contribution_bpu(income=1_000_000, as_of=timezone.localdate())
    assert expected.base_payable_total == 16_800
    expect(payable).to_have_text(rupiah(expected.payable_total))
    # htmx swapped the result in (no reload) and put the query in the address bar to share.
    assert page.evaluate("window.notReloaded === true")
    expect(page).to_have_url(re.compile(r"/kalkulator/\?.*income=1\.000\.000"))
    # An employer with a wage of Rp 3.500.000: the table splits employer and worker shares.
    page.get_by_label("Pemberi kerja untuk karyawan (PU)").check()
    page.fill("#id_wage", "3.500.000")
    page.get_by_role("button", name="Hitung").click()
    expect(page.locator("#calc-result h2")).to_contain_text("Rp 3.500.000")
    expect(page.locator("#calc-result tr[data-programme=JKK]")).to_be_visible()
    expect(page.locator("#calc-result [data-total=employer]")).to_contain_text("Rp")
    # Bad input: a clear message (the page as loaded from a shared link).
    page.goto("/kalkulator/?jenis=pu&wage=tiga+juta")
    expect(page.locator("#calc-result .msg-error")).to_contain_text("angka bulat")
    browsing.screenshot(page, "public-calculator")

    page.goto("/program/")
    expect(page.locator("h1")).to_be_visible()


def test_api_documentation_renders_under_the_content_security_policy(browsing):
    """The banks' developers read the API documentation: both viewers load their scripts from the
    application itself and render the operations (the CSP check runs after the test)."""
    page = browsing.page()
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/verifications/").first).to_be_visible()
    browsing.screenshot(page, "api-swagger", full_page=False)
    # Redoc's bundle asks for its logo on its makers' CDN; the policy blocks it (nothing leaves the
    # site) and the page works without it.
    browsing.tolerate("https://cdn.redoc.ly/")
    page.goto("/api/redoc/")
    expect(page.locator("#redoc-container").get_by_text("/api/v1/verifications/").first).to_be_attached()
    browsing.screenshot(page, "api-redoc", full_page=False)
