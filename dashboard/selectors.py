"""The dashboard's figures, computed with a fixed number of GROUP BY queries whatever the data size.

Every figure follows the foundation's definitions (``Cooperative.objects.active/covered``,
``Participation.objects.active/lapsed``, ``Business.objects.official``); the tests hold each number
to an independent count. The page reads the fact table (``fact_data``); ``dashboard_data`` computes
the same plain data live over the register, as the reference the fact table is tested against.

Relies on Django internals (``core/compat.py``): ``_fact_state_and_events`` puts two ORM-compiled
statements (``QuerySet.query.sql_with_params()``) into one round trip. On a Django upgrade rerun
tests/dashboard/test_facts.py and tests/dashboard/test_dashboard.py (figures and query counts) and
bench/dashboard/timings.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from cooperatives.models import Cooperative, CooperativeQuerySet
from dashboard import facts
from dashboard.filters import DashboardFilters, month_end
from dashboard.models import FactMeta, Indicator, Target
from enrollment import status as status_rules
from enrollment.models import Participation, ParticipationQuerySet, Programme, Segment
from outreach.models import OutreachEvent
from outreach.selectors import follow_up_counts
from regions.models import Region, region_q
from umkm.models import Business

TREND_MONTHS = 12


# --- reusable conditions: the foundation's QuerySet methods as Q objects ---------------------------

participation_active_q = ParticipationQuerySet.active_q
cooperative_active_q = CooperativeQuerySet.active_q
cooperative_covered_q = CooperativeQuerySet.covered_q


def owner_active_exists(as_of: date, ref: str = "owner_id") -> Exists:
    return Exists(Participation.objects.active(as_of).filter(person_id=OuterRef(ref)))


def trend_months(as_of: date, count: int = TREND_MONTHS) -> list[tuple[date, date]]:
    """(first day, reference day) of the ``count`` months ending with ``as_of``'s month; the
    reference day is the month's end, or ``as_of`` itself for its own month."""
    months = []
    first = as_of.replace(day=1)
    for offset in range(count - 1, -1, -1):
        start = status_rules.add_months(first, -offset)
        end = min(month_end(start.year, start.month), as_of)
        months.append((start, end))
    return months


# --- region scoping -------------------------------------------------------------------------------


def _region_q(filters: DashboardFilters, desa_field: str) -> Q:
    return region_q(desa_field, kecamatan=filters.kecamatan, desa=filters.desa)


def _group_field(filters: DashboardFilters, desa_field: str) -> str:
    """Group by kecamatan regency-wide, by desa inside a kecamatan."""
    return desa_field if filters.kecamatan else f"{desa_field}__parent_id"


# --- the figures ----------------------------------------------------------------------------------


def _umkm_rows(filters: DashboardFilters, as_of: date) -> list[dict]:
    official = Q(in_official_db=True)
    qs = Business.objects.filter(_region_q(filters, "desa"))
    if filters.scale:
        qs = qs.filter(scale=filters.scale)
    if filters.kbli:
        qs = qs.filter(kbli__startswith=filters.kbli)
    return list(
        qs.annotate(region=_F(_group_field(filters, "desa")), kbli2=Substr("kbli", 1, 2))
        .values("region", "scale", "kbli2")
        .annotate(
            known=Count("pk"),
            official=Count("pk", filter=official),
            covered=Count("pk", filter=official & Q(owner_active_exists(as_of))),
        )
        .order_by()
    )


def _cooperative_base(filters: DashboardFilters) -> QuerySet[Cooperative]:
    qs = Cooperative.objects.filter(_region_q(filters, "desa"))
    if filters.jenis:
        qs = qs.filter(jenis=filters.jenis)
    return qs


def _possibly_active(as_of: date, earliest: date) -> Q:
    """Cooperatives that can be active on some day between ``earliest`` and ``as_of``. Narrows the
    expensive coverage checks to the few active cooperatives (a few thousand of 130,000) without
    changing any count."""
    return cooperative_active_q(as_of, since=earliest)


