"""The register and recommendation endpoints: role scoping identical to the web pages, masked NIK,
cursor pagination, filters, constant query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.test_bank_api import assert_error
from tests.banking.factories import active_person, make_key
from tests.factories import BusinessFactory, CooperativeFactory, ParticipationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_people_nik_is_masked_for_every_role(clients, cooperative):
    person = PersonFactory(name="Wa Ode Sitti", phone="081234567890")
    PositionFactory(cooperative=cooperative, person=person, role="ketua")
    for role in ("admin", "dinas", "bpjs", "koperasi"):
        response = clients[role].get("/api/v1/people/")
        assert response.status_code == 200, role
        text = response.content.decode()
        assert person.nik not in text
        assert "081234567890" not in text
        row = next(r for r in response.json()["results"] if r["id"] == person.pk)
        assert row["nik_masked"] == person.masked_nik


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("/api/v1/cooperatives/", ["bank"]),
        ("/api/v1/businesses/", ["kepala_cabang", "koperasi", "bank"]),
        ("/api/v1/people/", ["kepala_cabang", "bank"]),
        ("/api/v1/participations/", ["kepala_cabang", "bank"]),
        ("/api/v1/recommendation-requests/", ["bank"]),
        ("/api/v1/letters/", ["bank"]),
    ],
)
def test_roles_refused_like_the_web_pages(clients, url, refused):
    assert_error(clients["anonymous"].get(url), 401, "not_authenticated")
    for role in refused:
        assert_error(clients[role].get(url), 403, "permission_denied")


@pytest.mark.parametrize("url", ["/api/v1/cooperatives/", "/api/v1/people/", "/api/v1/letters/"])
def test_bank_api_key_cannot_read_the_register(bank, url):
    _key, plaintext = make_key(bank)
    assert_error(Client(headers={"authorization": f"Api-Key {plaintext}"}).get(url), 403, "permission_denied")


def test_cooperative_head_sees_only_his_cooperative(koperasi_client, cooperative, other_cooperative):
    ids = [row["id"] for row in koperasi_client.get("/api/v1/cooperatives/").json()["results"]]
    assert ids == [cooperative.pk]
    assert koperasi_client.get(f"/api/v1/cooperatives/{cooperative.pk}/").status_code == 200
    assert_error(koperasi_client.get(f"/api/v1/cooperatives/{other_cooperative.pk}/"), 404, "not_found")


def test_cooperative_head_sees_only_his_people_and_no_participations(koperasi_client, cooperative, other_cooperative):
    mine = PositionFactory(cooperative=cooperative, role="bendahara").person
    theirs = PositionFactory(cooperative=other_cooperative, role="bendahara").person
    own_kpj = ParticipationFactory(person=mine)
    other_kpj = ParticipationFactory(person=theirs)
    assert [r["id"] for r in koperasi_client.get("/api/v1/people/").json()["results"]] == [mine.pk]
    assert_error(koperasi_client.get(f"/api/v1/people/{theirs.pk}/"), 404)
    # Participations (KPJ, employer NPP, other relationships) are not a cooperative head's (issue 12):
    # his people's coverage is in the people answer.
    assert_error(koperasi_client.get("/api/v1/participations/"), 403)
    assert_error(koperasi_client.get(f"/api/v1/participations/{own_kpj.pk}/"), 403)
    assert_error(koperasi_client.get(f"/api/v1/participations/{other_kpj.pk}/"), 403)


def test_cursor_pagination_walks_every_row_once(dinas_client):
    created = {CooperativeFactory().pk for _ in range(7)}
    seen, url = [], "/api/v1/cooperatives/?page_size=3"
    while url:
        body = dinas_client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        assert len(seen) <= 10
    assert set(seen) == created
    assert len(seen) == len(created)
    assert_error(dinas_client.get("/api/v1/cooperatives/?page_size=abc"), 400, "validation_error")
    assert_error(dinas_client.get("/api/v1/cooperatives/?cursor=bogus"), 404, "not_found")


def test_filters(dinas_client):
    CooperativeFactory(name="Koperasi Tani Makmur", jenis="produsen")
    CooperativeFactory(name="Koperasi Nelayan", jenis="jasa")
    body = dinas_client.get("/api/v1/cooperatives/?jenis=produsen").json()
    assert [r["name"] for r in body["results"]] == ["Koperasi Tani Makmur"]
    assert_error(dinas_client.get("/api/v1/cooperatives/?jenis=bukan"), 400, "validation_error")
    BusinessFactory(name="Warung Sari", nib="9120000000456", scale="mikro")
    assert [r["name"] for r in dinas_client.get("/api/v1/businesses/?scale=mikro").json()["results"]] == ["Warung Sari"]
    assert_error(dinas_client.get("/api/v1/businesses/?nib=9120000000456"), 400, "validation_error")  # never in a URL
    today = timezone.localdate()
    active = active_person(today)
    PersonFactory()
    active_rows = dinas_client.get("/api/v1/participations/?active=true").json()["results"]
    assert [r["person_id"] for r in active_rows] == [active.pk]
    assert active_rows[0]["status"] == "aktif"


@pytest.mark.parametrize("url", ["/api/v1/cooperatives/", "/api/v1/businesses/", "/api/v1/people/", "/api/v1/participations/"])
def test_list_query_count_is_constant(dinas_client, url):
    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            response = dinas_client.get(url)
        assert response.status_code == 200
        return len(captured), len(response.json()["results"])

    for _ in range(3):
        ParticipationFactory(person=BusinessFactory(cooperative=CooperativeFactory()).owner)
    queries_for_page()  # warm: per-process reads (the Instansi record) happen once
    small, rows_small = queries_for_page()
    for _ in range(12):
        ParticipationFactory(person=BusinessFactory(cooperative=CooperativeFactory()).owner)
    large, rows_large = queries_for_page()
    assert rows_large > rows_small >= 3
    assert large == small <= 8


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    document = schema.json()
    assert "Error" in document["components"]["schemas"]
    assert "BankApiKey" in document["components"]["securitySchemes"]
    for path_item in document["paths"].values():
        for operation in path_item.values():
            assert {"401", "403", "404", "429"} <= set(operation["responses"]), operation["operationId"]
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "cdn." not in html
        assert "unpkg" not in html
        assert "googleapis" not in html
        assert "/static/drf_spectacular_sidecar/" in html or "/api/redoc/redoc.standalone.js" in html
        assert "<script>" not in html
        assert "<style>" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_unknown_api_path_is_a_json_404(client):
    assert_error(client.get("/api/v1/nothing-here/"), 404, "not_found")
