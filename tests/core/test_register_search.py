"""One search box per register: every identifier of a record finds exactly that record, a name
finds by words, a NIK never travels in a URL, roles that may not see people cannot search by them,
and the query count does not grow with the result."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.search import parse_search
from tests.factories import BusinessFactory, CooperativeFactory, ParticipationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

NIK = "7401102007920001"
KPJ = "23456789012"
NIB = "9120001234567"
PHONE = "081234567890"


@pytest.fixture
def record():
    owner = PersonFactory(nik=NIK, name="Ahmad Asyhari", phone=PHONE)
    ParticipationFactory(person=owner, kpj=KPJ)
    business = BusinessFactory(owner=owner, name="Kios Tani Makmur", nib=NIB)
    second = BusinessFactory(owner=owner, name="Bengkel Las Asyhari")
    coop = CooperativeFactory(name="Koperasi Serba Usaha Mekongga", nomor_induk="740199990019", nib="8120009876543")
    PositionFactory(cooperative=coop, person=owner, role="ketua")
    for _ in range(3):  # noise: other people, businesses and cooperatives
        PositionFactory(cooperative=CooperativeFactory(), person=BusinessFactory().owner)
    return {"owner": owner, "business": business, "second": second, "coop": coop}


def names(response, objects):
    page = response.content.decode()
    return {obj.name for obj in objects if obj.name in page}


def test_parse_search_classifies_what_was_typed():
    assert parse_search("7401 1020.0792 0001").candidates["nik"] == NIK
    assert parse_search("234.5678.9012").candidates == {"kpj": KPJ, "nomor_induk": KPJ}
    assert parse_search("+62 812-3456-7890").candidates["phone"] == PHONE
    assert parse_search("0812 3456 78901").candidates.keys() >= {"nib", "phone"}  # 13 digits starting 0: either
    assert parse_search("ahmad  ASYHARI").words == ("ahmad", "ASYHARI")
    assert parse_search("").empty
    assert not parse_search("Kios").sensitive
    assert parse_search("7401102007920001").sensitive


@pytest.mark.parametrize(
    "typed", ["7401102007920001", "7401 1020 0792 0001", "7401.1020.0792.0001", KPJ, "0812-3456-7890", "+6281234567890"]
)
def test_umkm_by_owner_identifier_finds_his_businesses_only(dinas_client, record, typed):
    response = dinas_client.post(reverse("umkm:list"), {"q": typed})
    assert response.status_code == 200
    everything = [record["business"], record["second"], *BusinessFactory._meta.model.objects.exclude(owner=record["owner"])]
    assert names(response, everything) == {"Kios Tani Makmur", "Bengkel Las Asyhari"}


def test_umkm_by_nib_and_by_name_words(dinas_client, record):
    by_nib = dinas_client.post(reverse("umkm:list"), {"q": NIB}, follow=True)
    assert names(by_nib, [record["business"], record["second"]]) == {"Kios Tani Makmur"}
    # A name is no personal identifier: the POST goes back to a bookmarkable GET address.
    posted = dinas_client.post(reverse("umkm:list"), {"q": "asyhari ahmad", "scale": "mikro"})
    assert posted.status_code == 302
    assert "q=asyhari+ahmad" in posted["Location"]
    assert "scale=mikro" in posted["Location"]
    by_owner = dinas_client.get(posted["Location"])
    assert names(by_owner, [record["business"], record["second"]]) == {"Kios Tani Makmur", "Bengkel Las Asyhari"}
    by_business = dinas_client.get(reverse("umkm:list"), {"q": "tani kios"})
    assert names(by_business, [record["business"], record["second"]]) == {"Kios Tani Makmur"}


@pytest.mark.parametrize("typed", ["740199990019", "8120009876543", NIK, KPJ, PHONE, "ahmad asyhari", "mekongga serba"])
def test_cooperative_by_each_identifier_or_name(dinas_client, record, typed):
    response = dinas_client.post(reverse("cooperatives:list"), {"q": typed}, follow=True)
    from cooperatives.models import Cooperative

    found = names(response, Cooperative.objects.all())
    assert found == {"Koperasi Serba Usaha Mekongga"}


@pytest.mark.parametrize("typed", [NIK, "7401 1020 0792 0001", KPJ, PHONE, "asyhari"])
def test_people_by_each_identifier_or_name(dinas_client, record, typed):
    from enrollment.models import Person

    response = dinas_client.post(reverse("enrollment:person_list"), {"q": typed}, follow=True)
    assert names(response, Person.objects.all()) == {"Ahmad Asyhari"}
    # Still masked in the rows; the only copy is what the officer typed, back in his search box.
    assert response.content.decode().count(NIK) == (1 if typed == NIK else 0)


def test_a_nik_never_travels_in_a_url(dinas_client, record):
    for url_name in ("umkm:list", "cooperatives:list", "enrollment:person_list"):
        posted = dinas_client.post(reverse(url_name), {"q": NIK})
        assert posted.status_code == 200  # answered in place, no redirect carrying it
        typed_in_url = dinas_client.get(reverse(url_name), {"q": NIK}).content.decode()
        assert "tidak dicari lewat alamat halaman" in typed_in_url
        assert "Ahmad Asyhari" not in typed_in_url


def test_an_invalid_nik_is_explained(dinas_client):
    page = dinas_client.post(reverse("enrollment:person_list"), {"q": "7401013102850001"}).content.decode()
    assert "tidak ada di kalender" in page


def test_branch_head_cannot_find_a_cooperative_by_a_members_nik_or_phone(clients, record):
    client = clients["kepala_cabang"]
    for typed in (NIK, PHONE, KPJ):
        response = client.post(reverse("cooperatives:list"), {"q": typed}, follow=True)
        assert "Koperasi Serba Usaha Mekongga" not in response.content.decode()
        assert all(NIK not in url for url, _status in response.redirect_chain)
    by_name = client.post(reverse("cooperatives:list"), {"q": "mekongga"}, follow=True)
    assert "Koperasi Serba Usaha Mekongga" in by_name.content.decode()


@pytest.mark.parametrize("role", ["kepala_cabang", "koperasi", "bank"])
def test_roles_without_the_register_cannot_search_people_or_businesses(clients, record, role):
    assert clients[role].post(reverse("enrollment:person_list"), {"q": NIK}).status_code == 403
    assert clients[role].post(reverse("umkm:list"), {"q": NIK}).status_code == 403


@pytest.mark.parametrize(
    ("url_name", "typed"),
    [
        ("umkm:list", "warung"),
        ("umkm:list", NIK),
        ("cooperatives:list", "koperasi"),
        ("cooperatives:list", NIK),
        ("enrollment:person_list", NIK),
    ],
)
def test_search_runs_a_constant_number_of_queries(dinas_client, django_assert_max_num_queries, url_name, typed):
    def grow(n):
        for _ in range(n):
            owner = PersonFactory()
            ParticipationFactory(person=owner)
            PositionFactory(cooperative=CooperativeFactory(name="Koperasi Warung"), person=BusinessFactory(owner=owner).owner)

    PersonFactory(nik=NIK)
    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert dinas_client.post(reverse(url_name), {"q": typed}, follow=True).status_code == 200
    grow(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert dinas_client.post(reverse(url_name), {"q": typed}, follow=True).status_code == 200


def test_header_search_finds_across_registers_for_staff(dinas_client, record):
    page = dinas_client.post(reverse("search"), {"q": "7401 1020 0792 0001"}).content.decode()
    assert "Kios Tani Makmur" in page
    assert "Koperasi Serba Usaha Mekongga" in page
    assert "Ahmad Asyhari" in page
    assert "7401********0001" in page
    assert dinas_client.get(reverse("search")).status_code == 302  # nothing is searched from a URL


def test_header_search_respects_each_roles_registers(clients, record):
    page = clients["kepala_cabang"].post(reverse("search"), {"q": NIK}).content.decode()
    assert "Koperasi Serba Usaha Mekongga" not in page
    assert "Kios Tani Makmur" not in page
    assert "Ahmad Asyhari" not in page
    assert "Koperasi Serba Usaha Mekongga" in clients["kepala_cabang"].post(reverse("search"), {"q": "mekongga"}).content.decode()
    for role in ("koperasi", "bank"):
        assert clients[role].post(reverse("search"), {"q": "mekongga"}).status_code == 403
    assert 'id="global-q"' not in clients["koperasi"].get(reverse("portal:index"), follow=True).content.decode()


def test_header_search_query_count_is_constant(dinas_client, django_assert_max_num_queries, record):
    def grow(n):
        for i in range(n):
            owner = PersonFactory(name=f"Koperasi Orang {i}")
            PositionFactory(
                cooperative=CooperativeFactory(name=f"Koperasi Baru {i}"),
                person=BusinessFactory(name=f"Koperasi Warung {i}", owner=owner).owner,
            )

    grow(5)  # every register at its display limit: each answers with its rows and one count
    with CaptureQueriesContext(connection) as small:
        dinas_client.post(reverse("search"), {"q": "koperasi"})
    grow(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        dinas_client.post(reverse("search"), {"q": "koperasi"})
