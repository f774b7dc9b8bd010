"""Lockout per account and per client behind the reverse proxy (issue 12, item 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.context import set_extra_data
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import ip_failures
from accounts.models import AccessEvent
from accounts.services import access_log
from core.audit_middleware import ClientIpAuditlogMiddleware
from core.client_ip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia#12345"
PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # every request reaches gunicorn from the local nginx
BEHIND_PROXY = override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1)


def through_proxy(client_address: str, forged: str = "") -> dict:
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return {**PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def login(client: Client, username: str, password: str, **meta):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **meta)


@pytest.mark.parametrize(
    ("behind", "count", "meta", "expected"),
    [
        (False, 0, {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "10.1.2.3"),  # header ignored
        (True, 1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        (True, 1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9"}, "203.0.113.9"),  # forged left
        (True, 2, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9, 10.0.0.2"}, "203.0.113.9"),
        (True, 2, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "127.0.0.1"),  # too few hops
        (True, 1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "bukan-ip"}, "127.0.0.1"),
        (True, 1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, "2001:db8::1"),
        (True, 1, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
    ],
)
def test_client_ip(behind, count, meta, expected):
    request = RequestFactory().get("/", **meta)
    with override_settings(BEHIND_PROXY=behind, TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


@BEHIND_PROXY
def test_five_bad_passwords_from_one_client_do_not_lock_out_kepala_elsewhere():
    UserFactory(username="kepala", role="kepala_cabang")
    attacker, kepala = Client(), Client()
    answers = [login(attacker, "kepala", "salah", **through_proxy("198.51.100.66")).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # the fifth failure locks the pair
    assert login(attacker, "kepala", PASSWORD, **through_proxy("198.51.100.66")).status_code == 429
    # Forging X-Forwarded-For does not get the attacker a fresh pair either: the proxy's entry counts.
    assert login(attacker, "kepala", PASSWORD, **through_proxy("198.51.100.66", forged="192.0.2.1")).status_code == 429
    response = login(kepala, "kepala", PASSWORD, **through_proxy("203.0.113.10"))
    assert response.status_code == 302, "kepala from his own office is not locked out"
    assert AccessAttempt.objects.get(username="kepala").ip_address == "198.51.100.66"


@BEHIND_PROXY
def test_fifty_wrong_passwords_over_ten_usernames_from_one_client_are_throttled(settings):
    for index in range(10):
        UserFactory(username=f"pegawai{index}", role="dinas")
    sprayer = Client()
    answers = [login(sprayer, f"pegawai{n % 10}", "salah", **through_proxy("198.51.100.77")).status_code for n in range(50)]
    # No pair reaches five failures (two per username by then), yet after AXES_IP_FAILURE_LIMIT (20)
    # failures the client is stopped for every username.
    assert answers.index(429) == settings.AXES_IP_FAILURE_LIMIT
    assert answers.count(429) == 50 - settings.AXES_IP_FAILURE_LIMIT
    assert ip_failures("198.51.100.77") == settings.AXES_IP_FAILURE_LIMIT  # tries while locked do not count
    # Even the right password from that client is refused while it is locked; others log in.
    assert login(sprayer, "pegawai3", PASSWORD, **through_proxy("198.51.100.77")).status_code == 429
    assert login(Client(), "pegawai3", PASSWORD, **through_proxy("203.0.113.20")).status_code == 302


@BEHIND_PROXY
def test_lockouts_expire_after_the_cooloff(settings):
    UserFactory(username="bpjs1", role="bpjs")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "bpjs1", "salah", **through_proxy("198.51.100.5"))
    assert login(client, "bpjs1", PASSWORD, **through_proxy("198.51.100.5")).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert login(client, "bpjs1", PASSWORD, **through_proxy("198.51.100.5")).status_code == 302


@BEHIND_PROXY
def test_administrator_unlocks(settings, admin_user):
    UserFactory(username="dinas1", role="dinas")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "dinas1", "salah", **through_proxy("198.51.100.8"))
    assert login(client, "dinas1", PASSWORD, **through_proxy("198.51.100.8")).status_code == 429
    # In the admin: Axes > Access attempts lists the attempt (username and IP) for deletion.
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "198.51.100.8" in listing.content.decode()
    call_command("axes_reset_username", "dinas1")
    assert login(client, "dinas1", PASSWORD, **through_proxy("198.51.100.8")).status_code == 302


@BEHIND_PROXY
def test_access_log_and_audit_log_record_the_real_client(admin_user):
    request = RequestFactory().get("/", **through_proxy("203.0.113.44", forged="192.0.2.99"))
    event = access_log(user=admin_user, action="export", target="uji", request=request)
    assert AccessEvent.objects.get(pk=event.pk).ip_address == "203.0.113.44"
    user = UserFactory(username="baru1", role="dinas")
    middleware = ClientIpAuditlogMiddleware(lambda r: None)
    request = RequestFactory().get("/", **through_proxy("203.0.113.46", forged="192.0.2.97"))
    request.user = admin_user
    with set_extra_data(context_data=middleware.get_extra_data(request)):
        user.first_name = "Baru"
        user.save()
    entry = LogEntry.objects.get_for_object(user).latest("timestamp")
    assert entry.remote_addr == "203.0.113.46"


@BEHIND_PROXY
def test_public_verification_limit_is_per_real_client(settings):
    from compliance.views import PUBLIC_LIMIT_PER_MINUTE

    url = reverse("compliance:verify_lookup")
    first = Client()
    answers = [first.get(url, **through_proxy("198.51.100.90")).status_code for _ in range(PUBLIC_LIMIT_PER_MINUTE + 1)]
    assert answers[-1] == 429
    assert Client().get(url, **through_proxy("198.51.100.91")).status_code == 200


def test_oversize_username_is_a_form_error_not_a_500(client):
    response = login(client, "a" * 300, "salah")
    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username__startswith="aaa").count() <= 1
    assert all(len(attempt.username) <= 150 for attempt in AccessAttempt.objects.all())
