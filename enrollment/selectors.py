"""Reads of people and participations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from enrollment.models import Participation, ParticipationStatus, Person
from enrollment.status import best_participation

if TYPE_CHECKING:
    from core.roles import UserLike
    from core.search import Search


def person_status_on(person: Person, as_of: date) -> dict:
    """A person's best participation on ``as_of`` (``enrollment.status.best_participation``).

    Expects ``person.participations`` to be prefetched when called in a loop.
    """
    participation, status = best_participation(person.participations.all(), as_of)
    if participation is None or status is None:
        return {"participation": None, "status": None, "status_label": "", "programmes": [], "arrears": 0}
    return {
        "participation": participation,
        "status": status,
        "status_label": ParticipationStatus(status).label,
        "programmes": participation.programmes,
        "arrears": participation.arrears_months_on(as_of),
    }


def people_with_participations(queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    qs = queryset if queryset is not None else Person.objects.all()
    return qs.select_related("desa").prefetch_related(Prefetch("participations", queryset=Participation.objects.order_by("-started_on")))


# ---------------------------------------------------------------- register search


def person_search_q(search: Search, *, by_name: bool = True) -> Q | None:
    """The people a register search finds: NIK, KPJ or phone exactly (unique or indexed columns),
    or every word of the name. ``None`` when the search holds nothing about people."""
    from django.db.models import Q

    from core.search import words_q

    condition, used = Q(pk__in=[]), False
    if search.get("nik"):
        condition |= Q(nik=search.get("nik"))
        used = True
    if search.get("kpj"):
        condition |= Q(pk__in=Participation.objects.filter(kpj=search.get("kpj")).values("person_id"))
        used = True
    if search.get("phone"):
        condition |= Q(phone=search.get("phone"))
        used = True
    if by_name and search.words:
        condition |= words_q(search.words, "name")
        used = True
    return condition if used else None


def person_ids_matching(search: Search, *, by_name: bool = True) -> QuerySet | None:
    """A subquery of the ids of the people ``person_search_q`` finds (``None``: nothing to find)."""
    condition = person_search_q(search, by_name=by_name)
    return None if condition is None else Person.objects.filter(condition).values("pk")


def person_list(*, search: Search | None = None) -> QuerySet[Person]:
    """People by name, with their participations prefetched, filtered by a register search."""
    qs = Person.objects.all()
    if search is not None and not search.empty:
        condition = person_search_q(search)
        qs = qs.filter(condition) if condition is not None else qs.none()
    return people_with_participations(qs.order_by("name", "pk"))


def person_search_group(*, user: UserLike, search: Search, limit: int = 5) -> dict | None:
    """The header search's answer from the people register (masked NIK; ``core.search``)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core.search import may_search_people

    if not may_search_people(user):
        return None
    qs = Person.objects.filter(person_search_q(search) or Q(pk__in=[])).select_related("desa").order_by("name", "pk")
    rows = [
        {"url": reverse("enrollment:person_list"), "label": p.name, "detail": f"{p.masked_nik} · {p.desa.name if p.desa else '–'}"}
        for p in qs[:limit]
    ]
    return {
        "title": _("Orang"),
        "url": reverse("enrollment:person_list"),
        "rows": rows,
        "count": qs.count() if len(rows) == limit else len(rows),
    }
