"""Reads of outreach events and the follow-up of their attendees.

"Covered since" follows one rule everywhere: a person is covered from the start of his earliest
participation that is active on the reference date; a cooperative from the day its last position
holder (board, supervisor, employee) started participating, provided all of them are active; a
business from its owner's date.

Relies on Django internals (``core/compat.py``): ``follow_up_counts`` compiles the ORM's "active"
and "current" conditions (``Query.get_compiler().compile(query.where)``) into a statement written
out by hand. On a Django upgrade rerun tests/dashboard/test_follow_up_counts.py (equal to the
per-attendee computation, query count) and bench/dashboard/timings.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Min, QuerySet

from cooperatives.models import Position
from enrollment.models import Participation, Person
from outreach.models import OutreachAttendance, OutreachEvent
from umkm.models import Business

FOLLOW_UP_WINDOWS = (30, 90)
FOLLOW_UP_KINDS = ("koperasi", "usaha", "orang")


def event_list(*, filters: dict | None = None) -> QuerySet[OutreachEvent]:
    filters = filters or {}
    qs = OutreachEvent.objects.select_related("kecamatan").prefetch_related("banks").annotate(attendee_count=Count("attendances"))
    if filters.get("kecamatan"):
        qs = qs.filter(kecamatan_id=filters["kecamatan"])
    if filters.get("date_from"):
        qs = qs.filter(held_on__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(held_on__lte=filters["date_to"])
    return qs.order_by("-held_on", "-pk")


def person_coverage_starts(person_ids: Iterable[int], as_of: date) -> dict[int, date]:
    """For each person actively participating on ``as_of``: the start of that coverage (one query)."""
    rows = (
        Participation.objects.active(as_of)
        .filter(person_id__in=list(person_ids))
        .values("person_id")
        .annotate(start=Min("started_on"))
        .order_by()
    )
    return {row["person_id"]: row["start"] for row in rows}


def cooperative_coverage_starts(cooperative_ids: Iterable[int], as_of: date) -> dict[int, date | None]:
    """For each cooperative: the day it became covered (``None`` if it is not covered on ``as_of``)."""
    positions = list(
        Position.objects.current(as_of).filter(cooperative_id__in=list(cooperative_ids)).values_list("cooperative_id", "person_id")
    )
    starts = person_coverage_starts({p for _, p in positions}, as_of)
    result: dict[int, date | None] = dict.fromkeys(cooperative_ids)
    holders: dict[int, list[int]] = {}
    for coop_id, person_id in positions:
        holders.setdefault(coop_id, []).append(person_id)
    for coop_id, people in holders.items():
        dates = [starts.get(p) for p in people]
        result[coop_id] = None if any(d is None for d in dates) else max(d for d in dates if d is not None)
    return result


@dataclass
class AttendeeFollowUp:
    attendance: OutreachAttendance
    covered_since: date | None

    @property
    def event_date(self) -> date:
        return self.attendance.event.held_on

    @property
    def covered_now(self) -> bool:
        return self.covered_since is not None

    @property
    def covered_before_event(self) -> bool:
        return self.covered_since is not None and self.covered_since <= self.event_date

    def covered_within(self, days: int) -> bool:
        return self.covered_since is not None and self.event_date < self.covered_since <= self.event_date + timedelta(days=days)

    @property
    def status(self) -> str:
        if self.covered_since is None:
            return "belum"
        if self.covered_before_event:
            return "sudah"
        for days in FOLLOW_UP_WINDOWS:
            if self.covered_within(days):
                return f"{days}"
        return "kemudian"


def attendance_follow_up(*, as_of: date, filters: dict | None = None) -> list[AttendeeFollowUp]:
    """Every attendance of events up to ``as_of`` (filtered), with its coverage start (four queries)."""
    filters = filters or {}
    qs = (
        OutreachAttendance.objects.filter(event__held_on__lte=as_of)
        .select_related(
            "event",
            "event__kecamatan",
            "cooperative",
            "cooperative__desa",
            "business",
            "business__desa",
            "person",
            "person__desa",
            "desa",
        )
        .order_by("-event__held_on", "pk")
    )
    if filters.get("kecamatan"):
        qs = qs.filter(event__kecamatan_id=filters["kecamatan"])
    if filters.get("date_from"):
        qs = qs.filter(event__held_on__gte=filters["date_from"])
    if filters.get("event"):
        qs = qs.filter(event_id=filters["event"])
    attendances = list(qs)
    coop_starts = cooperative_coverage_starts({a.cooperative_id for a in attendances if a.cooperative_id}, as_of)
    people = {a.business.owner_id for a in attendances if a.business} | {a.person_id for a in attendances if a.person_id}
    # A prospect not linked yet counts as the Person holding its NIK, once the register has one.
    prospect_niks = {a.nik for a in attendances if a.prospect and not a.person_id and a.nik}
    by_nik = dict(Person.objects.filter(nik__in=prospect_niks).values_list("nik", "pk")) if prospect_niks else {}
    person_starts = person_coverage_starts(people | set(by_nik.values()), as_of)
    result = []
    for a in attendances:
        if a.cooperative_id:
            since = coop_starts.get(a.cooperative_id)
        elif a.business:
            since = person_starts.get(a.business.owner_id)
        elif a.person_id:
            since = person_starts.get(a.person_id)
        else:
            since = person_starts.get(by_nik.get(a.nik)) if a.nik else None  # type: ignore[arg-type]  # no Person: None, no key
        result.append(AttendeeFollowUp(attendance=a, covered_since=since))
    return result


def follow_up_summary(items: list[AttendeeFollowUp]) -> dict:
    """The share of attending cooperatives, businesses and people (registered or prospects), not
    covered on the event day, that became covered within 30 and 90 days."""
    summary: dict[str, dict[str, Any]] = {}
    for kind in FOLLOW_UP_KINDS:
        rows = [i for i in items if i.attendance.kind == kind]
        eligible = [i for i in rows if not i.covered_before_event]
        entry: dict[str, Any] = {"attended": len(rows), "already": len(rows) - len(eligible), "eligible": len(eligible)}
        for days in FOLLOW_UP_WINDOWS:
            n = sum(1 for i in eligible if i.covered_within(days))
            entry[f"within_{days}"] = n
            entry[f"share_{days}"] = (n / len(eligible)) if eligible else None
        entry["still_uncovered"] = sum(1 for i in rows if not i.covered_now)
        summary[kind] = entry
    return summary


def _where_sql(qs: QuerySet, connection: BaseDatabaseWrapper) -> tuple[str, list]:
    """The WHERE condition of ``qs`` as SQL on its own table's name, and its parameters."""
    compiler = qs.query.get_compiler(connection=connection)
    return compiler.compile(qs.query.where)


