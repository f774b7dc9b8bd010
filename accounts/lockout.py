"""Login lockout per account and per client (django-axes).

- Per account: axes locks the pair *username + real client IP* after ``AXES_FAILURE_LIMIT``
  failures, so five bad passwords for ``kepala`` from one client lock out only that client, never
  ``kepala`` logging in from elsewhere.
- Per client: ``AXES_IP_FAILURE_LIMIT`` failures from one client IP across any usernames within
  ``AXES_COOLOFF_TIME`` lock that IP out as well, which stops password spraying.

Both expire after ``AXES_COOLOFF_TIME``; an administrator unlocks early by deleting the access
attempts in the admin (Axes › Access attempts) or with ``manage.py axes_reset_ip IP`` /
``axes_reset_username USERNAME``. The client IP comes from ``core.client_ip`` (proxy-aware).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def ip_failures(ip_address: str | None) -> int:
    """Failed logins from ``ip_address`` across every username within the cool-off window."""
    if not ip_address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(total=Sum("failures_since_start"))[
        "total"
    ]
    return total or 0


class AccountAndClientLockoutHandler(AxesDatabaseHandler):
    """Axes's database handler with the parallel per-client limit."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        return ip_failures(ip_address) >= settings.AXES_IP_FAILURE_LIMIT


USERNAME_MAX_LENGTH = 150  # the User model's; axes stores at most 255 characters


def axes_username(request, credentials=None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the username tried, capped so an oversize one cannot reach the
    attempt table (PostgreSQL refuses text over the column's 255 characters)."""
    value = None
    if credentials:
        value = credentials.get("username")
    if value is None and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username")
    if value is None:
        return None
    return str(value).replace("\x00", "")[:USERNAME_MAX_LENGTH]
