import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessEvent
from banking.models import BankVerification, Disbursement
from banking.services import api_key_revoke
from tests.banking.factories import active_person, lapsed_person, make_key
from tests.factories import BankFactory, BusinessFactory

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/verifications/"
DISBURSE = "/api/v1/disbursements/"
RESULT_FIELDS = {
    "receipt_id",
    "as_of",
    "is_active_participant",
    "programmes",
    "segment",
    "participant_since",
    "last_paid_month",
    "kur_rule_met",
}


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def today():
    return timezone.localdate()


def test_verification_answers_exactly_the_documented_fields(api, today):
    person = active_person(today, name="Wa Ode Sitti", phone="081234567890", address="Jl. Pemuda 1")
    response = post(api, VERIFY, {"nik": person.nik, "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": 150_000_000})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == RESULT_FIELDS
    assert body["is_active_participant"] is True
    assert body["kur_rule_met"] is True
    assert body["segment"] == "BPU"
    assert body["programmes"] == ["JKK", "JKM", "JHT"]
    assert body["as_of"] == today.isoformat()
    text = response.content.decode()
    for secret in (person.nik, "Wa Ode", "0812", "Pemuda"):
        assert secret not in text
    verification = BankVerification.objects.get(receipt_id=body["receipt_id"])
    assert verification.api_key is not None
    assert verification.bank.code == "bri"
    assert AccessEvent.objects.filter(action="bank_lookup", target__contains=body["receipt_id"]).exists()


def test_lapsed_participant_fails_the_kur_rule(api, today):
    person = lapsed_person(today)
    body = post(api, VERIFY, {"nik": person.nik, "purpose": "KUR", "scheme": "kur_khusus", "loan_amount": 500_000_000}).json()
    assert body["is_active_participant"] is False
    assert body["kur_rule_met"] is False
    assert body["programmes"] == []
    assert body["segment"] is None
    assert body["last_paid_month"] is None


def test_verification_by_nib(api, today):
    BusinessFactory(owner=active_person(today), nib="9120000000077")
    body = post(api, VERIFY, {"nib": "9120000000077", "purpose": "BPUM"}).json()
    assert body["is_active_participant"] is True


@pytest.mark.parametrize(
    "body",
    [
        {"nik": "12345", "purpose": "KUR"},
        {"purpose": "KUR"},
        {"nik": "7401015705850003", "purpose": "pinjaman"},
        {"nik": "7401015705850003", "purpose": "KUR", "loan_amount": -5},
        {"nik": "7401015705850003", "purpose": "KUR", "scheme": "kur_besar"},
        ["not", "an", "object"],
    ],
)
def test_bad_verification_input_is_a_400_in_the_error_shape(api, body):
    assert_error(post(api, VERIFY, body), 400, "validation_error")
    assert not BankVerification.objects.exists()


def test_malformed_json_and_nul_bytes_answer_400(api):
    assert_error(api.post(VERIFY, data='{"nik": "74010', content_type="application/json"), 400, "parse_error")
    assert_error(api.post(VERIFY, data='{"nik": "7401\\u00000", "purpose": "KUR"}', content_type="application/json"), 400)
    assert_error(api.post(VERIFY, data=b'{"nik": "7401\x00", "purpose": "KUR"}', content_type="application/json"), 400)
    assert_error(api.get(VERIFY + "?purpose=KUR%00"), 400)
    assert_error(api.post(VERIFY, data="nik=1", content_type="text/plain"), 415)
    assert not BankVerification.objects.exists()


