"""The shared register is owned, not borrowed (issue 12, item 1).

Two cooperatives and an UMKM owner: the head of cooperative A adds, by NIK, the bendahara of
cooperative B and the owner of an UMKM. A wrong name is refused without telling whether the NIK
exists; the right name gives a position that shows only what A typed, the masked NIK and the
coverage; no page or API answer of A's shows her phone, address or B's bank checks, and no form of
A's changes her register record.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from banking.services import verification_create
from cooperatives.models import Position
from enrollment.models import Person
from portal.models import SuppliedPersonData, name_key
from portal.services import NAME_MISMATCH
from tests.banking.factories import active_person
from tests.factories import BusinessFactory, PersonFactory, PositionFactory, make_nik

pytestmark = pytest.mark.django_db

PHONE = "081299887766"
ADDRESS = "Jl. Rahasia Nomor 7, Latambaga"
OWNER_PHONE = "085211223344"
OWNER_ADDRESS = "Pasar Mekongga Blok C"


@pytest.fixture
def bendahara_b(other_cooperative, bank):
    """B's bendahara: an active BPU participant with a phone and address, checked by a bank while with B."""
    person = active_person(timezone.localdate(), name="Wa Ode Nurhayati", phone=PHONE, address=ADDRESS)
    PositionFactory(cooperative=other_cooperative, person=person, role="bendahara", started_on=date(2020, 1, 1))
    check = verification_create(bank=bank, nik=person.nik, purpose="KUR")
    type(check).objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(days=30))
    check.refresh_from_db()
    return {"person": person, "check": check}


@pytest.fixture
def umkm_owner(bank):
    """An UMKM owner from an import, with her own KUR check about her business."""
    person = PersonFactory(name="La Ode Harun", phone=OWNER_PHONE, address=OWNER_ADDRESS)
    BusinessFactory(owner=person, nib="9120000000555")
    check = verification_create(bank=bank, nib="9120000000555", purpose="KUR")
    type(check).objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(days=10))
    check.refresh_from_db()
    return {"person": person, "check": check}


def add(client, cooperative, **data):
    payload = {"role": "karyawan", "started_on": timezone.localdate().isoformat(), "phone": "", "address": ""}
    payload.update(data)
    return client.post(reverse("portal:members", args=[cooperative.pk]), payload)


def a_pages(client, cooperative, position=None) -> dict[str, str]:
    """Every page and API answer of A's that could show a person."""
    urls = [
        reverse("portal:cooperative", args=[cooperative.pk]),
        reverse("portal:members", args=[cooperative.pk]),
        reverse("portal:estimate", args=[cooperative.pk]),
        reverse("portal:delegates", args=[cooperative.pk]),
        reverse("banking:verification_list"),
        "/api/v1/people/",
        "/api/v1/verifications/",
    ]
    if position is not None:
        urls += [
            reverse("portal:member_correct", args=[cooperative.pk, position.pk]),
            reverse("portal:member_end", args=[cooperative.pk, position.pk]),
            f"/api/v1/people/{position.person_id}/",
        ]
    # The register's cooperative page sends a head to his portal page.
    assert client.get(reverse("cooperatives:detail", args=[cooperative.pk])).status_code == 302
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_name_key_ignores_case_and_spacing():
    assert name_key("  Wa  ode NURHAYATI ") == name_key("wa ode nurhayati") == name_key("WaOde Nurhayati")
    assert name_key("Wa Ode Nurhayati") != name_key("Wa Ode Nurhayani")


def test_wrong_name_is_refused_without_saying_whether_the_nik_exists(client_a, cooperative, bendahara_b):
    person = bendahara_b["person"]
    response = add(client_a, cooperative, nik=person.nik, name="Siti Aminah")
    assert response.status_code == 400
    page = response.content.decode()
    assert str(NAME_MISMATCH) in page
    for leaked in ("sudah terdaftar", "sudah ada di register", person.name, PHONE, ADDRESS, person.masked_nik):
        assert leaked not in page
    assert not Position.objects.filter(cooperative=cooperative, person=person).exists()
    assert not SuppliedPersonData.objects.exists()
    # The refusal is the one answer for a wrong name: it reads the same for the UMKM owner's NIK.
    assert str(NAME_MISMATCH) in add(client_a, cooperative, nik=PersonFactory().nik, name="Siti Aminah").content.decode()


