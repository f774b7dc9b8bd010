import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_in_indonesian(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Kata sandi" in page
    assert "Nama pengguna" in page


def test_demo_style_login_lands_on_role_home(client):
    UserFactory(username="dinas1", role="dinas")
    response = client.post(reverse("accounts:login"), {"username": "dinas1", "password": "Rahasia#12345"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1] == (reverse("dashboard:index"), 302)


def test_wrong_password_message_in_indonesian(client):
    UserFactory(username="bpjs1", role="bpjs")
    page = client.post(reverse("accounts:login"), {"username": "bpjs1", "password": "salah"}).content.decode()
    assert "Nama pengguna atau kata sandi salah" in page


def test_lockout_after_repeated_failures(client, settings):
    UserFactory(username="kepala1", role="kepala_cabang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "kepala1", "password": "salah"})
    response = client.post(reverse("accounts:login"), {"username": "kepala1", "password": "Rahasia#12345"})
    assert response.status_code == 429
    assert "dikunci" in response.content.decode()


def test_logout_is_post_only(client):
    user = UserFactory(username="koperasi1", role="koperasi")
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "en"


def test_indonesian_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.wsgi_request.LANGUAGE_CODE == "id"
    assert response["Content-Language"] == "id"
