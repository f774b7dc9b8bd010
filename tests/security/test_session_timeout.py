"""Staff sessions end after STAFF_SESSION_IDLE_SECONDS of inactivity; other roles are not affected."""

import time

import pytest
from django.test import override_settings
from django.urls import reverse

from core.middleware import StaffSessionTimeoutMiddleware

KEY = StaffSessionTimeoutMiddleware.SESSION_KEY


def _age_session(client, seconds):
    session = client.session
    session[KEY] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang"])
@override_settings(STAFF_SESSION_IDLE_SECONDS=600)
def test_idle_staff_session_is_logged_out(clients, role):
    client = clients[role]
    url = reverse("cooperatives:list")
    assert client.get(url).status_code == 200
    _age_session(client, 601)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    # And it stays logged out.
    assert client.get(url).status_code == 302


@pytest.mark.django_db
@override_settings(STAFF_SESSION_IDLE_SECONDS=600)
def test_active_staff_session_is_kept_and_refreshed(dinas_client):
    url = reverse("cooperatives:list")
    dinas_client.get(url)
    _age_session(dinas_client, 500)
    assert dinas_client.get(url).status_code == 200
    assert int(time.time()) - dinas_client.session[KEY] < 5


@pytest.mark.django_db
@override_settings(STAFF_SESSION_IDLE_SECONDS=600)
def test_cooperative_head_is_not_subject_to_staff_timeout(koperasi_client, cooperative):
    url = reverse("portal:cooperative", args=[cooperative.pk])  # his page (the register's one redirects here)
    assert koperasi_client.get(url).status_code == 200
    _age_session(koperasi_client, 5000)
    assert koperasi_client.get(url).status_code == 200