def _cooperative_rows(filters: DashboardFilters, as_of: date) -> list[dict]:
    group = _F(_group_field(filters, "desa"))
    rows = {
        (row["region"], row["jenis"]): {**row, "covered": 0}
        for row in _cooperative_base(filters)
        .annotate(region=group)
        .values("region", "jenis")
        .annotate(total=Count("pk"), active=Count("pk", filter=cooperative_active_q(as_of)))
        .order_by()
    }
    covered = (
        _cooperative_base(filters)
        .filter(cooperative_active_q(as_of))
        .filter(cooperative_covered_q(as_of))
        .annotate(region=group)
        .values("region", "jenis")
        .annotate(covered=Count("pk"))
        .order_by()
    )
    for row in covered:
        rows[(row["region"], row["jenis"])]["covered"] = row["covered"]
    return list(rows.values())


def _participation_rows(filters: DashboardFilters, as_of: date) -> list[dict]:
    active = participation_active_q(as_of)
    lapsed = ParticipationQuerySet.lapsed_q(as_of)
    programme_counts = {code.lower(): Count("pk", filter=active & Q(**{code.lower(): True})) for code in Programme.values}
    return list(
        Participation.objects.filter(_region_q(filters, "person__desa"))
        .values("segment")
        .annotate(active=Count("pk", filter=active), lapsed=Count("pk", filter=lapsed), **programme_counts)
        .order_by()
    )


def _participation_trend(filters: DashboardFilters, months: list[tuple[date, date]]) -> dict:
    aggregates = {}
    for index, (start, end) in enumerate(months):
        before = start - timedelta(days=1)
        active_end = participation_active_q(end)
        active_before = participation_active_q(before)
        aggregates[f"active_{index}"] = Count("pk", filter=active_end)
        aggregates[f"new_{index}"] = Count("pk", filter=Q(started_on__gte=start, started_on__lte=end))
        aggregates[f"lapsed_{index}"] = Count("pk", filter=active_before & ~active_end)
    return Participation.objects.filter(_region_q(filters, "person__desa")).aggregate(**aggregates)


def _cooperative_trend(filters: DashboardFilters, months: list[tuple[date, date]]) -> dict:
    aggregates = {}
    for index, (_start, end) in enumerate(months):
        active = cooperative_active_q(end)
        aggregates[f"active_{index}"] = Count("pk", filter=active)
        aggregates[f"covered_{index}"] = Count("pk", filter=active & cooperative_covered_q(end))
    candidates = _cooperative_base(filters).filter(_possibly_active(months[-1][1], months[0][1]))
    return candidates.aggregate(**aggregates)


def _F(name: str) -> F:
    from django.db.models import F

    return F(name)


