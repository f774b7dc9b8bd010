from rest_framework.permissions import BasePermission

from core.roles import has_role


class HasAllowedRole(BasePermission):
    """The view's ``allowed_roles``; unauthenticated callers get 401 first (through IsAuthenticated)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and has_role(request.user, *view.allowed_roles))


class IsBankCaller(BasePermission):
    """A bank API key, or a logged-in bank officer bound to a bank."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and has_role(user, "bank") and getattr(user, "bank_id", None))
