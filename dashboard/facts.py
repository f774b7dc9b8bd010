"""The dashboard's fact table: counts per desa × day/month × dimension, kept in the same transaction
as the writes that change them, so any view of the dashboard is a SUM over a few thousand rows.

Every figure is a count of entities whose state holds on the reference day ``D``. Each entity's
state is a set of day intervals ``[a, b)`` (a participation is active from its start until it ends
or the BPU arrears cut-off; a cooperative is active from a RAT until that book year stops counting;
...). An interval is stored as two *deltas*: ``+1`` on day ``a``, ``-1`` on day ``b``, so the count
on ``D`` is the sum of the deltas on or before ``D``. The rows come in three levels:

- ``BASE`` (level 0): the deltas dated before ``FACT_START`` (and the static counts: businesses
  known, cooperatives registered), one row per key;
- ``STATE`` (level 1): for each month ``M`` from ``FACT_START`` through the materialised month
  ``L``, the sum of the deltas dated from ``FACT_START`` to the end of ``M``, one row per key and
  month (rows that sum to 0 are not written by a rebuild);
- ``DELTA`` (level 2): the deltas dated after the end of ``L`` (today's month, future cut-offs),
  with their exact day.

The count on a month end ``D ≤ end(L)`` is BASE + STATE(D); on a day after ``end(L)`` (today) it is
BASE + STATE(L) + the DELTA rows up to ``D``. ``rebuild()`` recomputes everything and moves ``L``
to the last completed month; until then new months are served from the DELTA rows, correctly.

Kinds (dimension ``a`` / ``b``):

- ``u_known``, ``u_official`` (scale / KBLI group), static; ``u_covered``: official and the owner
  an active participant;
- ``c_total``, ``c_active``, ``c_covered`` (cooperative type);
- ``p_active`` (segment / programmes), ``p_lapsed`` (segment);
- ``t_active``, ``t_started``, ``t_left``: the participation trend, per desa only (``t_left`` is
  ``+1`` on the day an active participation stops being active when it was active at the end of
  the month before, so "became non-active in month i" is a difference of two counts).

The definitions are the foundation's (``enrollment.status``, ``Cooperative.objects.active``,
``.covered``); ``tests/dashboard/test_facts.py`` holds every figure of every view equal to the
live computation on randomised data.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from cooperatives.models import DISSOLVED_STATUSES, AnnualMeeting, Cooperative, Position
from dashboard.filters import month_end
from enrollment import status as status_rules
from enrollment.models import Participation, Person, Programme
from umkm.models import Business

logger = logging.getLogger(__name__)

FACT_START = date(2000, 1, 1)  # the earliest month the dashboard's period filter accepts
BASE, STATE, DELTA = 0, 1, 2
SENTINEL = date(1900, 1, 1)  # the day of static counts (always in BASE)
PROGRAMMES = list(Programme.values)
CHUNK = 5000

Key = tuple  # (kind, desa, a, b)


# --- intervals ------------------------------------------------------------------------------------


def participation_active_interval(segment, started_on, ended_on, last_paid_month):
    """``(a, b)`` (``b`` None = open) of the days the participation is active, or None.

    Active = current (``started_on ≤ D`` and not ended by ``D``) and, for BPU, at most the limit of months
    in arrears: with ``P`` the month last paid (or the month before the start), BPU is active while
    ``D ≤ due day of P + 4 months`` (``enrollment.status.active_q``; the due day and the limit come
    from the ``PaymentRule`` in force on ``P``)."""
    end = ended_on
    if segment == "BPU":
        paid = (
            status_rules.month_start(last_paid_month)
            if last_paid_month
            else status_rules.add_months(status_rules.month_start(started_on), -1)
        )
        terms = status_rules.terms_on(paid)
        cutoff = status_rules.add_months(paid, terms.bpu_max_arrears_months + 1).replace(day=terms.bpu_due_day + 1)
        end = cutoff if end is None else min(end, cutoff)
    if end is not None and end <= started_on:
        return None
    return (started_on, end)


def participation_lapsed_interval(segment, started_on, ended_on, last_paid_month):
    """Registered and not ended, but non-active through arrears (BPU only)."""
    if segment != "BPU":
        return None
    active = participation_active_interval(segment, started_on, None, last_paid_month)
    start = started_on if active is None else max(started_on, active[1])
    if ended_on is not None and ended_on <= start:
        return None
    return (start, ended_on)


def merge(intervals):
    """The union of ``[a, b)`` intervals (``b`` None = open) as sorted disjoint intervals."""
    out = []
    for a, b in sorted(intervals, key=lambda iv: iv[0]):
        if out and (out[-1][1] is None or a <= out[-1][1]):
            last_a, last_b = out[-1]
            out[-1] = (last_a, None if (last_b is None or b is None) else max(last_b, b))
        else:
            out.append((a, b))
    return out


def _holds(intervals, day) -> bool:
    return any(a <= day and (b is None or day < b) for a, b in intervals)


def rat_counts_until(book_year: int) -> date:
    """The first day a RAT for ``book_year`` no longer keeps a cooperative active
    (``last_book_year(D) > book_year``: from 1 April two years later)."""
    return date(book_year + 2, 4, 1)


def cooperative_active_intervals(status, meetings):
    if status in DISSOLVED_STATUSES:
        return []
    spans = []
    for book_year, held_on in meetings:
        if held_on is None:
            continue
        until = rat_counts_until(book_year)
        if held_on < until:
            spans.append((held_on, until))
    return merge(spans)


def cooperative_covered_intervals(active, positions, person_active):
    """Active, at least one current position, and every current position holder an active
    participant; evaluated between the breakpoints of all the intervals involved."""
    if not active or not positions:
        return []
    points = set()
    for a, b in active:
        points.add(a)
        if b:
            points.add(b)
    for person_id, started_on, ended_on in positions:
        points.add(started_on)
        if ended_on:
            points.add(ended_on)
        for a, b in person_active.get(person_id, ()):
            points.add(a)
            if b:
                points.add(b)
    out = []
    for day in sorted(points):
        current = [p for p in positions if p[1] <= day and (p[2] is None or day < p[2])]
        ok = bool(current) and _holds(active, day) and all(_holds(person_active.get(p[0], ()), day) for p in current)
        if out and out[-1][1] is None:
            if not ok:
                out[-1] = (out[-1][0], day)
        elif ok:
            out.append((day, None))
    return out


def _add(deltas: Counter, key: Key, interval) -> None:
    if interval is None:
        return
    a, b = interval
    deltas[(*key, a)] += 1
    if b is not None:
        deltas[(*key, b)] -= 1


# --- contributions of entities --------------------------------------------------------------------


def _select(sql: str, column: str, ids) -> list[tuple]:
    """Rows of ``sql`` (its ``{where}`` the condition ``column`` in ``ids``): one array parameter
    on PostgreSQL, placeholders in chunks elsewhere (no ORM expression per id: a chunk of an
    import names thousands)."""
    ids = list(ids)
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if ids:
                cursor.execute(sql.format(where=f"{column} = ANY(%s)"), [ids])
                rows = cursor.fetchall()
            return rows
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            cursor.execute(sql.format(where=f"{column} IN ({', '.join(['%s'] * len(part))})"), part)
            rows.extend(cursor.fetchall())
    return rows


def _desa_of_people(person_ids) -> dict[int, str]:
    out: dict[int, str] = {}
    ids = list(person_ids)
    for i in range(0, len(ids), CHUNK):
        out.update(Person.objects.filter(pk__in=ids[i : i + CHUNK]).values_list("pk", "desa_id"))
    return {k: v or "" for k, v in out.items()}


def _participations_of(person_ids):
    ids = list(person_ids)
    fields = ("person_id", "segment", "started_on", "ended_on", "last_paid_month", *[p.lower() for p in PROGRAMMES])
    for i in range(0, len(ids), CHUNK):
        yield from Participation.objects.filter(person_id__in=ids[i : i + CHUNK]).values_list(*fields)


def person_active_intervals(person_ids) -> dict[int, list]:
    spans = defaultdict(list)
    for person_id, segment, started_on, ended_on, paid, *_flags in _participations_of(person_ids):
        interval = participation_active_interval(segment, started_on, ended_on, paid)
        if interval:
            spans[person_id].append(interval)
    return {k: merge(v) for k, v in spans.items()}


def participation_deltas(person_ids, deltas: Counter) -> None:
    desa = _desa_of_people(person_ids)
    for person_id, segment, started_on, ended_on, paid, *flags in _participations_of(person_ids):
        region = desa.get(person_id, "")
        programmes = ",".join(p for p, on in zip(PROGRAMMES, flags, strict=True) if on)
        active = participation_active_interval(segment, started_on, ended_on, paid)
        _add(deltas, ("p_active", region, segment, programmes), active)
        _add(deltas, ("p_lapsed", region, segment, ""), participation_lapsed_interval(segment, started_on, ended_on, paid))
        _add(deltas, ("t_active", region, "", ""), active)
        deltas[("t_started", region, "", "", started_on)] += 1
        if active and active[1] is not None and active[0] < status_rules.month_start(active[1]):
            deltas[("t_left", region, "", "", active[1])] += 1


def business_deltas(business_ids, deltas: Counter) -> None:
    ids = list(business_ids)
    for i in range(0, len(ids), CHUNK):
        rows = _select("SELECT desa_id, scale, kbli, in_official_db, owner_id FROM umkm_business WHERE {where}", "id", ids[i : i + CHUNK])
        owners = person_active_intervals({r[4] for r in rows if r[4] and r[3]})
        for desa, scale, kbli, official, owner in rows:
            key = (desa or "", scale or "", (kbli or "")[:2])
            deltas[("u_known", *key, SENTINEL)] += 1
            if official:
                deltas[("u_official", *key, SENTINEL)] += 1
                for interval in owners.get(owner, ()):
                    _add(deltas, ("u_covered", *key), interval)


def cooperative_deltas(cooperative_ids, deltas: Counter) -> None:
    ids = list(cooperative_ids)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        coops = list(Cooperative.objects.filter(pk__in=chunk).values_list("pk", "desa_id", "jenis", "status"))
        meetings = defaultdict(list)
        for coop, book_year, held_on in AnnualMeeting.objects.filter(cooperative_id__in=chunk).values_list(
            "cooperative_id", "book_year", "held_on"
        ):
            meetings[coop].append((book_year, held_on))
        actives = {pk: cooperative_active_intervals(status, meetings.get(pk, ())) for pk, _d, _j, status in coops}
        positions = defaultdict(list)
        for coop, person, started_on, ended_on in Position.objects.filter(
            cooperative_id__in=[pk for pk, spans in actives.items() if spans]
        ).values_list("cooperative_id", "person_id", "started_on", "ended_on"):
            positions[coop].append((person, started_on, ended_on))
        people = person_active_intervals({p[0] for plist in positions.values() for p in plist})
        for pk, desa, jenis, _status in coops:
            key = (desa or "", jenis or "", "")
            deltas[("c_total", *key, SENTINEL)] += 1
            for interval in actives[pk]:
                _add(deltas, ("c_active", *key), interval)
            for interval in cooperative_covered_intervals(actives[pk], positions.get(pk, []), people):
                _add(deltas, ("c_covered", *key), interval)


def expand(*, persons=(), businesses=(), cooperatives=()) -> tuple[set, set, set]:
    """The entities whose contributions depend on the given ones: a person's participations, the
    businesses he owns and the cooperatives where he holds (or held) a position."""
    persons, businesses, cooperatives = set(persons) - {None}, set(businesses) - {None}, set(cooperatives) - {None}
    if persons:
        ids = list(persons)
        businesses |= set(Business.objects.filter(owner_id__in=ids).values_list("pk", flat=True))
        cooperatives |= set(Position.objects.filter(person_id__in=ids).values_list("cooperative_id", flat=True))
    return persons, businesses, cooperatives


def deltas_of(persons, businesses, cooperatives) -> Counter:
    deltas: Counter = Counter()
    if persons:
        participation_deltas(persons, deltas)
    if businesses:
        business_deltas(businesses, deltas)
    if cooperatives:
        cooperative_deltas(cooperatives, deltas)
    return deltas


# --- storing --------------------------------------------------------------------------------------


def materialised_through() -> date:
    """The last month end with STATE rows (the day before ``FACT_START`` when none)."""
    from dashboard.models import FactMeta

    meta = FactMeta.objects.filter(pk=1).values_list("materialised_through", flat=True).first()
    return meta or FACT_START - timedelta(days=1)


def _month_ends(first: date, last: date):
    month = status_rules.month_start(first)
    while True:
        end = month_end(month.year, month.month)
        if end > last:
            return
        yield end
        month = status_rules.add_months(month, 1)


def _rows(deltas: Counter, through: date, *, sign: int = 1) -> Counter:
    """Fact rows ``(level, kind, desa, a, b, day) → n`` for the deltas (incremental form: a delta in a
    materialised month adds to that month's and every later month's STATE row)."""
    rows: Counter = Counter()
    for (kind, desa, a, b, day), n in deltas.items():
        if not n:
            continue
        n *= sign
        if day < FACT_START:
            rows[(BASE, kind, desa, a, b, SENTINEL)] += n
        elif day > through:
            rows[(DELTA, kind, desa, a, b, day)] += n
        else:
            for end in _month_ends(day, through):
                rows[(STATE, kind, desa, a, b, end)] += n
    return rows


def _upsert(rows: Counter) -> None:
    """Add ``n`` to each fact row (insert when missing), in key order (no deadlock between two
    writers), one statement per 500 rows."""
    items = sorted((k, n) for k, n in rows.items() if n)
    sql_head = "INSERT INTO dashboard_dashboardfact (level, kind, kecamatan, desa, a, b, day, n) VALUES "
    sql_tail = " ON CONFLICT (level, kind, desa, a, b, day) DO UPDATE SET n = dashboard_dashboardfact.n + excluded.n"
    with connection.cursor() as cursor:
        for i in range(0, len(items), 500):
            part = items[i : i + 500]
            params = []
            for (level, kind, desa, a, b, day), n in part:
                params += [level, kind, desa[:8], desa, a, b, day, n]
            cursor.execute(sql_head + ",".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(part)) + sql_tail, params)


class Change:
    """Subtracts the contributions of some entities now and adds them back (as the rows then are)
    in :meth:`done`: both inside the caller's transaction."""

    def __init__(self, *, persons=(), businesses=(), cooperatives=()):
        self.sets = expand(persons=persons, businesses=businesses, cooperatives=cooperatives)
        self.through = materialised_through()
        self.before = deltas_of(*self.sets) if any(self.sets) else Counter()

    def add(self, *, persons=(), businesses=(), cooperatives=()) -> None:
        """Entities created by the write (they contributed nothing before)."""
        extra = expand(persons=persons, businesses=businesses, cooperatives=cooperatives)
        self.sets = tuple(s | e for s, e in zip(self.sets, extra, strict=True))

    def done(self) -> None:
        after = deltas_of(*self.sets) if any(self.sets) else Counter()
        after.subtract(self.before)
        _upsert(_rows(after, self.through))