def _fold(rows: list[dict], key: str, fields: tuple[str, ...]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for row in rows:
        bucket = out.setdefault(row[key] or "", dict.fromkeys(fields, 0))
        for f in fields:
            bucket[f] += row[f]
    return out


def _region_names(codes: Iterable[str | None], known: dict[str, str] | None = None) -> dict[str, str]:
    """Names of the region ``codes``: from ``known`` (names the caller has already read), the
    others in one query (none when ``known`` has them all)."""
    wanted = {c for c in codes if c}
    names = {c: known[c] for c in wanted if c in known} if known else {}
    missing = wanted - names.keys()
    if missing:
        names.update(Region.objects.filter(code__in=sorted(missing)).values_list("code", "name"))
    return names


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def dashboard_data(filters: DashboardFilters) -> dict:
    """Every figure of the dashboard for ``filters`` computed live over the register (the reference
    the fact table is tested against): plain data (codes, counts, ISO dates)."""
    as_of = filters.as_of
    months = trend_months(as_of)
    return _assemble(
        filters,
        months,
        umkm_rows=_umkm_rows(filters, as_of),
        coop_rows=_cooperative_rows(filters, as_of),
        part_rows=_participation_rows(filters, as_of),
        part_trend=_participation_trend(filters, months),
        coop_trend=_cooperative_trend(filters, months),
    )


def fact_data(filters: DashboardFilters, *, region_names: dict[str, str] | None = None) -> dict:
    """The same figures from the fact table (``dashboard.facts``): two queries over its rows.
    ``region_names`` (code → name) spares the query for the names the caller has already read."""
    as_of = filters.as_of
    months = trend_months(as_of)
    through, events_in_year = _fact_state_and_events(filters, as_of)
    umkm: dict = {}
    coop: dict = {}
    part: dict = {}
    for kind, region, a, b, n in facts.figures_on(filters, as_of, through=through):
        n = int(n or 0)
        group, field = kind.split("_", 1)
        if group == "u":
            row = umkm.setdefault((region, a, b), {"region": region, "scale": a, "kbli2": b, "known": 0, "official": 0, "covered": 0})
            row[field] += n
        elif group == "c":
            row = coop.setdefault((region, a), {"region": region, "jenis": a, "total": 0, "active": 0, "covered": 0})
            row[field] += n
        else:
            row = part.setdefault(a, {"segment": a, "active": 0, "lapsed": 0, **{p.lower(): 0 for p in Programme.values}})
            row[field] += n
            if field == "active":
                for programme in filter(None, b.split(",")):
                    row[programme.lower()] += n
    days = [months[0][0] - timedelta(days=1)] + [end for _start, end in months]
    trend = facts.trend_on(filters, days, through=through)
    part_trend, coop_trend = {}, {}
    for index in range(len(months)):
        part_trend[f"active_{index}"] = trend["t_active"][index + 1]
        part_trend[f"new_{index}"] = trend["t_started"][index + 1] - trend["t_started"][index]
        part_trend[f"lapsed_{index}"] = trend["t_left"][index + 1] - trend["t_left"][index]
        coop_trend[f"active_{index}"] = trend["c_active"][index + 1]
        coop_trend[f"covered_{index}"] = trend["c_covered"][index + 1]
    return _assemble(
        filters,
        months,
        umkm_rows=[row for row in umkm.values() if row["known"]],  # groups emptied by deletes
        coop_rows=[row for row in coop.values() if row["total"]],
        part_rows=list(part.values()),
        part_trend=part_trend,
        coop_trend=coop_trend,
        known_names=region_names,
        events_in_year=events_in_year,
    )


def _events_in_year(filters: DashboardFilters, as_of: date) -> QuerySet[OutreachEvent]:
    events = OutreachEvent.objects.filter(held_on__year=as_of.year, held_on__lte=as_of)
    if filters.kecamatan:
        events = events.filter(kecamatan_id=filters.kecamatan)
    return events


def _fact_state_and_events(filters: DashboardFilters, as_of: date) -> tuple[date, int]:
    """``facts.materialised_through()`` and the count of this year's outreach events in one round
    trip (two scalar subqueries, each compiled by the ORM)."""
    state = FactMeta.objects.filter(pk=1).values("materialised_through").query.sql_with_params()
    # COUNT as a plain function: one row for the whole set, with no GROUP BY added by the ORM.
    events = _events_in_year(filters, as_of).annotate(n=Func(F("pk"), function="COUNT")).values("n").order_by()
    events_sql, events_params = events.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({state[0]}), ({events_sql})", [*state[1], *events_params])  # noqa: S608 (ORM-compiled SQL)
        through, count = cursor.fetchone()
    if isinstance(through, str):  # SQLite returns the date as text
        through = date.fromisoformat(through)
    return through or facts.FACT_START - timedelta(days=1), int(count or 0)


def _assemble(
    filters: DashboardFilters,
    months: list[tuple[date, date]],
    *,
    umkm_rows: list[dict],
    coop_rows: list[dict],
    part_rows: list[dict],
    part_trend: dict,
    coop_trend: dict,
    known_names: dict[str, str] | None = None,
    events_in_year: int | None = None,
) -> dict:
    as_of = filters.as_of

    umkm_fields = ("known", "official", "covered")
    coop_fields = ("total", "active", "covered")
    umkm_by_region = _fold(umkm_rows, "region", umkm_fields)
    coop_by_region = _fold(coop_rows, "region", coop_fields)
    names = _region_names(set(umkm_by_region) | set(coop_by_region) | {filters.kecamatan, filters.desa}, known_names)
    regions = []
    for code in sorted(set(umkm_by_region) | set(coop_by_region), key=lambda c: names.get(c, c)):
        regions.append(
            {
                "code": code,
                "name": names.get(code, code or "–"),
                **{f"umkm_{f}": umkm_by_region.get(code, {}).get(f, 0) for f in umkm_fields},
                **{f"coop_{f}": coop_by_region.get(code, {}).get(f, 0) for f in coop_fields},
            }
        )
    umkm_total = {f: sum(r[f] for r in umkm_rows) for f in umkm_fields}
    coop_total = {f: sum(r[f] for r in coop_rows) for f in coop_fields}
    segments = {row["segment"]: row for row in part_rows}
    by_segment = [
        {"segment": s, "active": segments.get(s, {}).get("active", 0), "lapsed": segments.get(s, {}).get("lapsed", 0)}
        for s in Segment.values
    ]
    by_programme = [{"programme": p, "active": sum(row[p.lower()] for row in part_rows)} for p in Programme.values]
    trend = []
    for index, (start, end) in enumerate(months):
        active = coop_trend[f"active_{index}"]
        covered = coop_trend[f"covered_{index}"]
        trend.append(
            {
                "month": start.isoformat(),
                "end": end.isoformat(),
                "participants_active": part_trend[f"active_{index}"],
                "participants_new": part_trend[f"new_{index}"],
                "participants_lapsed": part_trend[f"lapsed_{index}"],
                "coop_active": active,
                "coop_covered": covered,
                "coop_covered_share": _ratio(covered, active),
            }
        )

    outreach_filters = {"kecamatan": filters.kecamatan, "date_from": months[0][0]}
    follow_up = follow_up_counts(as_of=as_of, filters=outreach_filters)
    if events_in_year is None:
        events_in_year = _events_in_year(filters, as_of).count()

    return {
        "as_of": as_of.isoformat(),
        "filters": {
            "kecamatan": filters.kecamatan,
            "desa": filters.desa,
            "jenis": filters.jenis,
            "period": filters.period,
            "scale": filters.scale,
            "kbli": filters.kbli,
        },
        "region_level": "desa" if filters.kecamatan else "kecamatan",
        "region_names": {k: v for k, v in names.items() if k in (filters.kecamatan, filters.desa)},
        "umkm": umkm_total,
        "coop": coop_total,
        "by_region": regions,
        "by_type": [{"jenis": k, **v} for k, v in sorted(_fold(coop_rows, "jenis", coop_fields).items())],
        "by_scale": [{"scale": k, **v} for k, v in _sorted_scales(_fold(umkm_rows, "scale", umkm_fields))],
        "by_kbli": [{"kbli": k, **v} for k, v in sorted(_fold(umkm_rows, "kbli2", umkm_fields).items())],
        "by_segment": by_segment,
        "by_programme": by_programme,
        "participants": {
            "active": sum(r["active"] for r in by_segment),
            "lapsed": sum(r["lapsed"] for r in by_segment),
        },
        "trend": trend,
        "outreach": {"events_in_year": events_in_year, "follow_up": follow_up},
    }


def _sorted_scales(folded: dict) -> list:
    from umkm.models import SCALE_ORDER

    order = {str(s): i for i, s in enumerate(SCALE_ORDER)}
    return sorted(folded.items(), key=lambda kv: order.get(kv[0], 99))


def target_progress(data: dict) -> list[dict]:
    """Targets for the year of the reference date, with the actual value and the progress."""
    as_of = date.fromisoformat(data["as_of"])
    coop = data["coop"]
    actual: dict[str, float] = {
        Indicator.UMKM_OFFICIAL: data["umkm"]["official"],
        Indicator.UMKM_COVERED: data["umkm"]["covered"],
        Indicator.COOP_ACTIVE: coop["active"],
        Indicator.COOP_COVERED: coop["covered"],
        Indicator.COOP_COVERED_SHARE: round(coop["covered"] / coop["active"] * 100, 1) if coop["active"] else 0,
        Indicator.PARTICIPANTS_ACTIVE: data["participants"]["active"],
        Indicator.OUTREACH_EVENTS: data["outreach"]["events_in_year"],
    }
    rows = []
    for target in Target.objects.filter(year=as_of.year).order_by("indicator"):
        value = actual.get(target.indicator, 0)
        rows.append(
            {
                "indicator": target.indicator,
                "label": target.get_indicator_display(),
                "year": target.year,
                "target": float(target.value),
                "actual": value,
                "progress": float(value) / float(target.value) if target.value else None,
                "is_percent": target.indicator == Indicator.COOP_COVERED_SHARE,
            }
        )
    return rows


# --- what the page shows --------------------------------------------------------------------------


def dashboard_figures(filters: DashboardFilters, *, region_names: dict[str, str] | None = None) -> tuple[dict, object]:
    """The figures of one view from the fact table, which changes in the same transaction as the
    register: they are as of the moment of the request. Returns ``(data, data_as_of)``."""
    return fact_data(filters, region_names=region_names), timezone.now()