def test_right_name_gives_a_position_that_shows_only_what_a_typed(client_a, cooperative, bendahara_b, bank):
    person = bendahara_b["person"]
    response = add(client_a, cooperative, nik=person.nik, name="  wa ode   NURHAYATI", phone="0813 5555 0001", address="Kantor Koperasi A")
    assert response.status_code == 302
    position = Position.objects.get(cooperative=cooperative, person=person)
    supplied = position.supplied
    assert (supplied.name, supplied.phone, supplied.address) == ("wa ode NURHAYATI", "081355550001", "Kantor Koperasi A")
    person.refresh_from_db()
    assert (person.name, person.phone, person.address) == ("Wa Ode Nurhayati", PHONE, ADDRESS)  # the register is untouched
    # A check made now, while she holds A's position, is A's to see; B's earlier check is not.
    mine = verification_create(bank=bank, nik=person.nik, purpose="KUR")
    pages = a_pages(client_a, cooperative, position)
    for url, page in pages.items():
        for leaked in (PHONE, ADDRESS, "Wa Ode Nurhayati", bendahara_b["check"].receipt_id, person.nik, "Koperasi Lain Uji"):
            assert leaked not in page, (url, leaked)
    members = pages[reverse("portal:members", args=[cooperative.pk])]
    assert "wa ode NURHAYATI" in members
    assert person.masked_nik in members
    assert "Aktif" in members
    assert "JKK" in members
    assert mine.receipt_id in pages["/api/v1/verifications/"]
    api_person = client_a.get(f"/api/v1/people/{person.pk}/").json()
    assert set(api_person) == {"id", "name", "nik_masked", "covered", "status", "programmes"}
    assert api_person["name"] == "wa ode NURHAYATI"
    assert api_person["covered"] is True
    assert api_person["nik_masked"] == person.masked_nik
    # Participations (KPJ, the employer's NPP, other relationships) are not the head's.
    assert client_a.get("/api/v1/participations/").status_code == 403


def test_no_form_of_a_changes_her_register_record(client_a, cooperative, bendahara_b):
    person = bendahara_b["person"]
    assert add(client_a, cooperative, nik=person.nik, name="Wa Ode Nurhayati").status_code == 302
    position = Position.objects.get(cooperative=cooperative, person=person)
    correct = reverse("portal:member_correct", args=[cooperative.pk, position.pk])
    form = client_a.get(correct).content.decode()
    assert PHONE not in form
    assert ADDRESS not in form
    response = client_a.post(correct, {"name": "Nurhayati", "phone": "0812 0000 1111", "address": "Jl. Baru"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.phone, person.address) == ("Wa Ode Nurhayati", PHONE, ADDRESS)
    position.supplied.refresh_from_db()
    assert (position.supplied.name, position.supplied.phone, position.supplied.address) == ("Nurhayati", "081200001111", "Jl. Baru")
    # Every other form of A's portal, posted with her phone and address, leaves her record as it was.
    for url, data in (
        (
            reverse("portal:members", args=[cooperative.pk]),
            {"nik": person.nik, "name": "Wa Ode Nurhayati", "phone": "0811", "address": "X"},
        ),
        (reverse("portal:member_end", args=[cooperative.pk, position.pk]), {"ended_on": timezone.localdate().isoformat()}),
        (reverse("portal:delegates", args=[cooperative.pk]), {"role": "bendahara", "full_name": "X", "email": "x@example.org"}),
    ):
        assert client_a.post(url, data).status_code < 500
    person.refresh_from_db()
    assert (person.name, person.phone, person.address) == ("Wa Ode Nurhayati", PHONE, ADDRESS)


def test_umkm_owner_is_attached_only_with_her_name_and_her_business_check_stays_hidden(client_a, cooperative, umkm_owner):
    person = umkm_owner["person"]
    assert add(client_a, cooperative, nik=person.nik, name="La Ode Hasan").status_code == 400
    assert add(client_a, cooperative, nik=person.nik, name="LA ODE HARUN", role="pengawas").status_code == 302
    position = Position.objects.get(cooperative=cooperative, person=person)
    for url, page in a_pages(client_a, cooperative, position).items():
        for leaked in (OWNER_PHONE, OWNER_ADDRESS, umkm_owner["check"].receipt_id, "9120000000555"):
            assert leaked not in page, (url, leaked)


def test_b_still_sees_her_and_its_own_checks(client_b, other_cooperative, bendahara_b, client_a, cooperative):
    person = bendahara_b["person"]
    assert add(client_a, cooperative, nik=person.nik, name="Wa Ode Nurhayati").status_code == 302
    verifications = client_b.get("/api/v1/verifications/").json()["results"]
    assert [row["receipt_id"] for row in verifications] == [bendahara_b["check"].receipt_id]
    assert "Wa Ode Nurhayati" in client_b.get(reverse("portal:members", args=[other_cooperative.pk])).content.decode()


def test_new_nik_creates_the_person_from_what_the_head_typed(client_a, head_a, cooperative):
    nik = make_nik(birth=date(1991, 4, 5), female=True)
    assert add(client_a, cooperative, nik=nik, name="Sitti Rahma", phone="081233334444").status_code == 302
    person = Person.objects.get(nik=nik)
    assert person.name == "Sitti Rahma"
    assert person.phone == "081233334444"
    supplied = Position.objects.get(cooperative=cooperative, person=person).supplied
    assert supplied.supplied_by == head_a
    assert supplied.name == "Sitti Rahma"
