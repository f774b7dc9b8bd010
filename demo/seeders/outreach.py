"""Demo outreach (sosialisasi): events over the last year in several kecamatan, with cooperatives,
businesses and people attending; some of them enrol in the weeks after, so the dashboard's 30- and
90-day follow-up figures have something to show. Only cooperatives that are not active attend and
then become covered, so the "10 %" of active cooperatives stays as the Dinas quotes it."""

from __future__ import annotations

from datetime import timedelta

from cooperatives.models import Cooperative, Position
from enrollment.models import Participation
from enrollment.status import latest_due_month
from outreach.models import OutreachAttendance, OutreachEvent
from regions.models import Region
from umkm.models import Business

SOURCE = "demo-sosialisasi"
PLACES = ["Aula Kantor Camat", "Balai Desa", "Gedung Serbaguna", "Aula Dinas Koperasi dan UMKM", "Pendopo Kelurahan"]
TITLES = [
    "Sosialisasi Jaminan Sosial Ketenagakerjaan bagi Koperasi",
    "Sosialisasi BPJS Ketenagakerjaan untuk Pelaku UMKM",
    "Temu Usaha dan Sosialisasi Program BPU",
    "Sosialisasi Kepesertaan Pengurus dan Karyawan Koperasi",
]


def _enrol(ctx, person, started_on):
    from demo.seed import _next_kpj

    due = latest_due_month("BPU", ctx.today)
    return Participation(
        person=person,
        kpj=_next_kpj(ctx),
        segment="BPU",
        jkk=True,
        jkm=True,
        wage=1_500_000,
        started_on=started_on,
        last_paid_month=max(due, started_on.replace(day=1)),
        source=SOURCE,
    )


def seed(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    n_events = max(2, round(10 * min(1.0, ctx.scale * 4)))
    kecamatan = list(Region.objects.filter(kind=Region.Kind.KECAMATAN, code__startswith="74.01.").order_by("code"))
    banks = list(ctx.banks.values())
    enrolled_people: set[int] = set(Participation.objects.values_list("person_id", flat=True))
    new_participations = []
    for index in range(n_events):
        held_on = today - timedelta(days=rng.randint(20, 330))
        kec = kecamatan[index % len(kecamatan)]
        event = OutreachEvent.objects.create(
            title=TITLES[index % len(TITLES)],
            held_on=held_on,
            place=f"{rng.choice(PLACES)} {kec.name}",
            kecamatan=kec,
            bpjs_present=True,
            dinas_present=rng.random() < 0.9,
            created_by=ctx.users.get("dinas"),
        )
        event.banks.set(rng.sample(banks, k=rng.randint(0, 2)))
        # Businesses of the kecamatan: some enrol after the event.
        businesses = list(Business.objects.filter(desa__parent=kec).select_related("owner").order_by("pk")[:400])
        for business in rng.sample(businesses, k=min(len(businesses), rng.randint(6, 14))):
            OutreachAttendance.objects.create(event=event, business=business)
            if business.owner_id not in enrolled_people and rng.random() < 0.45 and (today - held_on).days > 10:
                delay = rng.randint(3, min(150, (today - held_on).days - 1))
                new_participations.append(_enrol(ctx, business.owner, held_on + timedelta(days=delay)))
                enrolled_people.add(business.owner_id)
        # Cooperatives of the kecamatan: all current holders of some inactive ones enrol afterwards.
        coops = list(Cooperative.objects.filter(desa__parent=kec).order_by("pk")[:200])
        for coop in rng.sample(coops, k=min(len(coops), rng.randint(2, 5))):
            if OutreachAttendance.objects.filter(cooperative=coop).exists():
                continue
            OutreachAttendance.objects.create(event=event, cooperative=coop)
            is_active = Cooperative.objects.active(today).filter(pk=coop.pk).exists()
            if not is_active and rng.random() < 0.5 and (today - held_on).days > 10:
                delay = rng.randint(5, min(120, (today - held_on).days - 1))
                for position in Position.objects.current(today).filter(cooperative=coop).select_related("person"):
                    if position.person_id in enrolled_people:
                        continue
                    new_participations.append(_enrol(ctx, position.person, held_on + timedelta(days=rng.randint(1, delay))))
                    enrolled_people.add(position.person_id)
        # A few people on their own.
        from enrollment.models import Person

        for person in Person.objects.filter(desa__parent=kec, businesses__isnull=False).distinct().order_by("pk")[: rng.randint(1, 3)]:
            OutreachAttendance.objects.get_or_create(event=event, person=person)
    Participation.objects.bulk_create(new_participations, batch_size=1000)
    _seed_targets(ctx)


def _seed_targets(ctx) -> None:
    """The dashboard's yearly targets (editable by the administrator), so progress shows in the demo."""
    from dashboard.models import Indicator, Target

    scale = ctx.scale
    targets = {
        Indicator.COOP_COVERED_SHARE: 25,
        Indicator.COOP_COVERED: max(1, round(45 * scale)),
        Indicator.UMKM_OFFICIAL: max(1, round(5_000 * scale)),
        Indicator.UMKM_COVERED: max(1, round(1_200 * scale)),
        Indicator.OUTREACH_EVENTS: 12,
    }
    for indicator, value in targets.items():
        Target.objects.update_or_create(indicator=indicator, year=ctx.today.year, defaults={"value": value})


def reset() -> None:
    from dashboard.models import Target

    Target.objects.all().delete()
    OutreachEvent.objects.all().delete()
    Participation.objects.filter(source=SOURCE).delete()
