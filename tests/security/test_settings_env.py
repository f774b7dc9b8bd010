"""Settings that fail loudly (issue 12, item 3): `.env` read by python-dotenv, strict switches.

Each case starts a fresh interpreter with a clean environment (no DJANGO_TESTING, no pytest), so the
settings module is evaluated exactly as ``manage.py``/gunicorn would evaluate it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG, "SECURE": s.SECURE, "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE, "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS, "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "BEHIND_PROXY": s.BEHIND_PROXY, "TRUSTED_PROXY_COUNT": s.TRUSTED_PROXY_COUNT, "OTP_ENFORCED": s.OTP_ENFORCED,
    "SITE_URL": s.SITE_URL, "ALLOWED_HOSTS": s.ALLOWED_HOSTS, "SECRET_KEY": s.SECRET_KEY,
    "AXES_FAILURE_LIMIT": s.AXES_FAILURE_LIMIT, "AXES_IP_FAILURE_LIMIT": s.AXES_IP_FAILURE_LIMIT,
}))
"""


def run_settings(env_file: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "kolaka_jamsostek.settings",
        "DJANGO_ENV_FILE": str(env_file),
        "DJANGO_TESTING": "0",
        **extra,
    }
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def uncomment_everything(text: str) -> str:
    """Every setting of .env.example switched on, as the file tells an administrator to do."""
    return re.sub(r"^# ", "", text, flags=re.MULTILINE)


@pytest.fixture
def production_env(tmp_path) -> Path:
    path = tmp_path / "production.env"
    path.write_text(uncomment_everything((ROOT / ".env.example").read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_env_example_fully_uncommented_gives_the_secure_settings(production_env):
    result = run_settings(production_env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["BEHIND_PROXY"] is True
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["OTP_ENFORCED"] is True
    assert values["SITE_URL"] == "https://kolaka-jamsostek.example.go.id"  # no comment carried into the QR codes
    assert values["ALLOWED_HOSTS"] == ["kolaka-jamsostek.example.go.id"]
    assert "#" not in values["SECRET_KEY"]
    assert len(values["SECRET_KEY"]) >= 50
    assert (values["AXES_FAILURE_LIMIT"], values["AXES_IP_FAILURE_LIMIT"]) == (5, 20)


def test_trailing_comments_are_comments(tmp_path):
    path = tmp_path / "trailing.env"
    path.write_text(
        "DJANGO_DEBUG=0\nDJANGO_SECRET_KEY=" + "k" * 60 + "\nDJANGO_SECURE=1  # HTTPS-only cookies\n"
        "OTP_ENFORCED=1      # TOTP\nSITE_URL=https://kj.example.go.id   # QR codes\n",
        encoding="utf-8",
    )
    result = run_settings(path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE"] is True
    assert values["OTP_ENFORCED"] is True
    assert values["SITE_URL"] == "https://kj.example.go.id"


@pytest.mark.parametrize("variable", ["DJANGO_SECURE", "OTP_ENFORCED", "DJANGO_BEHIND_PROXY", "DJANGO_DEBUG"])
def test_an_unknown_switch_word_stops_start_up_naming_the_variable(production_env, variable):
    result = run_settings(production_env, **{variable: "yes please"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr
    assert "yes please" in result.stderr


def test_real_environment_wins_over_the_file(production_env):
    result = run_settings(production_env, SITE_URL="https://lain.example.go.id", DJANGO_SECURE="tidak")
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SITE_URL"] == "https://lain.example.go.id"
    assert values["SECURE"] is False


def test_a_malformed_number_stops_start_up_naming_the_variable(production_env):
    result = run_settings(production_env, AXES_FAILURE_LIMIT="lima")
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT" in result.stderr


CACHE_PROBE = "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps(s.CACHES['default']))"


@pytest.mark.parametrize(
    ("extra", "backend", "location"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache", "kolaka-jamsostek"),
        (
            {"TASK_BACKEND": "rq", "REDIS_URL": "redis://10.0.0.5:6379/3"},
            "django.core.cache.backends.redis.RedisCache",
            "redis://10.0.0.5:6379/3",
        ),
        (
            {"TASK_BACKEND": "rq", "REDIS_URL": "redis://10.0.0.5:6379/3", "CACHE_URL": "redis://10.0.0.6:6379/1"},
            "django.core.cache.backends.redis.RedisCache",
            "redis://10.0.0.6:6379/1",
        ),
    ],
)
def test_with_the_redis_queue_the_cache_is_shared_too(tmp_path, extra, backend, location):
    """Rate limits live in the cache: a node configured for Redis never counts them per process."""
    path = tmp_path / "cache.env"
    path.write_text("DJANGO_DEBUG=1\n", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(DJANGO_SETTINGS_MODULE="kolaka_jamsostek.settings", DJANGO_ENV_FILE=str(path), DJANGO_TESTING="0", **extra)
    result = subprocess.run([sys.executable, "-c", CACHE_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout.strip().splitlines()[-1])
    assert (cache["BACKEND"], cache["LOCATION"]) == (backend, location)