# --- rebuilding -----------------------------------------------------------------------------------


def _id_chunks(model, size=50_000):
    ids = model.objects.order_by("pk").values_list("pk", flat=True)
    chunk = []
    for pk in ids.iterator(chunk_size=size):
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def rebuild(*, today: date | None = None) -> dict:
    """Recompute the whole fact table from the register and materialise the months through the
    last completed one. Returns counts for the command's output."""
    from dashboard.models import DashboardFact, FactMeta

    today = today or timezone.localdate()
    through = status_rules.month_start(today) - timedelta(days=1)
    monthly: dict[tuple, Counter] = defaultdict(Counter)  # (kind, desa, a, b) -> {month end or day: n}
    base: Counter = Counter()
    later: Counter = Counter()
    entities = 0

    def fold(deltas: Counter) -> None:
        for (kind, desa, a, b, day), n in deltas.items():
            if not n:
                continue
            if day < FACT_START:
                base[(kind, desa, a, b)] += n
            elif day > through:
                later[(kind, desa, a, b, day)] += n
            else:
                monthly[(kind, desa, a, b)][month_end(day.year, day.month)] += n

    for chunk in _id_chunks(Person):
        deltas: Counter = Counter()
        participation_deltas(chunk, deltas)
        fold(deltas)
        entities += len(chunk)
    for chunk in _id_chunks(Business):
        deltas = Counter()
        business_deltas(chunk, deltas)
        fold(deltas)
        entities += len(chunk)
    for chunk in _id_chunks(Cooperative):
        deltas = Counter()
        cooperative_deltas(chunk, deltas)
        fold(deltas)
        entities += len(chunk)

    rows = [(BASE, k, d[:8], d, a, b, SENTINEL, n) for (k, d, a, b), n in base.items() if n]
    rows += [(DELTA, k, d[:8], d, a, b, day, n) for (k, d, a, b, day), n in later.items() if n]
    for (k, d, a, b), months in monthly.items():
        running = 0
        for end in _month_ends(min(months), through):
            running += months.get(end, 0)
            if running:
                rows.append((STATE, k, d[:8], d, a, b, end, running))
    DashboardFact.objects.all().delete()
    _insert(rows)
    FactMeta.objects.update_or_create(pk=1, defaults={"materialised_through": through, "rebuilt_at": timezone.now()})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics: the views' plans depend on them
            cursor.execute("ANALYZE dashboard_dashboardfact")
    return {"entities": entities, "rows": len(rows), "through": through}


