"""The cooperative head's morning and the recommendation letter end to end, with the demo users.

The head logs in, sees who is missing, adds an employee and sees what enrolling costs; once the
branch has registered them he asks for a recommendation, a BPJS officer verifies it, the branch
head signs, the PDF is downloaded, its QR link opens the public page (VALID, the file matches),
the branch head revokes it and the public page says REVOKED.
"""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.models import Letter, Purpose, RecommendationRequest, RequestState
from cooperatives.models import Position, PositionRole
from enrollment.models import Person
from enrollment.services import participation_upsert
from enrollment.status import add_months, latest_due_month
from tests.e2e.helpers import VERIFY_URL, eligibility, enrol_uncovered_board, failing_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMPLOYEE_NAME = "Muhammad Rizal Tamburaka"


def _free_nik(cooperative) -> str:
    """A valid NIK of the cooperative's kecamatan (born 15 March 1995, male) not in the register."""
    prefix = cooperative.desa.code[:8].replace(".", "")
    for serial in range(1, 10_000):
        nik = f"{prefix}150395{serial:04d}"
        if not Person.objects.filter(nik=nik).exists():
            return nik
    raise AssertionError("no free NIK")


def _enrol_employee(cooperative, person) -> None:
    """The branch registers the new employee as a wage earner (PU) with every programme."""
    due = latest_due_month("PU", timezone.localdate())
    participation_upsert(
        person=person,
        kpj="99100000001",
        segment="PU",
        jkk=True,
        jkm=True,
        jht=True,
        jp=True,
        npp=cooperative.npp,
        divisi=cooperative.divisi,
        risk_class="rendah",
        wage=3_500_000,
        started_on=add_months(due, -1),
        last_paid_month=due,
        source="e2e",
    )


