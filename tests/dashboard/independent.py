"""Independent counts straight from the models (no dashboard code), to hold every figure to."""

from __future__ import annotations

from datetime import timedelta

from cooperatives.models import Cooperative
from dashboard.selectors import trend_months
from enrollment.models import Participation, Person, Programme, Segment
from umkm.models import Business


def counts(as_of, *, kecamatan: str = "", jenis: str = "") -> dict:
    businesses = Business.objects.all()
    coops = Cooperative.objects.all()
    participations = Participation.objects.all()
    if kecamatan:
        businesses = businesses.filter(desa__parent_id=kecamatan)
        coops = coops.filter(desa__parent_id=kecamatan)
        participations = participations.filter(person__desa__parent_id=kecamatan)
    if jenis:
        coops = coops.filter(jenis=jenis)
    active_people = set(Person.objects.active_participants(as_of).values_list("pk", flat=True))
    official = list(businesses.official())
    active = coops.active(as_of)
    result = {
        "umkm": {
            "known": businesses.count(),
            "official": len(official),
            "covered": sum(1 for b in official if b.owner_id in active_people),
        },
        "coop": {"total": coops.count(), "active": active.count(), "covered": active.covered(as_of).count()},
        "by_segment": {
            s: {
                "active": participations.filter(pk__in=Participation.objects.active(as_of)).filter(segment=s).count(),
                "lapsed": participations.filter(pk__in=Participation.objects.lapsed(as_of)).filter(segment=s).count(),
            }
            for s in Segment.values
        },
        "by_programme": {
            p: participations.filter(pk__in=Participation.objects.active(as_of)).filter(**{p.lower(): True}).count()
            for p in Programme.values
        },
        "by_type": {},
        "by_scale": {},
        "by_kbli": {},
    }
    for coop in coops:
        bucket = result["by_type"].setdefault(coop.jenis, {"total": 0, "active": 0, "covered": 0})
        bucket["total"] += 1
    for jenis_code in result["by_type"]:
        subset = coops.filter(jenis=jenis_code).active(as_of)
        result["by_type"][jenis_code]["active"] = subset.count()
        result["by_type"][jenis_code]["covered"] = subset.covered(as_of).count()
    for b in businesses:
        for key, value in (("by_scale", b.scale), ("by_kbli", b.kbli[:2])):
            bucket = result[key].setdefault(value, {"known": 0, "official": 0, "covered": 0})
            bucket["known"] += 1
            if b.in_official_db:
                bucket["official"] += 1
                bucket["covered"] += b.owner_id in active_people
    # Month by month, with the Python status rule applied to each participation.
    trend = []
    all_parts = list(participations)
    for start, end in trend_months(as_of):
        before = start - timedelta(days=1)
        is_active = lambda p, day: p.status_on(day) != "nonaktif"  # noqa: E731
        trend.append(
            {
                "participants_active": sum(1 for p in all_parts if is_active(p, end)),
                "participants_new": sum(1 for p in all_parts if start <= p.started_on <= end),
                "participants_lapsed": sum(1 for p in all_parts if is_active(p, before) and not is_active(p, end)),
                "coop_active": coops.active(end).count(),
                "coop_covered": coops.active(end).covered(end).count(),
            }
        )
    result["trend"] = trend
    return result


def assert_matches(data: dict, expected: dict) -> None:
    assert data["umkm"] == expected["umkm"]
    assert data["coop"] == expected["coop"]
    assert {r["segment"]: {"active": r["active"], "lapsed": r["lapsed"]} for r in data["by_segment"]} == expected["by_segment"]
    assert {r["programme"]: r["active"] for r in data["by_programme"]} == expected["by_programme"]
    assert {r["jenis"]: {k: r[k] for k in ("total", "active", "covered")} for r in data["by_type"]} == expected["by_type"]
    assert {r["scale"]: {k: r[k] for k in ("known", "official", "covered")} for r in data["by_scale"]} == expected["by_scale"]
    assert {r["kbli"]: {k: r[k] for k in ("known", "official", "covered")} for r in data["by_kbli"]} == expected["by_kbli"]
    assert data["participants"]["active"] == sum(v["active"] for v in expected["by_segment"].values())
    assert data["participants"]["lapsed"] == sum(v["lapsed"] for v in expected["by_segment"].values())
    for got, want in zip(data["trend"], expected["trend"], strict=True):
        assert {k: got[k] for k in want} == want, got["month"]
