"""Privacy headers and logs, error pages, the offline Redoc page (issue 12, item 6)."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.test import override_settings
from django.urls import reverse

from core.logging import scrub
from core.mail import RedactingConsoleBackend
from portal.services import delegate_invite
from tests.api.conftest import api, bank_key  # noqa: F401,F811 - fixtures of the bank API tests
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_people_api_pages_and_csv_exports_are_not_stored(dinas_client, koperasi_client, cooperative):
    PositionFactory(cooperative=cooperative, role="bendahara")
    for client, url in (
        (dinas_client, "/api/v1/people/"),
        (koperasi_client, "/api/v1/people/"),
        (dinas_client, reverse("cooperatives:list")),
        (dinas_client, reverse("dashboard:participant_list")),
        (dinas_client, reverse("imports:template", args=["umkm"]) + "?format=csv"),
        (koperasi_client, reverse("portal:members", args=[cooperative.pk])),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
    csv = dinas_client.get(reverse("imports:template", args=["umkm"]) + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")


def test_api_answers_to_api_key_callers_are_not_stored(api):  # noqa: F811
    response = api.get("/api/v1/verifications/")
    assert response.status_code == 200
    assert no_store(response)


def test_public_pages_stay_cacheable(client):
    for name in ("public:programmes", "public:calculator"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert not no_store(response), name


def test_scrub_masks_one_time_links_and_tokens():
    link = "https://kj.example/portal/undangan/MTIz/cz5e1r-0123456789abcdef0123456789abcdef/"
    cleaned = scrub(f"Buat kata sandi: {link} dan token cz5e1r-0123456789abcdef0123456789abcdef")
    assert "0123456789abcdef" not in cleaned
    assert "MTIz" not in cleaned
    assert "/portal/undangan/[token-disembunyikan]/" in cleaned
    assert scrub("/portal/undangan/selesai/") == "/portal/undangan/selesai/"


def test_console_backend_never_writes_the_delegates_one_time_link(koperasi_user, cooperative, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), django_capture_on_commit_callbacks(execute=True):
        result = delegate_invite(
            user=koperasi_user, cooperative=cooperative, role="sekretaris", full_name="Sitti Aminah", email="s@contoh.id"
        )
    token = result.link.rstrip("/").rsplit("/", 1)[-1]
    assert token in mail.outbox[0].body  # the delegate gets the link in her e-mail
    stream = io.StringIO()
    RedactingConsoleBackend(stream=stream).send_messages([EmailMessage(mail.outbox[0].subject, mail.outbox[0].body, to=["s@contoh.id"])])
    written = stream.getvalue()
    assert "Sitti Aminah" in written
    assert token not in written
    assert "[token-disembunyikan]" in written


def test_console_is_the_redacting_backend_by_default():
    from kolaka_jamsostek import settings as project_settings

    assert project_settings.EMAIL_BACKEND in ("core.mail.RedactingConsoleBackend", "django.core.mail.backends.smtp.EmailBackend")


def test_gunicorn_access_log_masks_the_token():
    from types import SimpleNamespace

    from core.gunicorn_logger import ScrubbingLogger

    logger = ScrubbingLogger.__new__(ScrubbingLogger)
    path = "/portal/undangan/MTIz/cz5e1r-0123456789abcdef0123456789abcdef/"
    req = SimpleNamespace(
        headers=[], method="GET", path=path, query="", version=(1, 1), uri=path, peer_addr=("127.0.0.1", 1), remote_addr=("127.0.0.1", 1)
    )
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10, status_code=200)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1"}
    from datetime import timedelta

    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=3))
    assert "0123456789abcdef" not in atoms["U"]
    assert "0123456789abcdef" not in atoms["r"]


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/verifikasi/QR-RUSAK-xx/", 404, "Halaman tidak ditemukan"),
        ("/tidak-ada-halaman/", 404, "Halaman tidak ditemukan"),
    ],
)
def test_error_pages_are_in_the_site_layout_and_language(client, url, status, text):
    cache.clear()  # the public verification limit counts per client per minute; earlier tests used it
    with override_settings(DEBUG=False):
        response = client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert text in page
    assert "Kolaka Jamsostek" in page
    assert 'href="/"' in page
    assert "Kembali ke beranda" in page
    assert "Not Found" not in page


def test_403_page_in_the_layout(bank_client, cooperative):
    response = bank_client.get(reverse("cooperatives:detail", args=[cooperative.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page
    assert "Kembali ke beranda" in page


def test_400_and_500_templates_render_with_a_way_back(rf):
    from django.views import defaults

    request = rf.get("/")
    for view, code, text in (
        (defaults.bad_request, 400, "Permintaan tidak dapat diproses"),
        (defaults.server_error, 500, "Terjadi kesalahan pada sistem"),
    ):
        response = view(request, exception=Exception()) if code == 400 else view(request)
        assert response.status_code == code
        page = response.content.decode()
        assert text in page
        assert "Kembali ke beranda" in page
        assert "Kolaka Jamsostek" in page


def test_redoc_page_asks_nothing_from_outside(client):
    page = client.get(reverse("redoc")).content.decode()
    scripts = re.findall(r'src="([^"]+)"', page)
    assert scripts
    assert all(src.startswith("/") for src in scripts), scripts
    bundle = client.get(reverse("redoc-bundle"))
    assert bundle.status_code == 200
    assert bundle["Content-Type"].startswith("application/javascript")
    body = bundle.content.decode()
    assert "cdn.redoc.ly" not in body
    assert "Redoc" in body
    assert not re.search(r'src:"https?://', body)