class TestAuthentication:
    def test_no_key(self, db):
        error = assert_error(post(Client(), VERIFY, {"nik": "7401015705850003", "purpose": "KUR"}), 401, "not_authenticated")
        assert error["message"]

    def test_no_key_has_www_authenticate(self, db):
        response = Client().get(VERIFY)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Api-Key")

    @pytest.mark.parametrize("header", ["Api-Key nonsense", "Api-Key abc.def", "Api-Key ", "Bearer x.y"])
    def test_wrong_key(self, bank_key, header):
        client = Client(headers={"authorization": header})
        response = post(client, VERIFY, {"nik": "7401015705850003", "purpose": "KUR"})
        assert response.status_code == 401
        assert not BankVerification.objects.exists()

    def test_right_prefix_wrong_secret(self, bank_key):
        prefix = bank_key[1].split(".")[0]
        client = Client(headers={"authorization": f"Api-Key {prefix}.wrongsecretwrongsecretwrongsecre"})
        assert_error(post(client, VERIFY, {"nik": "7401015705850003", "purpose": "KUR"}), 401, "invalid_api_key")

    def test_expired_key(self, bank):
        _key, plaintext = make_key(bank, expiry_date=timezone.now() - timedelta(minutes=1))
        client = Client(headers={"authorization": f"Api-Key {plaintext}"})
        assert_error(post(client, VERIFY, {"nik": "7401015705850003", "purpose": "KUR"}), 401, "expired_api_key")

    def test_revoked_key(self, bank):
        key, plaintext = make_key(bank)
        api_key_revoke(api_key=key)
        client = Client(headers={"authorization": f"Api-Key {plaintext}"})
        assert_error(post(client, VERIFY, {"nik": "7401015705850003", "purpose": "KUR"}), 401, "revoked_api_key")

    def test_inactive_bank(self, bank, bank_key):
        bank.is_active = False
        bank.save()
        client = Client(headers={"authorization": f"Api-Key {bank_key[1]}"})
        assert_error(client.get(VERIFY), 401, "inactive_bank")

    def test_key_stored_hashed(self, bank_key):
        key, plaintext = bank_key
        assert plaintext.split(".")[1] not in key.hashed_key
        assert key.hashed_key.startswith("sha512$$")

    @pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi", "anonymous"])
    def test_only_banks_may_verify(self, clients, role):
        response = post(clients[role], VERIFY, {"nik": "7401015705850003", "purpose": "KUR"})
        assert response.status_code in (401, 403)
        assert not BankVerification.objects.exists()

    def test_bank_officer_session_may_verify(self, bank_client, today):
        response = post(bank_client, VERIFY, {"nik": active_person(today).nik, "purpose": "BPUM"})
        assert response.status_code == 201
        assert BankVerification.objects.get().user is not None


