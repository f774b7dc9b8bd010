"""The admin in Indonesian shows no English section, model or audit-log names; in English it is English.

Fixed names: the apps and models of djangorestframework-api-key, django-tasks-db, django-otp and axes
(``core/third_party.py``), the project's Instansi and Notifikasi apps, and django-auditlog's app,
columns, filters, actions, "system" and the change summary (``core/admin.py``,
``locale/id/LC_MESSAGES/django.po``).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ENGLISH_SECTIONS = [
    "API Key Permissions",
    "API keys",
    "Audit log",
    "Tasks Database Backend",
    "Task Results",
    "Otp_Static",
    "Static devices",
    "Otp_Totp",
    "TOTP devices",
    "Axes",
]
INDONESIAN_SECTIONS = [
    "Izin kunci API",
    "Kunci API",
    "Jejak audit",
    "Antrean tugas latar",
    "Hasil tugas",
    "OTP statis",
    "Perangkat statis",
    "OTP berbasis waktu",
    "Perangkat TOTP",
    "Pembatasan login (Axes)",
]
ENGLISH_LOG = ["Created", "Resource", "Action", "Changes", "User", "Correlation ID", "Resource Type", "create", "system", "changes:"]
INDONESIAN_LOG = ["Waktu", "Data", "Tindakan", "Perubahan", "Pengguna", "ID korelasi", "Jenis data", "dibuat", "sistem", "perubahan:"]


def _texts(html: str) -> set[str]:
    """The visible text pieces of a page, one per element."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return {piece.strip() for piece in re.split(r"<[^>]+>", html) if piece.strip()}


def _words(texts: set[str]) -> set[str]:
    return {word for text in texts for word in text.split()}


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def audit_entry(db):
    PersonFactory(nik="7401011705850001")


@pytest.mark.parametrize(
    ("language", "shown", "absent"),
    [
        ("id", INDONESIAN_SECTIONS, ENGLISH_SECTIONS),
        ("en", ENGLISH_SECTIONS[:5] + ["Static OTP", "Time-based OTP", "TOTP devices", "Axes"], INDONESIAN_SECTIONS),
    ],
)
def test_admin_index_section_and_model_names(admin_client_kj, language, shown, absent):
    texts = _texts(_get(admin_client_kj, reverse("admin:index"), language))
    for name in shown:
        assert name in texts, name
    for name in absent:
        if name not in shown:
            assert name not in texts, name


def test_project_apps_are_named_in_indonesian(admin_client_kj):
    from django.apps import apps
    from django.contrib import admin
    from django.utils import translation

    translation.activate("id")
    project = [config for config in apps.get_app_configs() if (settings.BASE_DIR / config.label).is_dir()]
    assert {config.label for config in project} >= {"institution", "notifications", "core"}
    for config in project:
        assert type(config.verbose_name).__name__ == "__proxy__", f"{config.label}: verbose_name is not gettext'd"
        for model in config.get_models():
            if not admin.site.is_registered(model):
                continue
            assert type(model._meta.verbose_name).__name__ == "__proxy__", f"{model.__name__}: verbose_name is not gettext'd"


@pytest.mark.parametrize(("language", "shown", "absent"), [("id", INDONESIAN_LOG, ENGLISH_LOG), ("en", ENGLISH_LOG, INDONESIAN_LOG)])
def test_auditlog_changelist_columns_and_filters(admin_client_kj, audit_entry, language, shown, absent):
    html = _get(admin_client_kj, reverse("admin:auditlog_logentry_changelist"), language)
    texts = _texts(html)
    words = _words(texts)
    for name in shown:
        assert name in texts or name in words or name in html, name
    for name in absent:
        assert name not in texts, name
        if language == "id":
            assert name not in words, name
    assert re.search(r"\d{1,2} (Desember|December) \d{4} \d{2}\.\d{2} WITA", html)
    assert not re.search(r"\d{2}-\d{2}-\d{4}", html)
