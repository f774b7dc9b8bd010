"""TOTP two-factor sign-in for admin, bpjs and kepala_cabang when OTP_ENFORCED."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

PASSWORD = "Rahasia#12345"


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def _login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.mark.django_db
class TestEnforced:
    @pytest.fixture(autouse=True)
    def _enforce(self, settings):
        settings.OTP_ENFORCED = True
        settings.OTP_REQUIRED_ROLES = ["admin", "bpjs", "kepala_cabang"]

    @pytest.mark.parametrize("role", ["admin", "bpjs", "kepala_cabang"])
    def test_first_login_must_enrol_then_is_verified(self, role):
        user = UserFactory(role=role)
        client = _login(user.username)
        target = reverse("cooperatives:list")
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:otp_setup"))

        page = client.get(response.url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "<svg" in html
        assert "otpauth://" not in html.split("<svg", 1)[0][-200:]
        assert "http://" not in re.sub(r'xmlns(:\w+)?="http://[^"]+"', "", html.split("<svg", 1)[1].split("</svg>", 1)[0])

        device = TOTPDevice.objects.get(user=user, confirmed=False)
        bad = client.post(reverse("accounts:otp_setup"), {"token": "000000" if _token(device) != "000000" else "111111", "next": target})
        assert bad.status_code == 200
        device.refresh_from_db()
        assert not device.confirmed
        device.throttle_reset()  # django-otp throttles the next attempt after a failure

        ok = client.post(reverse("accounts:otp_setup"), {"token": _token(device), "next": target})
        assert ok.status_code == 302
        assert ok.url == target
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(target).status_code == 200

    def test_returning_user_must_enter_a_code(self):
        user = UserFactory(role="bpjs")
        device = TOTPDevice.objects.create(user=user, name="ponsel", confirmed=True)
        client = _login(user.username)
        target = reverse("cooperatives:list")
        response = client.get(target)
        assert response.url.startswith(reverse("accounts:otp_verify"))
        # A password-only session cannot enrol another device.
        assert client.get(reverse("accounts:otp_setup")).url == reverse("accounts:otp_verify")
        assert client.post(reverse("accounts:otp_verify"), {"token": "12ab56"}).status_code == 200
        assert client.get(target).status_code == 302
        ok = client.post(reverse("accounts:otp_verify"), {"token": _token(device), "next": target})
        assert ok.url == target
        assert client.get(target).status_code == 200

    def test_next_cannot_point_off_site(self):
        user = UserFactory(role="admin")
        device = TOTPDevice.objects.create(user=user, name="ponsel", confirmed=True)
        client = _login(user.username)
        ok = client.post(reverse("accounts:otp_verify"), {"token": _token(device), "next": "https://evil.example/"})
        assert ok.url == "/"

    def test_unverified_api_request_gets_json_403(self):
        user = UserFactory(role="admin")
        client = _login(user.username)
        response = client.get("/api/v1/anything/")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "otp_required"

    @pytest.mark.parametrize("role", ["dinas", "koperasi"])
    def test_other_roles_are_not_asked(self, role, cooperative):
        user = UserFactory(role=role)
        client = _login(user.username)
        response = client.get(reverse("home"))
        assert response.status_code in (200, 302)
        assert "verifikasi" not in response.get("Location", "")

    def test_logout_is_reachable_while_unverified(self):
        user = UserFactory(role="admin")
        client = _login(user.username)
        assert client.post(reverse("accounts:logout")).status_code == 302
        assert "_auth_user_id" not in client.session

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("accounts:otp_verify"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@override_settings(OTP_ENFORCED=False)
def test_not_enforced_lets_admin_in_without_code():
    user = UserFactory(role="admin")
    client = _login(user.username)
    assert client.get(reverse("cooperatives:list")).status_code == 200


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_lockout_after_repeated_failures():
    user = UserFactory(role="dinas")
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "salah-salah"})
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
