"""No session write on a read: authenticated GETs of list pages and the API leave django_session
alone once the idle timestamp is fresh (StaffSessionTimeoutMiddleware refreshes it at most every
STAFF_SESSION_REFRESH_SECONDS)."""

import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.middleware import StaffSessionTimeoutMiddleware

pytestmark = pytest.mark.django_db


def _session_writes(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    writes = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]
    return response, writes


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard:umkm_list"),
        reverse("dashboard:coop_list") + "?step=not_covered",
        reverse("cooperatives:list"),
        reverse("dashboard:index"),
        "/api/schema/",
    ],
)
def test_an_authenticated_get_writes_no_session(dinas_client, url):
    dinas_client.get(reverse("dashboard:worklists"))  # the first request after login stamps the activity
    response, writes = _session_writes(dinas_client, url)
    assert response.status_code == 200
    assert writes == []


@override_settings(STAFF_SESSION_REFRESH_SECONDS=60, STAFF_SESSION_IDLE_SECONDS=600)
def test_the_idle_timestamp_is_refreshed_once_it_is_a_minute_old(dinas_client):
    url = reverse("cooperatives:list")
    dinas_client.get(url)
    session = dinas_client.session
    session[StaffSessionTimeoutMiddleware.SESSION_KEY] = int(time.time()) - 61
    session.save()
    response, writes = _session_writes(dinas_client, url)
    assert response.status_code == 200
    assert any(sql.lstrip().upper().startswith("UPDATE") for sql in writes)
    assert int(time.time()) - dinas_client.session[StaffSessionTimeoutMiddleware.SESSION_KEY] < 5
    # ... and the next read writes nothing again.
    assert _session_writes(dinas_client, url)[1] == []
