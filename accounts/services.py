"""Writes of the accounts app: users with roles, access events."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest

from accounts.models import AccessEvent, Bank, User
from core.client_ip import client_ip as real_client_ip
from core.roles import Role, UserLike


def client_ip(request: HttpRequest | None) -> str | None:
    """The real client address (``core.client_ip``: proxy-aware), for the access log and throttles."""
    return real_client_ip(request)


def access_event(
    *, user: UserLike, action: str, target: str, details: dict | None = None, request: HttpRequest | None = None
) -> AccessEvent:
    """An unsaved access-log entry (for callers that write it together with other rows)."""
    return AccessEvent(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        target=target[:200],
        details=details or {},
        ip_address=client_ip(request),
    )


def access_log(*, user: UserLike, action: str, target: str, details: dict | None = None, request: HttpRequest | None = None) -> AccessEvent:
    """Record a sensitive read or an export. Never put a NIK or phone number in ``target``/``details``."""
    event = access_event(user=user, action=action, target=target, details=details, request=request)
    event.save()
    return event


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    full_name: str = "",
    email: str = "",
    title: str = "",
    bank: Bank | None = None,
) -> User:
    """Create a user in exactly one role group; a bank user must name his bank."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    if role == Role.BANK and bank is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"bank": "Pengguna bank harus terikat pada satu bank."})
    user = User(username=username, full_name=full_name, email=email, title=title, bank=bank)
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    return user
