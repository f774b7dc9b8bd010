"""The real client address: one function for the login lockout, the public throttles, the access
log and the audit log.

Without a reverse proxy it is ``REMOTE_ADDR``. Behind one (``DJANGO_BEHIND_PROXY=1``) every request
arrives from the proxy, so the address is read from ``X-Forwarded-For``: with
``DJANGO_TRUSTED_PROXY_COUNT`` = N trusted proxies in front of the application, each appends the
address it received the request from, so the client is the N-th entry from the right. Entries
further left were written by the client and are ignored (they can be forged). A header with fewer
entries than trusted proxies, or an entry that is not an IP address, falls back to ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's IP address for ``request`` (see the module docstring); None without a request."""
    if request is None:
        return None
    meta = getattr(request, "META", {}) or {}
    remote = _valid_ip(str(meta.get("REMOTE_ADDR") or "")) or None
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if not getattr(settings, "BEHIND_PROXY", False) or count < 1:
        return remote
    forwarded = [item for item in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if item.strip()]
    if len(forwarded) < count:
        return remote
    return _valid_ip(forwarded[-count]) or remote


def axes_client_ip(request: HttpRequest | None) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: axes passes the request (or an ``AxesHttpRequest``)."""
    return client_ip(request)
