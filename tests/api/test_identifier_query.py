"""No identifier in a URL (issue 12, item 4): a ``nik``, ``nib`` or ``kpj`` query parameter on any
``/api/`` endpoint answers 400 in the documented error shape, and no link carries one."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.api.test_bank_api import VERIFY, assert_error, post
from tests.banking.factories import active_person
from tests.security.test_authorization_matrix import URLS, route_params

pytestmark = pytest.mark.django_db

NIK = "7401015708909001"


@pytest.fixture
def today():
    return timezone.localdate()


SAMPLE_KWARGS = {"pk": 1, "receipt_id": "KJV-20260101-0123456789", "number": "0001/REK-KLK/I/2026"}


def api_paths() -> list[str]:
    """Every named route under /api/ in the URL conf (as the authorization matrix lists them)."""
    paths = set()
    for name, route in URLS.items():
        if not route.lstrip("^").startswith("api/") or name.startswith("route:"):
            continue
        kwargs = {key: SAMPLE_KWARGS[key] for key in route_params(route)}
        try:
            paths.add(reverse(name, kwargs=kwargs))
        except NoReverseMatch:  # a format-suffix variant
            continue
    return sorted(paths)


def test_the_url_conf_has_api_routes():
    paths = api_paths()
    assert VERIFY in paths
    assert "/api/v1/people/" in paths
    assert "/api/schema/" in paths


def test_done_when_verifications_with_a_nik_in_the_url_answers_400(api, today):
    person = active_person(today)
    post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"})
    response = api.get(f"/api/v1/verifications/?nik={NIK}")
    assert_error(response, 400, "validation_error")
    body = response.json()
    assert set(body["error"]["details"]) == {"nik"}
    assert NIK not in response.content.decode()
    assert person.nik not in response.content.decode()


@pytest.mark.parametrize("path", api_paths())
@pytest.mark.parametrize("query", ["nik=" + NIK, "NIB=9120000000001", "kpj=12345678901", "page_size=2&Kpj=1", "nik="])
def test_every_api_route_refuses_an_identifier_parameter(client, dinas_user, path, query):
    client.force_login(dinas_user)
    for method in ("get", "post"):
        response = getattr(client, method)(f"{path}?{query}", content_type="application/json")
        assert_error(response, 400, "validation_error")
        assert NIK not in response.content.decode()


def test_next_links_never_carry_an_identifier(api, today):
    person = active_person(today)
    for _ in range(3):
        post(api, VERIFY, {"nik": person.nik, "purpose": "KUR"})
    url, seen = VERIFY + "?page_size=1", 0
    while url:
        response = api.get(url)
        assert response.status_code == 200
        url = response.json()["next"]
        seen += 1
        if url:
            assert not any(f"{key}=" in url.lower() for key in ("nik", "nib", "kpj"))
    assert seen == 3