def _insert(rows: list[tuple]) -> None:
    """Plain tuples straight to the database (no model instances: a rebuild writes ~100,000 rows)."""
    head = "INSERT INTO dashboard_dashboardfact (level, kind, kecamatan, desa, a, b, day, n) VALUES "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(cursor.cursor, head + "%s", rows, page_size=5000)
        else:
            cursor.executemany(head + "(%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def on_bulk_change(*, source: str) -> None:
    """Genuinely bulk work (the demo seeder, wiping) bypassed the signals: rebuild inside its
    transaction."""
    logger.info("dashboard facts rebuilt after %s", source)
    rebuild()


def on_scoped_change(scope):
    """``core.facts.changing``: the named rows' contributions are subtracted before the write and
    added back after it, as the rows then are (created ones included), on the writing thread's
    connection and inside its transaction. Returns what runs after the write."""
    change = Change(**scope.resolve())

    def done() -> None:
        change.add(**scope.resolve())
        change.done()

    return done


# --- reading --------------------------------------------------------------------------------------


def _day_condition(day: date, through: date) -> tuple[str, list]:
    """SQL for "the rows that sum to the count on ``day``" (a month end or any day after ``through``)."""
    if day < FACT_START:
        return "level = 0", []
    if day <= through:
        if day != month_end(day.year, day.month):
            raise ValueError("a materialised day must be a month end")
        return "(level = 0 OR (level = 1 AND day = %s))", [day]
    if through < FACT_START:
        return "(level = 0 OR (level = 2 AND day <= %s))", [day]
    return "(level = 0 OR (level = 1 AND day = %s) OR (level = 2 AND day <= %s))", [through, day]


def _scope(filters) -> tuple[str, list]:
    where, params = [], []
    if filters.desa:
        where.append("desa = %s")
        params.append(filters.desa)
    elif filters.kecamatan:
        where.append("kecamatan = %s")
        params.append(filters.kecamatan)
    if filters.jenis:
        where.append("(kind NOT IN ('c_total', 'c_active', 'c_covered') OR a = %s)")
        params.append(filters.jenis)
    if getattr(filters, "scale", ""):
        where.append("(kind NOT IN ('u_known', 'u_official', 'u_covered') OR a = %s)")
        params.append(filters.scale)
    if getattr(filters, "kbli", ""):
        where.append("(kind NOT IN ('u_known', 'u_official', 'u_covered') OR b = %s)")
        params.append(filters.kbli)
    return (" AND ".join(where) or "1 = 1"), params


def figures_on(filters, day: date, *, through: date) -> list[tuple]:
    """``(kind, region, a, b, count)`` on ``day`` for the figures of one view (no trend kinds):
    region = kecamatan regency-wide, desa within a kecamatan."""
    cond, cparams = _day_condition(day, through)
    scope, sparams = _scope(filters)
    region = "desa" if filters.kecamatan else "kecamatan"
    # Composed from constants; every value is a parameter.
    sql = (
        f"SELECT kind, {region}, a, b, SUM(n) FROM dashboard_dashboardfact "  # noqa: S608
        f"WHERE kind IN ('u_known', 'u_official', 'u_covered', 'c_total', 'c_active', 'c_covered', 'p_active', 'p_lapsed') "
        f"AND {cond} AND {scope} GROUP BY kind, {region}, a, b"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, cparams + sparams)
        return cursor.fetchall()


def trend_on(filters, days: list[date], *, through: date) -> dict[str, list[int]]:
    """The counts of the trend kinds on each of ``days``: one query returning the sums per kind,
    level and day of the rows any of the days can use; the per-day totals are added up here."""
    months = sorted({d for d in days if FACT_START <= d <= through})
    latest = max(days)
    narrow = ["level = 0"]
    params: list = []
    state_days = months + ([through] if latest > through >= FACT_START and through not in months else [])
    if state_days:
        narrow.append("(level = 1 AND day IN (" + ",".join(["%s"] * len(state_days)) + "))")
        params += state_days
    if latest > through:
        narrow.append("(level = 2 AND day > %s AND day <= %s)")
        params += [through, latest]
    scope, sparams = _scope(filters)
    # Composed from constants; every value is a parameter.
    sql = (
        "SELECT kind, level, day, SUM(n) FROM dashboard_dashboardfact "  # noqa: S608
        f"WHERE kind IN ('t_active', 't_started', 't_left', 'c_active', 'c_covered') AND ({' OR '.join(narrow)}) AND {scope} "
        "GROUP BY kind, level, day"
    )
    sums: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params + sparams)
        for kind, level, day, n in cursor.fetchall():
            if isinstance(day, str):
                day = date.fromisoformat(day)
            sums[(kind, level, day)] = int(n or 0)
    out = {k: [0] * len(days) for k in ("t_active", "t_started", "t_left", "c_active", "c_covered")}
    for (kind, level, day), n in sums.items():
        for index, wanted in enumerate(days):
            if level == BASE:
                hit = True
            elif level == STATE:
                hit = wanted >= FACT_START and day == (wanted if wanted <= through else through)
            else:
                hit = through < day <= wanted
            if hit:
                out[kind][index] += n
    return out
