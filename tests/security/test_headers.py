"""Security headers on every page and the production deployment check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_pages_send_csp_without_unsafe_inline_and_frame_denial(client):
    response = client.get("/akun/masuk/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_script_or_style():
    """The CSP would block them: no inline <script> body, no style="" and no on*="" handlers."""
    import re

    offenders = []
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
    attr = re.compile(r"\s(style|on[a-z]+)\s*=\s*[\"']", re.IGNORECASE)
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        text_no_json = re.sub(r"<script[^>]*type=[\"']application/(ld\+)?json[\"'][^>]*>.*?</script>", "", text, flags=re.S | re.I)
        if inline_script.search(text_no_json) or attr.search(text):
            offenders.append(str(path.relative_to(BASE_DIR)))
    assert offenders == []


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OTP_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_TESTING="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="kolaka-jamsostek.example",
        **extra,
    )
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_values():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kolaka_jamsostek.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.X_FRAME_OPTIONS,"
        " s.OTP_ENFORCED, s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1], s.DEBUG)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=_production_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "DENY", "True", "CompressedManifestStaticFilesStorage", "False"]
