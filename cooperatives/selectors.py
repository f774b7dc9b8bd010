"""Role-scoped reads of cooperatives. A cooperative head only ever gets his own."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cooperatives.models import Cooperative, CooperativeAccess, Position
from core.roles import Role, UserLike, has_role
from core.search import Search, words_q
from enrollment.selectors import person_ids_matching
from regions.models import region_q

STAFF_VIEW_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)


def cooperative_ids_for_user(user: UserLike) -> list[int]:
    """The cooperatives a ``koperasi`` user may act for (active bindings only)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_cooperative_ids", None)
    if cached is None:
        cached = list(CooperativeAccess.objects.filter(user=user, is_active=True).values_list("cooperative_id", flat=True))
        user._cooperative_ids = cached
    return cached


def cooperative_queryset_for(user: UserLike) -> QuerySet[Cooperative]:
    """Every cooperative for staff roles; his own for a cooperative head; none otherwise."""
    if has_role(user, *STAFF_VIEW_ROLES):
        return Cooperative.objects.all()
    if has_role(user, Role.KOPERASI):
        return Cooperative.objects.filter(pk__in=cooperative_ids_for_user(user))
    return Cooperative.objects.none()


def cooperative_search_q(search: Search) -> Q | None:
    """The cooperatives a register search finds: by Nomor Induk Koperasi, NIB or NPP (exact), by
    the NIK, KPJ or phone of a current board member, supervisor or employee, or by words of the
    cooperative's name or of such a member's name. ``None``: nothing searched. The caller has
    already dropped what the user may not search by (``core.search.search_for``)."""
    if search.empty:
        return None
    condition = Q(pk__in=[])
    if search.get("nomor_induk"):
        condition |= Q(nomor_induk=search.get("nomor_induk"))
        condition |= Q(npp=search.get("nomor_induk"))
    if search.get("nib"):
        condition |= Q(nib=search.get("nib"))
    today = timezone.localdate()
    members = person_ids_matching(search, by_name=False)
    if members is not None:
        condition |= Q(pk__in=Position.objects.current(today).filter(person_id__in=members).values("cooperative_id"))
    if search.words:
        condition |= words_q(search.words, "name")
        named = person_ids_matching(Search(words=search.words))
        condition |= Q(pk__in=Position.objects.current(today).filter(person_id__in=named).values("cooperative_id"))
    return condition


def cooperative_list(*, user: UserLike, filters: dict | None = None, search: Search | None = None) -> QuerySet[Cooperative]:
    """The cooperatives ``user`` may see, filtered; ``search`` as in ``cooperative_search_q`` (a
    plain ``filters["q"]`` is read as a name)."""
    qs = cooperative_queryset_for(user).select_related("desa", "desa__parent")
    filters = filters or {}
    if search is None and filters.get("q"):
        search = Search(text=filters["q"], words=tuple(filters["q"].split()))
    condition = cooperative_search_q(search) if search is not None else None
    if condition is not None:
        qs = qs.filter(condition)
    if filters.get("jenis"):
        qs = qs.filter(jenis=filters["jenis"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    qs = qs.filter(region_q("desa", kecamatan=filters.get("kecamatan") or "", desa=filters.get("desa") or ""))
    return qs.order_by("name", "pk")


def cooperative_get(*, user: UserLike, pk: int | str) -> Cooperative:
    """The cooperative if the user may see it; 404 otherwise (never a hint that it exists)."""
    try:
        return cooperative_queryset_for(user).select_related("desa", "desa__parent").get(pk=pk)
    except (Cooperative.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def cooperative_search_group(*, user: UserLike, search: Search, limit: int = 5) -> dict | None:
    """The header search's cooperative answer (``core.search.register_search``)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core.search import search_for

    if not has_role(user, *STAFF_VIEW_ROLES):
        return None
    qs = cooperative_list(user=user, search=search_for(user, search))
    rows = [{"url": c.get_absolute_url(), "label": c.name, "detail": f"{c.nomor_induk or '–'} · {c.desa.name}"} for c in qs[:limit]]
    return {
        "title": _("Koperasi"),
        "url": reverse("cooperatives:list"),
        "rows": rows,
        "count": qs.count() if len(rows) == limit else len(rows),
    }
