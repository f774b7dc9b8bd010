"""No NIK reaches a log line, and no URL pattern takes a NIK."""

import io
import logging
import re

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from core.logging import MaskPersonalDataFilter
from kolaka_jamsostek.urls import urlpatterns as project_urlpatterns

NIK = "7401015705850009"
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


def _boom(request):
    raise ValueError(f"NIK {request.POST.get('nik')} tidak dapat diproses")


def _log_it(request):
    logging.getLogger("kolaka.test").warning("pencarian NIK %s oleh %s", request.POST.get("nik"), request.user)
    from django.http import HttpResponse

    return HttpResponse("ok")


# The project's URLs too: the error pages link to them.
urlpatterns = [path("boom/", _boom), path("log/", _log_it), *project_urlpatterns]


@pytest.fixture
def console_output():
    """Redirect the configured console handler (the one carrying the mask filter) to a buffer."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, MaskPersonalDataFilter) for f in h.filters)]
    assert handlers, "the console handler must carry MaskPersonalDataFilter"
    buffer = io.StringIO()
    previous = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_nik_in_post_body_and_error_path_never_logged(console_output):
    client = Client(raise_request_exception=False)
    assert client.post("/log/", {"nik": NIK}).status_code == 200
    assert client.post("/boom/", {"nik": NIK}).status_code == 500
    assert client.get(f"/tidak-ada/?nik={NIK}").status_code == 404
    output = console_output.getvalue()
    assert "Internal Server Error" in output
    assert "ValueError" in output
    assert "pencarian NIK" in output
    assert NIK not in output
    assert not SIXTEEN_DIGITS.search(output)


@pytest.mark.django_db
def test_failed_login_with_nik_as_username_not_logged(console_output):
    client = Client()
    client.post("/akun/masuk/", {"username": NIK, "password": "salah"})
    assert NIK not in console_output.getvalue()


def test_phone_numbers_are_masked_too(console_output):
    logging.getLogger("kolaka.test").error("hubungi 081234567890")
    assert "081234567890" not in console_output.getvalue()


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_no_url_pattern_takes_a_nik_or_phone():
    offenders = []
    for route, entry in _walk(get_resolver()):
        names = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
        if any(word in name.lower() for name in names for word in ("nik", "ktp", "phone", "telepon", "hp")):
            offenders.append(route)
        if r"\d{16}" in route or "[0-9]{16}" in route:
            offenders.append(route)
        del entry
    assert offenders == []


def test_gunicorn_access_log_has_no_query_string():
    """gunicorn logs the path only (%(U)s): a query string could carry a search term or an identifier."""
    import runpy

    from django.conf import settings

    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    fmt = config["access_log_format"]
    assert "%(U)s" in fmt
    assert not any(token in fmt for token in ("%(r)s", "%(q)s", "%(u)s", "%(f)s"))
    # Threaded workers (2 x 8) overlap database waits (docs/performance.md, bank check at 16 connections).
    assert config["workers"] == 2
    assert config["worker_class"] == "gthread"
    assert config["threads"] == 8
    assert config["control_socket_disable"] is True
