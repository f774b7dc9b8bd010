"""The register pages of the foundation: who may see them, masking, and constant query counts."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import BusinessFactory, CooperativeFactory, ParticipationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

STAFF = ["admin", "dinas", "bpjs", "kepala_cabang"]


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("cooperatives:list", STAFF),
        ("umkm:list", ["admin", "dinas", "bpjs"]),
        ("enrollment:person_list", ["admin", "dinas", "bpjs"]),
        ("enrollment:rates", STAFF),
    ],
)
def test_role_access(clients, url_name, allowed):
    url = reverse(url_name)
    for role, client in clients.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert "/akun/masuk/" in response["Location"]
        elif role in allowed:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 403, role


def test_cooperative_detail_scoping(clients, cooperative, other_cooperative):
    # A head reads his own cooperative in the portal, which shows only what his cooperative supplied;
    # the register's page (with the people's register data) sends him there.
    own = clients["koperasi"].get(reverse("cooperatives:detail", args=[cooperative.pk]))
    assert own.status_code == 302
    assert own["Location"] == reverse("portal:cooperative", args=[cooperative.pk])
    assert clients["koperasi"].get(reverse("cooperatives:detail", args=[other_cooperative.pk])).status_code == 404
    assert clients["bank"].get(reverse("cooperatives:detail", args=[cooperative.pk])).status_code == 403
    assert clients["dinas"].get(reverse("cooperatives:detail", args=[other_cooperative.pk])).status_code == 200


def _people(n):
    for _ in range(n):
        person = PersonFactory()
        ParticipationFactory(person=person, last_paid_month=date(2026, 10, 1))
        BusinessFactory(owner=person)
        PositionFactory(person=person, cooperative=CooperativeFactory())


@pytest.mark.parametrize("url_name", ["cooperatives:list", "umkm:list", "enrollment:person_list"])
def test_list_pages_run_a_constant_number_of_queries(dinas_client, django_assert_max_num_queries, url_name):
    _people(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert dinas_client.get(reverse(url_name)).status_code == 200
    _people(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert dinas_client.get(reverse(url_name)).status_code == 200


def test_person_list_masks_nik_and_search_by_nik_is_posted(dinas_client):
    person = PersonFactory(nik="7401011705850001", name="Rahmat Lapulu")
    page = dinas_client.get(reverse("enrollment:person_list")).content.decode()
    assert "7401********0001" in page
    assert "7401011705850001" not in page
    found = dinas_client.post(reverse("enrollment:person_list"), {"q": "7401 0117 0585 0001"}).content.decode()
    assert person.name in found
    bad = dinas_client.post(reverse("enrollment:person_list"), {"q": "7401013102850001"}).content.decode()
    assert "tidak ada di kalender" in bad


def test_cooperative_detail_shows_masked_people_and_status(dinas_client):
    coop = CooperativeFactory()
    position = PositionFactory(cooperative=coop, role="bendahara", person=PersonFactory(nik="7401015705850003", name="Wa Ode Sitti"))
    page = dinas_client.get(reverse("cooperatives:detail", args=[coop.pk])).content.decode()
    assert position.person.name in page
    assert "7401********0003" in page
    assert "7401015705850003" not in page
    assert "Tidak terdaftar" in page
