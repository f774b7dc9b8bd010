import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessEvent
from banking.models import BankVerification, Channel
from banking.services import verification_create
from tests.banking.factories import active_person, lapsed_person
from tests.factories import BankFactory, PositionFactory

pytestmark = pytest.mark.django_db

LOOKUP = reverse("banking:lookup")
LIST = reverse("banking:verification_list")


@pytest.fixture
def today():
    return timezone.localdate()


def test_bank_officer_checks_a_nik_and_gets_a_receipt(bank_client, bank_user, today):
    person = active_person(today, name="Wa Ode Sitti")
    response = bank_client.post(LOOKUP, {"nik": person.nik, "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": "150000000"})
    assert response.status_code == 200
    verification = BankVerification.objects.get()
    assert verification.channel == Channel.WEB
    assert verification.user == bank_user
    assert verification.bank == bank_user.bank
    html = response.content.decode()
    assert verification.receipt_id in html
    assert "Peserta aktif" in html
    assert "Wa Ode" not in html
    assert person.nik not in html
    assert AccessEvent.objects.filter(action="bank_lookup", user=bank_user).exists()


def test_lapsed_and_bad_input(bank_client, today):
    person = lapsed_person(today)
    html = bank_client.post(
        LOOKUP, {"nik": person.nik, "purpose": "KUR", "scheme": "kur_khusus", "loan_amount": "200000000"}
    ).content.decode()
    assert "Bukan peserta aktif" in html
    assert "Tidak terpenuhi" in html
    response = bank_client.post(LOOKUP, {"nik": "12345", "purpose": "KUR"})
    assert response.status_code == 200
    assert "NIK harus 16 digit" in response.content.decode()
    response = bank_client.post(LOOKUP, {"purpose": "KUR"})
    assert "tepat satu dari NIK atau NIB" in response.content.decode()
    assert BankVerification.objects.count() == 1


def test_nik_is_never_sent_by_get(bank_client, today):
    person = active_person(today)
    bank_client.get(LOOKUP, {"nik": person.nik, "purpose": "KUR"})
    assert not BankVerification.objects.exists()
    page = bank_client.get(LOOKUP).content.decode()
    assert 'method="post"' in page


@pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi"])
def test_lookup_page_refused_to_other_roles(clients, role):
    assert clients[role].get(LOOKUP).status_code == 403


def test_lookup_page_sends_anonymous_to_login(client):
    response = client.get(LOOKUP)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_bank_user_without_a_bank_is_refused(user_factory):
    from django.test import Client

    client = Client()
    client.force_login(user_factory(username="bank_tanpa", role="bank"))
    assert client.get(LOOKUP).status_code == 403


def test_verification_list_scoping(clients, bank, cooperative, today):
    member = active_person(today, name="Anggota Koperasi")
    PositionFactory(cooperative=cooperative, person=member, role="sekretaris")
    other_bank = BankFactory(code="bni", name="Bank Negara Indonesia")
    mine = verification_create(bank=bank, nik=member.nik, purpose="KUR")
    theirs = verification_create(bank=other_bank, nik=active_person(today).nik, purpose="BPUM")
    dinas_page = clients["dinas"].get(LIST).content.decode()
    assert mine.receipt_id in dinas_page
    assert theirs.receipt_id in dinas_page
    bank_page = clients["bank"].get(LIST).content.decode()
    assert mine.receipt_id in bank_page
    assert theirs.receipt_id not in bank_page
    koperasi_page = clients["koperasi"].get(LIST).content.decode()
    assert mine.receipt_id in koperasi_page
    assert theirs.receipt_id not in koperasi_page
    assert member.nik not in dinas_page
    assert member.masked_nik in dinas_page
    for role in ("bpjs", "kepala_cabang"):
        assert clients[role].get(LIST).status_code == 403
    assert clients["anonymous"].get(LIST).status_code == 302


def test_verification_list_filters(dinas_client, bank, today):
    active = verification_create(bank=bank, nik=active_person(today).nik, purpose="KUR")
    lapsed = verification_create(bank=bank, nik=lapsed_person(today).nik, purpose="BPUM")
    page = dinas_client.get(LIST, {"result": "aktif"}).content.decode()
    assert active.receipt_id in page
    assert lapsed.receipt_id not in page
    page = dinas_client.get(LIST, {"purpose": "BPUM", "bank": "bri"}).content.decode()
    assert lapsed.receipt_id in page
    assert active.receipt_id not in page
    assert dinas_client.get(LIST, {"date_from": "kemarin"}).status_code == 200


def test_verification_list_query_count_is_constant(dinas_client, bank, today):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert dinas_client.get(LIST).status_code == 200
        return len(captured)

    for _ in range(2):
        verification_create(bank=bank, nik=active_person(today).nik, purpose="KUR")
    count()  # warm: per-process reads (the Instansi record) happen once
    small = count()
    for _ in range(8):
        verification_create(bank=bank, nik=active_person(today).nik, purpose="KUR")
    assert count() == small


def test_bank_home_page(bank_client):
    html = bank_client.get(reverse("home")).content.decode()
    assert LOOKUP in html
    assert "/api/docs/" in html


def test_admin_issues_and_revokes_keys(admin_client_kj, bank):
    from banking.models import BankApiKey

    response = admin_client_kj.post(
        reverse("admin:banking_bankapikey_add"), {"bank": bank.pk, "name": "Sistem KUR", "rate_per_minute": "120"}, follow=True
    )
    assert response.status_code == 200
    key = BankApiKey.objects.get()
    assert key.rate_per_minute == 120
    assert key.created_by is not None
    assert any(key.prefix in str(message) for message in response.context["messages"])  # the plaintext is shown once
    admin_client_kj.post(reverse("admin:banking_bankapikey_changelist"), {"action": "revoke_keys", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked


@pytest.mark.parametrize("role", ["dinas", "bank", "koperasi"])
def test_non_admins_cannot_manage_keys(clients, role):
    response = clients[role].get(reverse("admin:banking_bankapikey_changelist"))
    assert response.status_code in (302, 403)
