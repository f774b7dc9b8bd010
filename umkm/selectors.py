"""Reads of UMKM businesses."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.roles import UserLike
from core.search import Search, words_q
from enrollment.selectors import person_ids_matching
from regions.models import region_q
from umkm.models import Business


def business_search_q(search: Search) -> Q | None:
    """The businesses a register search finds: by NIB, by the owner's NIK, KPJ or phone (exact,
    through their unique indexes), or by words of the business or owner name. ``None``: nothing
    searched. The caller has already dropped what the user may not search by (``search_for``).

    The ways of finding are one ``id IN (… UNION …)``, not an ``OR``: each branch runs on its own
    index (trigram for the names) and PostgreSQL joins the few ids back, where an ``OR`` across the
    owner subquery made it scan every business (measured at 1M businesses: 560 ms → see
    docs/performance.md)."""
    if search.empty:
        return None
    branches = []
    if search.get("nib"):
        branches.append(Business.objects.filter(nib=search.get("nib")).values("pk").order_by())
    owners = person_ids_matching(search, by_name=False)
    if owners is not None:
        branches.append(Business.objects.filter(owner_id__in=owners).values("pk").order_by())
    if search.words:
        branches.append(Business.objects.filter(words_q(search.words, "name")).values("pk").order_by())
        branches.append(Business.objects.filter(owner_id__in=person_ids_matching(Search(words=search.words))).values("pk").order_by())
    if not branches:
        return Q(pk__in=[])
    first, *rest = branches
    return Q(pk__in=first.union(*rest) if rest else first)


def business_list(*, filters: dict | None = None, search: Search | None = None) -> QuerySet[Business]:
    """Businesses with their owner and village, filtered; ``search`` as in ``business_search_q``
    (a plain ``filters["q"]`` is read as a name)."""
    qs = Business.objects.select_related("owner", "desa", "desa__parent")
    filters = filters or {}
    if search is None and filters.get("q"):
        search = Search(text=filters["q"], words=tuple(filters["q"].split()))
    condition = business_search_q(search) if search is not None else None
    if condition is not None:
        qs = qs.filter(condition)
    if filters.get("scale"):
        qs = qs.filter(scale=filters["scale"])
    if filters.get("official") in ("1", "0"):
        qs = qs.filter(in_official_db=filters["official"] == "1")
    qs = qs.filter(region_q("desa", kecamatan=filters.get("kecamatan") or "", desa=filters.get("desa") or ""))
    if filters.get("kbli"):
        qs = qs.filter(kbli__startswith=filters["kbli"][:5])
    return qs.order_by("name", "pk")


def business_search_group(*, user: UserLike, search: Search, limit: int = 5) -> dict | None:
    """The header search's UMKM answer (``core.search.register_search``)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core.roles import Role, has_role
    from core.search import search_for

    if not has_role(user, Role.ADMIN, Role.DINAS, Role.BPJS):
        return None
    qs = business_list(search=search_for(user, search))
    rows = [
        {"url": b.get_absolute_url(), "label": b.name, "detail": f"{b.owner.name} · {b.desa.name}, {b.desa.parent.name}"}  # type: ignore[union-attr]  # a desa has its kecamatan
        for b in qs[:limit]
    ]
    return {"title": _("UMKM"), "url": reverse("umkm:list"), "rows": rows, "count": qs.count() if len(rows) == limit else len(rows)}
