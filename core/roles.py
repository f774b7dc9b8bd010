"""The six roles of the product, as Django groups, and the checks every layer uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DINAS = "dinas", _("Dinas Koperasi dan UMKM")
    BPJS = "bpjs", _("Petugas BPJS Ketenagakerjaan")
    KEPALA_CABANG = "kepala_cabang", _("Kepala Kantor Cabang")
    KOPERASI = "koperasi", _("Pengurus Koperasi")
    BANK = "bank", _("Bank")


STAFF_ROLES = frozenset({Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG})

# ``accounts.User`` or ``AnonymousUser``; core sits below accounts and cannot import the model.
UserLike = Any
View = Callable[..., HttpResponse]


def user_roles(user: UserLike) -> frozenset[str]:
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


def has_role(user: UserLike, *roles: str | Role) -> bool:
    return bool(user_roles(user) & {str(r) for r in roles})


def primary_role(user: UserLike) -> str | None:
    """The role whose home page the user lands on (the first in the order of ``Role``)."""
    roles = user_roles(user)
    for role in Role.values:
        if role in roles:
            return role
    return None


def require_role(user: UserLike, *roles: str | Role) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def role_required(*roles: str | Role) -> Callable[[View], View]:
    """View decorator: anonymous users go to the login page, other roles get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = tuple(str(r) for r in roles)  # type: ignore[attr-defined]  # read by the URL x role tests
        return wrapper

    return decorator
