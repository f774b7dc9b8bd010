"""Role-scoped reads of cooperatives. A cooperative head only ever gets his own."""

from __future__ import annotations

from django.http import Http404

from cooperatives.models import Cooperative, CooperativeAccess
from core.roles import Role, has_role

STAFF_VIEW_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)


def cooperative_ids_for_user(user) -> list[int]:
    """The cooperatives a ``koperasi`` user may act for (active bindings only)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_cooperative_ids", None)
    if cached is None:
        cached = list(CooperativeAccess.objects.filter(user=user, is_active=True).values_list("cooperative_id", flat=True))
        user._cooperative_ids = cached
    return cached


def cooperative_queryset_for(user):
    """Every cooperative for staff roles; his own for a cooperative head; none otherwise."""
    if has_role(user, *STAFF_VIEW_ROLES):
        return Cooperative.objects.all()
    if has_role(user, Role.KOPERASI):
        return Cooperative.objects.filter(pk__in=cooperative_ids_for_user(user))
    return Cooperative.objects.none()


def cooperative_list(*, user, filters: dict | None = None):
    qs = cooperative_queryset_for(user).select_related("desa", "desa__parent")
    filters = filters or {}
    if filters.get("q"):
        qs = qs.filter(name__icontains=filters["q"])
    if filters.get("jenis"):
        qs = qs.filter(jenis=filters["jenis"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("kecamatan"):
        qs = qs.filter(desa__parent_id=filters["kecamatan"])
    if filters.get("desa"):
        qs = qs.filter(desa_id=filters["desa"])
    return qs.order_by("name", "pk")


def cooperative_get(*, user, pk) -> Cooperative:
    """The cooperative if the user may see it; 404 otherwise (never a hint that it exists)."""
    try:
        return cooperative_queryset_for(user).select_related("desa", "desa__parent").get(pk=pk)
    except (Cooperative.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
