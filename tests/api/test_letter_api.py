"""Letters and requests over the API, and the bank's letter-status call."""

import pytest
from django.test import Client
from django.utils import timezone

from compliance import services
from tests.api.test_bank_api import assert_error
from tests.banking.factories import make_key
from tests.compliance.conftest import build_cooperative

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(cooperative, koperasi_user, bpjs_user, kepala_user):
    """A letter issued through the real workflow for the cooperative head's cooperative."""
    build_cooperative(cooperative=cooperative)
    request = services.recommendation_request(user=koperasi_user, cooperative=cooperative, purpose="izin_baru")
    services.request_verify(user=bpjs_user, request=request)
    return services.letter_issue(user=kepala_user, request=request, render=False)


def status_url(letter):
    return f"/api/v1/letters/{letter.number}/status"


def test_bank_reads_letter_status_by_number(bank, letter):
    _key, plaintext = make_key(bank)
    api = Client(headers={"authorization": f"Api-Key {plaintext}"})
    response = api.get(status_url(letter))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["number"] == letter.number
    assert body["cooperative"] == letter.cooperative.name
    assert "verification_url" not in body
    assert letter.token not in response.content.decode()
    assert "/" in letter.number
    assert_error(api.get("/api/v1/letters/9999/REK-KLK/XI/2026/status"), 404, "not_found")


def test_revoked_letter_says_so(bank, letter, kepala_user):
    services.letter_revoke(user=kepala_user, letter=letter, reason="Data pengurus tidak benar")
    _key, plaintext = make_key(bank)
    body = Client(headers={"authorization": f"Api-Key {plaintext}"}).get(status_url(letter)).json()
    assert body["status"] == "revoked"
    assert body["revoked_on"] == timezone.localdate().isoformat()


def test_letter_status_needs_credentials(client, letter):
    assert_error(client.get(status_url(letter)), 401)


def test_letters_and_requests_scoped(koperasi_client, other_koperasi_user, dinas_client, letter):
    other = Client()
    other.force_login(other_koperasi_user)
    assert [r["number"] for r in koperasi_client.get("/api/v1/letters/").json()["results"]] == [letter.number]
    assert other.get("/api/v1/letters/").json()["results"] == []
    assert_error(other.get(f"/api/v1/letters/{letter.pk}/"), 404)
    requests = dinas_client.get("/api/v1/recommendation-requests/").json()["results"]
    assert requests[0]["letter_number"] == letter.number
    assert other.get("/api/v1/recommendation-requests/").json()["results"] == []
