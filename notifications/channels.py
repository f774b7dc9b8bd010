"""Channels: e-mail through Django's mail backend, WhatsApp (and SMS) through a configurable HTTP
gateway. A channel returns the provider's id or raises ``Retryable`` / ``Permanent``."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail


class Retryable(Exception):
    """Worth trying again later (timeout, refused connection, 5xx, 429)."""


class Permanent(Exception):
    """Will never succeed as is (4xx, no address)."""


def send_email(*, address: str, subject: str, body: str, key: str) -> str:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    except (OSError, TimeoutError) as exc:
        raise Retryable(f"SMTP: {type(exc).__name__}") from None
    return ""


def send_gateway(*, channel: str, address: str, subject: str, body: str, key: str) -> str:
    """POST ``{"channel", "to", "text", "reference"}`` with an ``Idempotency-Key`` header (the
    message's key: a retry after a timeout is the same message to the gateway, never a second one)."""
    url = getattr(settings, "WHATSAPP_GATEWAY_URL", "")
    if not url.startswith(("http://", "https://")):
        raise Permanent("gateway not configured (WHATSAPP_GATEWAY_URL)")
    payload = json.dumps({"channel": channel, "to": address, "text": f"{subject}\n\n{body}", "reference": key}).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    token = getattr(settings, "WHATSAPP_GATEWAY_TOKEN", "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=payload, headers=headers, method="POST")  # noqa: S310 - http(s) only, checked above
    try:
        with urllib.request.urlopen(request, timeout=getattr(settings, "WHATSAPP_GATEWAY_TIMEOUT", 10)) as response:  # noqa: S310 - configured URL
            raw = response.read(10_000)
    except urllib.error.HTTPError as exc:
        if exc.code == 429 or exc.code >= 500:
            raise Retryable(f"gateway HTTP {exc.code}") from None
        raise Permanent(f"gateway HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise Retryable(f"gateway unreachable: {type(reason).__name__}") from None
    try:
        return str(json.loads(raw or b"{}").get("id", ""))[:100]
    except (ValueError, AttributeError):
        return ""


def send(*, channel: str, address: str, subject: str, body: str, key: str) -> str:
    if not address:
        raise Permanent("no address")
    if channel == "email":
        return send_email(address=address, subject=subject, body=body, key=key)
    return send_gateway(channel=channel, address=address, subject=subject, body=body, key=key)
