"""The dashboard's outreach follow-up in one query equals the per-attendee computation."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enrollment.status import add_months, latest_due_month
from outreach import services
from outreach.selectors import attendance_follow_up, follow_up_counts, follow_up_summary
from regions.models import Region
from tests.factories import BusinessFactory, CooperativeFactory, ParticipationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _participations(rng, person, today, held_on):
    """None, one or two participations with random starts around the event day, ends and payments
    (active or not)."""
    due = latest_due_month("BPU", today)
    for _ in range(rng.choice((0, 1, 1, 2))):
        started = min(today, held_on + timedelta(days=rng.randint(-300, 120)))
        ended = started + timedelta(days=rng.randint(1, 400)) if rng.random() < 0.2 else None
        segment = rng.choice(("BPU", "BPU", "PU"))
        paid = add_months(due, -rng.randint(0, 6)) if segment == "BPU" and rng.random() < 0.9 else None
        ParticipationFactory(person=person, segment=segment, started_on=started, ended_on=ended, last_paid_month=paid)


def test_follow_up_counts_equal_the_per_attendee_follow_up():
    rng = random.Random(15)
    today = timezone.localdate()
    kecamatan = list(Region.objects.filter(kind=Region.Kind.KECAMATAN, parent_id="74.01").order_by("code")[:2])
    events = [
        services.event_create(
            title=f"Sosialisasi {n}", held_on=today - timedelta(days=rng.randint(0, 400)), place="Aula", kecamatan=kecamatan[n % 2]
        )
        for n in range(5)
    ]
    for _ in range(24):
        business, event = BusinessFactory(), rng.choice(events)
        _participations(rng, business.owner, today, event.held_on)
        services.attendance_add(event=event, business=business)
    for _ in range(14):
        cooperative, event = CooperativeFactory(), rng.choice(events)
        for role in rng.sample(("ketua", "sekretaris", "bendahara"), rng.randint(0, 3)):
            _participations(rng, PositionFactory(cooperative=cooperative, role=role).person, today, event.held_on)
        services.attendance_add(event=event, cooperative=cooperative)
    services.attendance_add(event=events[0], person=PersonFactory())
    for as_of in (today, today - timedelta(days=90), date(today.year, 1, 31)):
        for filters in (
            {},
            {"date_from": as_of - timedelta(days=200)},
            {"kecamatan": kecamatan[0].code},
            {"kecamatan": kecamatan[1].code, "date_from": as_of - timedelta(days=365)},
            {"event": events[1].pk},
        ):
            expected = follow_up_summary(attendance_follow_up(as_of=as_of, filters=filters))
            with CaptureQueriesContext(connection) as ctx:
                assert follow_up_counts(as_of=as_of, filters=filters) == expected, (as_of, filters)
            assert len(ctx) == 1