def test_rate_limit_answers_429_with_retry_after(bank):
    _key, plaintext = make_key(bank, rate_per_minute=3)
    client = Client(headers={"authorization": f"Api-Key {plaintext}"})
    statuses = [client.get(VERIFY).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get(VERIFY)
    assert_error(response, 429, "throttled")
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another key of the same bank has its own budget.
    _other, other_plaintext = make_key(bank, rate_per_minute=3)
    assert Client(headers={"authorization": f"Api-Key {other_plaintext}"}).get(VERIFY).status_code == 200


def test_default_rate_comes_from_settings(bank, settings):
    settings.BANK_API_RATE_PER_MINUTE = 2
    _key, plaintext = make_key(bank)
    client = Client(headers={"authorization": f"Api-Key {plaintext}"})
    assert [client.get(VERIFY).status_code for _ in range(3)] == [200, 200, 429]


class TestAnotherBanksData:
    def test_bank_sees_only_its_own_verifications_and_disbursements(self, api, bank, today):
        other = BankFactory(code="bni", name="Bank Negara Indonesia")
        _k, other_plain = make_key(other)
        other_api = Client(headers={"authorization": f"Api-Key {other_plain}"})
        person = active_person(today)
        mine = post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"}).json()["receipt_id"]
        theirs = post(other_api, VERIFY, {"nik": person.nik, "purpose": "KUR"}).json()["receipt_id"]
        body = {"nik": person.nik, "scheme": "kur_mikro", "amount": 10_000_000, "disbursed_on": today.isoformat(), "bank_reference": "R1"}
        own_disbursement = post(api, DISBURSE, {**body, "verification_receipt": mine}).json()["id"]
        their_disbursement = post(other_api, DISBURSE, {**body, "verification_receipt": theirs}).json()["id"]

        assert [v["receipt_id"] for v in api.get(VERIFY).json()["results"]] == [mine]
        assert [d["id"] for d in api.get(DISBURSE).json()["results"]] == [own_disbursement]
        assert_error(api.get(f"{VERIFY}{theirs}/"), 404, "not_found")
        assert_error(api.get(f"{DISBURSE}{their_disbursement}/"), 404, "not_found")
        assert api.get(f"{VERIFY}{mine}/").status_code == 200
        # Reporting against another bank's receipt is refused.
        error = assert_error(post(api, DISBURSE, {**body, "bank_reference": "R2", "verification_receipt": theirs}), 400)
        assert "verification_receipt" in error["details"]

    def test_dinas_sees_all_and_koperasi_only_his_people(self, api, dinas_client, koperasi_client, cooperative, today):
        from tests.factories import PositionFactory

        member = active_person(today)
        PositionFactory(cooperative=cooperative, person=member, role="ketua")
        stranger = active_person(today)
        post(api, VERIFY, {"nik": member.nik, "purpose": "KUR"})
        post(api, VERIFY, {"nik": stranger.nik, "purpose": "KUR"})
        assert len(dinas_client.get(VERIFY).json()["results"]) == 2
        assert len(koperasi_client.get(VERIFY).json()["results"]) == 1

    @pytest.mark.parametrize("role", ["bpjs", "kepala_cabang"])
    def test_other_roles_refused(self, clients, role):
        assert clients[role].get(VERIFY).status_code == 403
        assert clients[role].get(DISBURSE).status_code == 403


class TestDisbursements:
    def body(self, person, today, **extra):
        return {
            "nik": person.nik,
            "scheme": "kur_kecil",
            "amount": 150_000_000,
            "disbursed_on": today.isoformat(),
            "bank_reference": "BRI/KUR/2026/0001",
            **extra,
        }

    def test_idempotent_by_bank_reference(self, api, today):
        person = active_person(today)
        receipt = post(api, VERIFY, {"nik": person.nik, "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": 150_000_000}).json()
        body = self.body(person, today, verification_receipt=receipt["receipt_id"])
        first = post(api, DISBURSE, body)
        again = post(api, DISBURSE, body)
        assert first.status_code == 201
        assert again.status_code == 200
        assert first.json() == again.json()
        assert first.json()["enrolled_at_verification"] is True
        assert person.nik not in first.content.decode()
        conflict = post(api, DISBURSE, {**body, "amount": 1})
        assert_error(conflict, 409, "conflict")
        assert Disbursement.objects.count() == 1
        assert Disbursement.objects.get().amount == 150_000_000

    @pytest.mark.parametrize(
        "change",
        [
            {"amount": 0},
            {"scheme": "kur_besar"},
            {"disbursed_on": "kemarin"},
            {"nik": "1"},
            {"bank_reference": ""},
            {"nib": "9120000000001"},
        ],
    )
    def test_bad_reports_are_400(self, api, today, change):
        person = active_person(today)
        assert_error(post(api, DISBURSE, {**self.body(person, today), **change}), 400, "validation_error")
        assert not Disbursement.objects.exists()

    def test_future_date_refused(self, api, today):
        body = self.body(active_person(today), today, disbursed_on=(today + timedelta(days=2)).isoformat())
        assert "disbursed_on" in assert_error(post(api, DISBURSE, body), 400)["details"]

    @pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi", "anonymous"])
    def test_only_banks_report(self, clients, role, today):
        response = post(clients[role], DISBURSE, self.body(active_person(today), today))
        assert response.status_code in (401, 403)


def test_verification_list_query_count_is_constant(api, today, django_assert_max_num_queries):
    person = active_person(today)
    for _ in range(3):
        post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"})
    with django_assert_max_num_queries(4):
        assert len(api.get(VERIFY).json()["results"]) == 3
    for _ in range(10):
        post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"})
    with django_assert_max_num_queries(4):
        assert len(api.get(VERIFY).json()["results"]) == 13


def test_nik_is_never_a_url_parameter(api, today):
    person = active_person(today)
    post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"})
    # A NIK in the query string is refused (issue 12; tests/api/test_identifier_query.py) and never echoed.
    response = api.get(VERIFY + "?nik=" + person.nik)
    assert_error(response, 400, "validation_error")
    assert person.nik not in response.content.decode()
    assert reverse("api:verification-list") == VERIFY


@pytest.mark.parametrize("case", ["active", "lapsed", "unknown", "nib"])
def test_the_fast_answer_is_what_the_documented_serializer_renders(bank_key, today, case):
    from api.serializers import VerificationResultSerializer, verification_answer
    from banking.services import verification_create

    bank = bank_key[0].bank
    if case == "active":
        subject = {"nik": active_person(today).nik}
    elif case == "lapsed":
        subject = {"nik": lapsed_person(today).nik}
    elif case == "unknown":
        subject = {"nik": "7401015705850003"}
    else:
        BusinessFactory(owner=active_person(today), nib="9120000000078")
        subject = {"nib": "9120000000078"}
    verification = verification_create(bank=bank, purpose="KUR", scheme="kur_kecil", loan_amount=200_000_000, **subject)
    documented = json.loads(json.dumps(VerificationResultSerializer(verification).data))
    assert verification_answer(verification) == documented
    assert set(documented) == RESULT_FIELDS
    stored = BankVerification.objects.get(pk=verification.pk)
    assert json.loads(json.dumps(VerificationResultSerializer(stored).data)) == documented


def test_a_verification_is_three_statements_through_the_whole_stack(api, today, django_assert_num_queries):
    """Key with its bank, the person with his participations, then the receipt and its access-log
    entry together (one statement on PostgreSQL; elsewhere two inserts in a savepoint of the
    test's transaction: SAVEPOINT, INSERT, INSERT, RELEASE)."""
    from django.db import connection

    person = active_person(today)
    post(api, VERIFY, {"nik": person.nik, "purpose": "BPUM"})  # compiles the lookups once
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 6):
        response = post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"})
    assert response.status_code == 201
    assert BankVerification.objects.filter(receipt_id=response.json()["receipt_id"]).exists()
    assert AccessEvent.objects.filter(target__contains=response.json()["receipt_id"]).count() == 1
