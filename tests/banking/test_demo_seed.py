"""seed_demo prints a working demo bank key and a curl call that works with it, every run."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from banking.models import BankApiKey, BankVerification, Disbursement
from demo import seed as demo_seed
from demo.seeders import banking as banking_seeder

pytestmark = pytest.mark.django_db


def _curl_works() -> dict:
    client = Client(headers={"authorization": f"Api-Key {banking_seeder.DEMO_KEY}"})
    body = {"nik": banking_seeder.DEMO_NIK, "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": 150000000}
    response = client.post("/api/v1/verifications/", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_seed_builds_bank_situations_and_the_demo_key_works(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True
    demo_seed.seed(scale=0.02)
    assert BankVerification.objects.filter(channel="web").exists()
    assert BankVerification.objects.filter(channel="api").exists()
    assert Disbursement.objects.exists()
    assert BankApiKey.objects.values("bank").distinct().count() == 3
    assert _curl_works()["is_active_participant"] is True

    # Every later run prints a working key, even when the key was revoked in the meantime.
    key = BankApiKey.objects.get(prefix=banking_seeder.DEMO_KEY_PREFIX)
    key.revoked = True
    key.save()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    assert banking_seeder.DEMO_KEY in printed
    assert banking_seeder.DEMO_NIK in printed
    assert "curl" in printed
    assert _curl_works()["kur_rule_met"] is True

    demo_seed.reset()
    assert not BankVerification.objects.exists()
    assert not BankApiKey.objects.exists()
