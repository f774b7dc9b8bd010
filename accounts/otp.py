"""Two-factor sign-in (TOTP, django-otp) for the roles listed in ``settings.OTP_REQUIRED_ROLES``.

After the password, a user of such a role must confirm a code from an authenticator app. On the
first sign-in he enrols a device: the page shows the ``otpauth://`` QR code as inline SVG (drawn
on the server with segno, no external request) and the secret for manual entry.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import has_role

DEVICE_NAME = "Aplikasi autentikator"


def otp_required_for(user) -> bool:
    """Whether this signed-in user must pass the second factor before using the application."""
    return bool(
        getattr(settings, "OTP_ENFORCED", False)
        and getattr(user, "is_authenticated", False)
        and has_role(user, *getattr(settings, "OTP_REQUIRED_ROLES", ()))
    )


def otp_pending(user) -> bool:
    """A user who must pass the second factor and has not yet done so in this session."""
    return otp_required_for(user) and not (hasattr(user, "is_verified") and user.is_verified())


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


@transaction.atomic
def enrolment_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first use (one pending device per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The device's provisioning URI as an inline SVG QR code."""
    return segno.make(device.config_url, micro=False).svg_inline(scale=5, dark="#111827", light="#ffffff")


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for apps where the QR code cannot be scanned."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_enrolment(request, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending device with a first code and mark the session verified."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit() or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify(request, token: str) -> bool:
    """Check a code against the user's confirmed devices (throttled by django-otp)."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit():
        return False
    device = match_token(request.user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True