def test_cooperative_head_morning_and_the_letter_lifecycle(demo, browsing, tmp_path):
    cooperative = demo.demo_cooperative
    bendahara = Position.objects.get(cooperative=cooperative, role=PositionRole.BENDAHARA, ended_on__isnull=True).person

    # 1. The head logs in and lands on his cooperative's page: the bendahara is not protected.
    head = browsing.page("koperasi")
    expect(head).to_have_url(f"{browsing.base_url}/portal/{cooperative.pk}/")
    expect(head.locator("h1")).to_have_text(cooperative.name)
    todo = head.locator("section[aria-labelledby=todo-title]")
    expect(todo).to_contain_text(f"Bendahara {bendahara.name}")
    expect(todo).to_contain_text("belum terdaftar")
    evaluation = head.locator("section.check-card").filter(has_text="Evaluasi status koperasi")
    expect(evaluation.locator("h3 .badge")).to_have_text("Belum memenuhi syarat")
    browsing.screenshot(head, "koperasi-portal")

    # 2. He adds a new employee by NIK.
    head.get_by_role("link", name="Perbarui daftar pengurus dan karyawan").click()
    nik = _free_nik(cooperative)
    head.fill("#id_nik", nik)
    head.fill("#id_name", EMPLOYEE_NAME)
    head.select_option("#id_role", PositionRole.KARYAWAN)
    head.get_by_role("button", name="Tambahkan").click()
    expect(head.locator(".msg-success")).to_contain_text(f"{EMPLOYEE_NAME} ditambahkan sebagai Karyawan")
    expect(head.locator("table.member-table tr.row-missing").filter(has_text=EMPLOYEE_NAME)).to_have_count(1)
    assert nik not in head.content(), "the full NIK must not be shown back"

    # 3. He sees what enrolling the missing people costs per month.
    head.get_by_role("link", name="Perkiraan iuran", exact=True).click()
    expect(head.locator("table.estimate-table tbody tr").filter(has_text=EMPLOYEE_NAME)).to_have_count(1)
    expect(head.locator("table.estimate-table tbody tr").filter(has_text=bendahara.name)).to_have_count(1)
    expect(head.locator("table.estimate-totals tfoot .total-row")).to_contain_text("Rp")

    # 4. The branch registers both (outside this system's pages); the cooperative is now eligible.
    employee = Person.objects.get(nik=nik)
    if not cooperative.scale:  # the Dinas records the figures that set its obligations (rule c)
        from cooperatives.services import cooperative_scale_set

        cooperative_scale_set(cooperative=cooperative, capital=250_000_000, annual_sales=900_000_000, source="Laporan RAT (uji)")
    assert enrol_uncovered_board(cooperative)
    _enrol_employee(cooperative, employee)
    snapshot = eligibility(cooperative, Purpose.EVALUASI_STATUS)
    assert snapshot["passed"], failing_rules(snapshot)

    # 5. He asks for a recommendation for the status evaluation.
    head.get_by_role("link", name="Ringkasan").click()
    evaluation = head.locator("section.check-card").filter(has_text="Evaluasi status koperasi")
    expect(evaluation.locator("h3 .badge")).to_have_text("Memenuhi syarat")
    expect(head.locator("section[aria-labelledby=todo-title]")).to_have_count(0)
    evaluation.get_by_role("button", name="Ajukan rekomendasi: Evaluasi status koperasi").click()
    expect(head.locator(".msg-success")).to_contain_text("Permohonan rekomendasi diajukan")
    request = RecommendationRequest.objects.get(cooperative=cooperative, purpose=Purpose.EVALUASI_STATUS)
    assert request.state == RequestState.DIAJUKAN
    assert request.eligible

    # 6. A BPJS officer finds it in his queue and verifies it.
    officer = browsing.page("bpjs")
    officer.goto("/rekomendasi/")
    officer.get_by_role("link", name=cooperative.name, exact=True).click()
    officer.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(officer.locator(".msg-success")).to_contain_text("diverifikasi")
    browsing.screenshot(officer, "bpjs-verified")

    # 7. The branch head signs: the letter is issued and its PDF rendered.
    signer = browsing.page("kepala")
    signer.goto("/rekomendasi/")
    signer.get_by_role("link", name=cooperative.name, exact=True).click()
    signer.get_by_role("button", name="Tandatangani dan terbitkan surat").click()
    expect(signer.locator(".msg-success")).to_contain_text("diterbitkan")
    letter = Letter.objects.get(request=request)
    expect(signer.locator("h1")).to_contain_text(letter.number)
    expect(signer.locator(".badge-valid")).to_have_text("BERLAKU")

    # 8. The head downloads the issued letter from his page.
    head.goto(f"/portal/{cooperative.pk}/")
    letter_row = head.locator("tr").filter(has_text=letter.number)
    with head.expect_download() as download_info:
        letter_row.get_by_role("link", name="Unduh PDF").click()
    pdf_path = tmp_path / "surat.pdf"
    download_info.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    letter.refresh_from_db()
    assert hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256

    # 9. The QR code carries the verification URL printed under it; anyone can open it.
    match = VERIFY_URL.search(signer.locator(".qr-card").inner_text())
    assert match, "the letter page shows no verification URL"
    assert match.group(1) == letter.verification_path
    public = browsing.page()
    public.goto(match.group(1))
    expect(public.locator(".verify-status")).to_contain_text("VALID")
    expect(public.locator("dl.facts")).to_contain_text(letter.number)
    public.set_input_files("#id_berkas", str(pdf_path))
    public.get_by_role("button", name="Periksa berkas").click()
    expect(public.locator(".callout").last).to_contain_text("cocok dengan surat yang diterbitkan")
    assert bendahara.nik not in public.content()
    assert bendahara.name not in public.content()

    # 10. The branch head revokes it with a reason; the public page says REVOKED.
    signer.fill("#id_reason", "Bendahara berhenti membayar iuran.")
    signer.get_by_role("button", name="Cabut surat").click()
    expect(signer.locator(".msg-success")).to_contain_text("dicabut")
    expect(signer.locator(".badge-revoked")).to_have_text("DICABUT")
    browsing.screenshot(signer, "kepala-revoked")
    public.goto(match.group(1))
    expect(public.locator(".verify-status")).to_contain_text("REVOKED")
    browsing.screenshot(public, "public-revoked")

    head.reload()
    expect(head.locator("tr").filter(has_text=letter.number).locator(".badge")).to_have_text("DICABUT")