def follow_up_counts(*, as_of: date, filters: dict | None = None) -> dict:
    """``follow_up_summary(attendance_follow_up(...))`` for the dashboard in one query: each
    attendance's event day and coverage start come from the database, with the same rules as
    ``person_coverage_starts`` (the earliest start among the person's participations active on
    ``as_of``) and ``cooperative_coverage_starts`` (the latest such start among the current
    holders when all of them have one), and the counts are added up here.

    The statement is written out because the ORM takes several times longer to build the nested
    subqueries than the database takes to run them; the conditions that define "active" and
    "current" are still compiled from the ORM (``Participation.objects.active``,
    ``Position.objects.current``), so they follow any change of those rules."""
    filters = filters or {}
    connection = connections[OutreachAttendance.objects.db]
    q = connection.ops.quote_name
    participation, position = q(Participation._meta.db_table), q(Position._meta.db_table)
    active, active_params = _where_sql(Participation.objects.active(as_of), connection)
    current, current_params = _where_sql(Position.objects.current(as_of), connection)

    def start_of(person_column: str) -> str:
        column, person = f"{participation}.{q('started_on')}", f"{participation}.{q('person_id')}"
        return f"(SELECT MIN({column}) FROM {participation} WHERE {person} = {person_column} AND {active})"  # noqa: S608

    where, params = ["e.held_on <= %s"], [as_of]
    if filters.get("kecamatan"):
        where.append("e.kecamatan_id = %s")
        params.append(filters["kecamatan"])
    if filters.get("date_from"):
        where.append("e.held_on >= %s")
        params.append(filters["date_from"])
    if filters.get("event"):
        where.append("a.event_id = %s")
        params.append(filters["event"])
    holder_start = start_of(f"{position}.{q('person_id')}")
    by_nik = f"(SELECT p.id FROM {q(Person._meta.db_table)} p WHERE p.nik = a.nik)"  # noqa: S608
    # Table names come from model metadata (quoted), conditions from the ORM; values are parameters.
    sql = (
        "SELECT a.cooperative_id, a.business_id, e.held_on, CASE WHEN a.cooperative_id IS NOT NULL THEN ("  # noqa: S608
        f"SELECT CASE WHEN COUNT(*) = COUNT({holder_start}) THEN MAX({holder_start}) END FROM {position} "
        f"WHERE {position}.{q('cooperative_id')} = a.cooperative_id AND {current}"
        f") WHEN a.business_id IS NOT NULL THEN {start_of('b.owner_id')} "
        # A person attendee; a prospect not linked yet counts as the Person holding its NIK.
        f"WHEN a.person_id IS NOT NULL THEN {start_of('a.person_id')} "
        f"WHEN a.nik <> '' THEN {start_of(by_nik)} END "
        f"FROM {q(OutreachAttendance._meta.db_table)} a "
        f"INNER JOIN {q(OutreachEvent._meta.db_table)} e ON e.id = a.event_id "
        f"LEFT JOIN {q(Business._meta.db_table)} b ON b.id = a.business_id "
        f"WHERE {' AND '.join(where)}"
    )
    sql_params = [*active_params, *active_params, *current_params, *active_params, *active_params, *active_params, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()
    summary: dict[str, dict[str, Any]] = {}
    for kind in FOLLOW_UP_KINDS:
        summary[kind] = {"attended": 0, "already": 0, "eligible": 0, "still_uncovered": 0, **{f"within_{d}": 0 for d in FOLLOW_UP_WINDOWS}}
    for cooperative_id, business_id, held_on, covered_since in rows:
        held_on, covered_since = _as_date(held_on), _as_date(covered_since)
        entry = summary["koperasi" if cooperative_id else "usaha" if business_id else "orang"]
        entry["attended"] += 1
        if covered_since is None:
            entry["still_uncovered"] += 1
        elif covered_since <= held_on:  # type: ignore[operator]  # an event always has its date
            entry["already"] += 1
            continue
        entry["eligible"] += 1
        if covered_since is not None:
            for days in FOLLOW_UP_WINDOWS:
                if covered_since <= held_on + timedelta(days=days):  # type: ignore[operator]
                    entry[f"within_{days}"] += 1
    for entry in summary.values():
        for days in FOLLOW_UP_WINDOWS:
            entry[f"share_{days}"] = entry[f"within_{days}"] / entry["eligible"] if entry["eligible"] else None
    return summary


def _as_date(value: object) -> date | None:
    """A date from a raw row (SQLite returns computed dates as ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
