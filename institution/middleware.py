"""Every request runs in the Instansi's time zone (WIB, WITA or WIT)."""

from __future__ import annotations

import functools
import zoneinfo

from django.utils import timezone

from institution.selectors import current_instansi


def activate_instansi_zone() -> str:
    zone = current_instansi().time_zone
    try:
        timezone.activate(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()
    return zone


class InstansiTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activate_instansi_zone()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def in_instansi_zone(func):
    """For background tasks and commands: dates ("today", "expires in 30 days") in the Instansi's zone."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        activate_instansi_zone()
        try:
            return func(*args, **kwargs)
        finally:
            timezone.deactivate()

    return wrapper
