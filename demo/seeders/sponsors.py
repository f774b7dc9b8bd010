"""Demo sponsor programmes: who pays for a BPU group, and participants known only by NIK.

- The regency's APBD programme for vulnerable workers (pekerja rentan): BPU participants whose
  contributions the Pemkab pays; PP 50/2025's relief does not apply to them (APBN/APBD-paid), two
  of them have lapsed.
- A village's Dana Desa programme whose participants BPJS shared only by status and NIK: no KPJ
  (the KPJ unlocks JHT balances and was withheld), so they are recorded without one.
Built after the core register; runs in well under a second.
"""

from __future__ import annotations

from enrollment.models import Participation, ParticipationStatus, Payer, Person, Segment, SponsorKind, SponsorProgramme
from enrollment.status import add_months, latest_due_month

APBD_NAME = "Perlindungan Pekerja Rentan Kabupaten Kolaka"
DANA_DESA_NAME = "Jaminan Sosial Pekerja Desa Wundulako"
APBD_PEOPLE, APBD_LAPSED, DANA_DESA_PEOPLE = 12, 2, 5


def seed(ctx) -> None:
    from demo.seed import _next_kpj, new_person

    today = ctx.today
    due = latest_due_month("BPU", today)
    village = ctx.villages[0]
    apbd = SponsorProgramme.objects.create(
        name=APBD_NAME,
        kind=SponsorKind.APBD,
        sponsor="Pemerintah Kabupaten Kolaka",
        budget_year=today.year,
        quota=20,
        state_budget=True,
        notes="Iuran BPU JKK dan JKM untuk pekerja rentan (data demo).",
    )
    dana_desa = SponsorProgramme.objects.create(
        name=DANA_DESA_NAME,
        kind=SponsorKind.DANA_DESA,
        sponsor=f"Pemerintah Desa {village.name}",
        budget_year=today.year,
        quota=10,
        state_budget=False,
        desa=village,
        notes="BPJS membagikan status menurut NIK tanpa KPJ (data demo).",
    )
    people = [new_person(ctx, ctx.villages[i % len(ctx.villages)]) for i in range(APBD_PEOPLE)]
    people += [new_person(ctx, village) for _ in range(DANA_DESA_PEOPLE)]
    Person.objects.bulk_create(people)
    participations = []
    for index, person in enumerate(people[:APBD_PEOPLE]):
        lapsed = index < APBD_LAPSED
        participations.append(
            Participation(
                person=person,
                kpj=_next_kpj(ctx),
                segment=Segment.BPU,
                wage=1_000_000,
                started_on=add_months(due, -10),
                last_paid_month=add_months(due, -5) if lapsed else due,
                payer=Payer.SPONSOR,
                sponsor_programme=apbd,
                source="demo",
            )
        )
    for person in people[APBD_PEOPLE:]:
        participations.append(
            Participation(
                person=person,
                kpj=None,
                segment=Segment.BPU,
                wage=1_000_000,
                started_on=add_months(due, -3),
                last_paid_month=due,
                payer=Payer.SPONSOR,
                sponsor_programme=dana_desa,
                reported_status=ParticipationStatus.AKTIF,
                status_reported_on=today,
                source="status BPJS tanpa KPJ (demo)",
            )
        )
    Participation.objects.bulk_create(participations)


def reset() -> None:
    Participation.objects.filter(sponsor_programme__isnull=False).delete()
    SponsorProgramme.objects.all().delete()
