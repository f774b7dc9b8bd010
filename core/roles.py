"""The six roles of the product, as Django groups, and the checks every layer uses."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DINAS = "dinas", _("Dinas Koperasi dan UMKM")
    BPJS = "bpjs", _("Petugas BPJS Ketenagakerjaan")
    KEPALA_CABANG = "kepala_cabang", _("Kepala Kantor Cabang")
    KOPERASI = "koperasi", _("Pengurus Koperasi")
    BANK = "bank", _("Bank")


STAFF_ROLES = frozenset({Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG})


def user_roles(user) -> frozenset[str]:
    """The role names of a user, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        valid = set(Role.values)
        cached = frozenset(name for name in user.groups.values_list("name", flat=True) if name in valid)
        if user.is_superuser:
            cached = cached | {Role.ADMIN.value}
        user._role_cache = cached
    return cached


def has_role(user, *roles: str | Role) -> bool:
    return bool(user_roles(user) & {str(r) for r in roles})


def primary_role(user) -> str | None:
    """The role whose home page the user lands on (the first in the order of ``Role``)."""
    roles = user_roles(user)
    for role in Role.values:
        if role in roles:
            return role
    return None


def require_role(user, *roles: str | Role) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def role_required(*roles: str | Role):
    """View decorator: anonymous users go to the login page, other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = tuple(str(r) for r in roles)
        return wrapper

    return decorator
