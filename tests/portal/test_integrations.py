"""The portal with the compliance workflow (check, request, letter download) and the bank channel."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import services as compliance
from compliance.models import Letter, Purpose, RecommendationRequest
from tests.factories import ParticipationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def covered_cooperative(cooperative):
    """Ketua and bendahara active BPU participants with JKK and JKM; no employees."""
    paid = timezone.localdate().replace(day=1)
    for role in ("ketua", "bendahara"):
        position = PositionFactory(cooperative=cooperative, role=role)
        ParticipationFactory(person=position.person, segment="BPU", last_paid_month=paid)
    return cooperative


def test_eligibility_check_shows_what_is_missing_and_how_to_fix_it(client_a, cooperative, staff_a):
    response = client_a.get(reverse("portal:cooperative", args=[cooperative.pk]))
    checks = {check["purpose"]: check for check in response.context["checks"]}
    assert set(checks) == set(Purpose.values)
    assert not checks[Purpose.IZIN_BARU]["passed"]
    failing = [rule for rule in checks[Purpose.IZIN_BARU]["rules"] if not rule["passed"]]
    assert any("Bendahara Alfa Bendahara B." in line and "tidak terdaftar" in line for rule in failing for line in rule["evidence"])
    assert all(rule["fix"] for rule in failing)
    body = response.content.decode()
    assert "Cara memperbaiki" in body
    assert "Bravo" not in body


def test_head_requests_a_recommendation_and_downloads_the_letter(
    client_a, client_b, covered_cooperative, bpjs_user, kepala_user, head_a, django_capture_on_commit_callbacks
):
    cooperative = covered_cooperative
    url = reverse("portal:recommendation_request", args=[cooperative.pk])
    response = client_a.post(url, {"purpose": Purpose.IZIN_BARU}, follow=True)
    assert "Permohonan rekomendasi diajukan" in response.content.decode()
    request = RecommendationRequest.objects.get(cooperative=cooperative)
    assert request.requested_by == head_a
    assert request.eligible
    # A second request for the same purpose while one is open: a message, nothing new.
    again = client_a.post(url, {"purpose": Purpose.IZIN_BARU}, follow=True)
    assert "Masih ada permohonan terbuka" in again.content.decode()
    assert RecommendationRequest.objects.filter(cooperative=cooperative).count() == 1
    # Unknown purpose.
    bad = client_a.post(url, {"purpose": "lain"}, follow=True)
    assert "Pilih tujuan rekomendasi" in bad.content.decode()

    compliance.request_verify(user=bpjs_user, request=request)
    with django_capture_on_commit_callbacks(execute=True):
        letter = compliance.letter_issue(user=kepala_user, request=request)
    page = client_a.get(reverse("portal:cooperative", args=[cooperative.pk]))
    letters = page.context["paperwork"]["letters"]
    assert [item["letter"].pk for item in letters] == [letter.pk]
    download_url = letters[0]["download_url"]
    assert download_url
    assert download_url in page.content.decode()
    pdf = client_a.get(download_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # The other head gets a 404 for the letter and never sees it on his page.
    assert client_b.get(download_url).status_code == 404
    other_page = client_b.get(reverse("portal:index"), follow=True)
    assert letter.number not in other_page.content.decode()
    assert Letter.objects.count() == 1


def test_bank_checks_of_his_people_are_listed_only_on_his_page(client_a, client_b, cooperative, staff_a, bank):
    from banking.services import verification_create

    verification_create(bank=bank, purpose="KUR", nik=staff_a["ketua"].person.nik, scheme="kur_mikro", loan_amount=50_000_000)
    page_a = client_a.get(reverse("portal:cooperative", args=[cooperative.pk]))
    assert len(page_a.context["bank_checks"]) == 1
    assert "Bank Rakyat Indonesia" in page_a.content.decode()
    page_b = client_b.get(reverse("portal:index"), follow=True)
    assert page_b.context["bank_checks"] == []
    assert "Bank Rakyat Indonesia" not in page_b.content.decode()
