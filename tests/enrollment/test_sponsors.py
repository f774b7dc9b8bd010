"""Who pays: sponsor programmes (APBD, Dana Desa, CSR) with the people they cover, quota left, the
monthly bill from the rate rows (PP 50/2025 relief only when not APBN/APBD-paid) and who lapsed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from enrollment.models import Participation, SponsorProgramme
from enrollment.services import participation_upsert
from enrollment.sponsors import sponsor_summaries
from enrollment.status import add_months, latest_due_month
from tests.factories import ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def programme(name="Pekerja Rentan Kolaka", *, kind="apbd", state_budget=True, quota=10):
    return SponsorProgramme.objects.create(
        name=name, kind=kind, sponsor="Pemkab Kolaka", budget_year=2026, quota=quota, state_budget=state_budget
    )


def sponsored(sponsor, *, months_behind=0, wage=1_000_000):
    due = latest_due_month("BPU", timezone.localdate())
    return ParticipationFactory(
        segment="BPU", payer="penanggung", sponsor_programme=sponsor, wage=wage, last_paid_month=add_months(due, -months_behind)
    )


def test_payer_defaults_and_the_sponsor_constraint():
    pu = ParticipationFactory(segment="PU")
    bpu = ParticipationFactory(segment="BPU")
    assert (pu.payer_kind, bpu.payer_kind) == ("pemberi_kerja", "pekerja")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(payer="penanggung", sponsor_programme=None)


def test_participation_upsert_records_the_sponsor_and_needs_one_for_the_sponsor_payer():
    sponsor = programme()
    person = PersonFactory()
    participation, created = participation_upsert(
        person=person, segment="BPU", started_on=date(2026, 1, 1), sponsor_programme=sponsor, wage=1_000_000
    )
    assert created
    assert participation.kpj is None
    assert participation.payer == "penanggung"
    with pytest.raises(ValidationError):
        participation_upsert(person=PersonFactory(), segment="BPU", started_on=date(2026, 1, 1), payer="penanggung")


def test_apbd_bill_has_no_pp_50_2025_relief_dana_desa_bill_has_it():
    today = date(2026, 12, 2)
    apbd = programme()
    desa = programme("Dana Desa Wundulako", kind="dana_desa", state_budget=False)
    for _ in range(3):
        sponsored(apbd)
    sponsored(apbd, months_behind=6)  # lapsed
    for _ in range(2):
        sponsored(desa)
    summaries = {s.programme.pk: s for s in sponsor_summaries(as_of=today)}
    a, d = summaries[apbd.pk], summaries[desa.pk]
    assert (a.covered, a.registered, a.quota_left, len(a.lapsed)) == (3, 4, 6, 1)
    assert a.bill == 3 * 16_800
    assert not a.reliefs
    assert d.bill == 2 * 8_400
    assert d.bill_before_reliefs == 2 * 16_800
    assert [basis for _n, basis in d.reliefs] == ["PP 50/2025"]


def test_dinas_sees_the_programmes_in_a_fixed_number_of_queries(clients, django_assert_max_num_queries):
    for index in range(3):
        sponsor = programme(f"Program {index}")
        for _ in range(index + 2):
            sponsored(sponsor)
        sponsored(sponsor, months_behind=6)
    with django_assert_max_num_queries(14):
        response = clients["dinas"].get(reverse("enrollment:sponsor_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Program 0" in body
    assert "Program 2" in body
    detail = clients["dinas"].get(reverse("enrollment:sponsor_detail", args=[SponsorProgramme.objects.get(name="Program 1").pk]))
    assert detail.status_code == 200
    lapsed = Participation.objects.filter(sponsor_programme__name="Program 1").order_by("last_paid_month").first()
    assert lapsed.person.masked_nik in detail.content.decode()
    assert lapsed.person.nik not in detail.content.decode()


@pytest.mark.parametrize("role", ["kepala_cabang", "koperasi", "bank", "anonymous"])
def test_other_roles_are_refused(clients, role):
    sponsor = programme()
    for url in (reverse("enrollment:sponsor_list"), reverse("enrollment:sponsor_detail", args=[sponsor.pk])):
        assert clients[role].get(url).status_code in (302, 403)


def test_unknown_programme_is_404(clients):
    assert clients["dinas"].get(reverse("enrollment:sponsor_detail", args=[999999])).status_code == 404
