"""Reads of people and participations."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from enrollment.models import Participation, ParticipationStatus, Person


def person_participations(*, person: Person) -> list[Participation]:
    return list(person.participations.order_by("-started_on"))


def person_status_on(person: Person, as_of: date) -> dict:
    """A person's best participation on ``as_of``: active beats arrears beats none.

    Expects ``person.participations`` to be prefetched when called in a loop.
    """
    best = None
    rank = {"aktif": 0, "menunggak": 1, "nonaktif": 2}
    for participation in person.participations.all():
        status = participation.status_on(as_of)
        if best is None or rank[status] < rank[best[1]]:
            best = (participation, status)
    if best is None:
        return {"participation": None, "status": None, "status_label": "", "programmes": [], "arrears": 0}
    participation, status = best
    return {
        "participation": participation,
        "status": status,
        "status_label": ParticipationStatus(status).label,
        "programmes": participation.programmes,
        "arrears": participation.arrears_months_on(as_of),
    }


def people_with_participations(queryset=None):
    qs = queryset if queryset is not None else Person.objects.all()
    return qs.select_related("desa").prefetch_related(Prefetch("participations", queryset=Participation.objects.order_by("-started_on")))
