"""Third-party apps in the admin in the active language.

Some installed apps name themselves, their models or their audit-log columns with plain English
strings that gettext never sees. Here they go through gettext with their English text as msgid, so
English shows them as they are and ``locale/id/LC_MESSAGES/django.po`` (only third-party strings)
gives the Indonesian. ``english``/``english_plural`` alias ``gettext_lazy``/``ngettext`` so makemessages does not extract
these msgids are not the project's Indonesian source strings and do not belong in the English catalogue.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy, ngettext

english = gettext_lazy
english_plural = ngettext

# app label -> verbose name
APP_NAMES = {
    "rest_framework_api_key": english("API Key Permissions"),
    "django_tasks_database": english("Tasks Database Backend"),
    "otp_static": english("Static OTP"),
    "otp_totp": english("Time-based OTP"),
    "axes": english("Axes"),
}

# "app_label.ModelName" -> (verbose name, verbose name plural)
MODEL_NAMES = {
    "rest_framework_api_key.APIKey": (english("API key"), english("API keys")),
    "otp_static.StaticDevice": (english("static device"), english("static devices")),
    "otp_static.StaticToken": (english("static token"), english("static tokens")),
    "otp_totp.TOTPDevice": (english("TOTP device"), english("TOTP devices")),
}


def translate_third_party_names() -> None:
    """Give the third-party apps and models gettext'd names (called from ``CoreConfig.ready``)."""
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for dotted, (singular, plural) in MODEL_NAMES.items():
        try:
            model = apps.get_model(dotted)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural


def change_summary(count: int, fields: str) -> str:
    """The audit log's "3 changes: name, phone" in the active language."""
    return english_plural("%(count)d change: %(fields)s", "%(count)d changes: %(fields)s", count) % {"count": count, "fields": fields}
