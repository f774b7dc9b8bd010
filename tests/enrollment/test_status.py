"""Participation status at the edge dates (domain-reference §3), in Python and in SQL alike."""

from datetime import date

import pytest

from enrollment.models import Participation
from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 20)  # after the 15th: November's BPU contribution is due


def make(segment="BPU", last_paid=None, started=date(2024, 1, 1), ended=None):
    return ParticipationFactory(segment=segment, last_paid_month=last_paid, started_on=started, ended_on=ended)


def sql_status(participation, as_of):
    qs = Participation.objects.filter(pk=participation.pk)
    if qs.paid_up(as_of).exists():
        return "aktif"
    if qs.active(as_of).exists():
        return "menunggak"
    return "nonaktif"


@pytest.mark.parametrize(
    ("last_paid", "arrears", "expected"),
    [
        (date(2026, 11, 1), 0, "aktif"),
        (date(2026, 10, 1), 1, "menunggak"),
        (date(2026, 8, 1), 3, "menunggak"),  # exactly 3 months: still active (in arrears)
        (date(2026, 7, 1), 4, "nonaktif"),  # 4 months: non-active
    ],
)
def test_bpu_arrears_edges(last_paid, arrears, expected):
    participation = make(last_paid=last_paid)
    assert participation.arrears_months_on(AS_OF) == arrears
    assert participation.status_on(AS_OF) == expected
    assert sql_status(participation, AS_OF) == expected


def test_bpu_deadline_is_the_15th_of_the_contribution_month():
    participation = make(last_paid=date(2026, 10, 1))
    assert participation.status_on(date(2026, 11, 15)) == "aktif"
    assert participation.status_on(date(2026, 11, 16)) == "menunggak"
    assert sql_status(participation, date(2026, 11, 15)) == "aktif"


def test_bpu_three_months_becomes_four_the_day_after_the_deadline():
    participation = make(last_paid=date(2026, 7, 1))
    assert participation.arrears_months_on(date(2026, 11, 15)) == 3
    assert participation.status_on(date(2026, 11, 15)) == "menunggak"
    assert participation.arrears_months_on(date(2026, 11, 16)) == 4
    assert participation.status_on(date(2026, 11, 16)) == "nonaktif"
    assert sql_status(participation, date(2026, 11, 15)) == "menunggak"
    assert sql_status(participation, date(2026, 11, 16)) == "nonaktif"


def test_lapsed_bpu_resumes_by_paying():
    participation = make(last_paid=date(2026, 1, 1))
    assert participation.status_on(AS_OF) == "nonaktif"
    participation.last_paid_month = date(2026, 11, 1)
    participation.save()
    assert participation.status_on(AS_OF) == "aktif"
    assert sql_status(participation, AS_OF) == "aktif"


def test_pu_employer_pays_by_the_15th_of_the_next_month_and_stays_active_in_arrears():
    participation = make(segment="PU", last_paid=date(2026, 9, 1))
    assert participation.status_on(date(2026, 11, 15)) == "aktif"  # October due on 15 November
    assert participation.status_on(date(2026, 11, 16)) == "menunggak"
    long_overdue = make(segment="PU", last_paid=date(2025, 1, 1))
    assert long_overdue.status_on(AS_OF) == "menunggak"
    assert sql_status(long_overdue, AS_OF) == "menunggak"


def test_never_paid_counts_from_the_start_month():
    participation = make(last_paid=None, started=date(2026, 11, 3))
    assert participation.status_on(date(2026, 11, 10)) == "aktif"
    assert participation.status_on(date(2026, 11, 16)) == "menunggak"
    assert sql_status(participation, date(2026, 11, 16)) == "menunggak"


def test_ended_or_not_yet_started_is_nonaktif():
    ended = make(segment="PU", last_paid=date(2026, 10, 1), ended=date(2026, 11, 1))
    assert ended.status_on(AS_OF) == "nonaktif"
    assert sql_status(ended, AS_OF) == "nonaktif"
    future = make(started=date(2027, 1, 1), last_paid=None)
    assert future.status_on(AS_OF) == "nonaktif"
    assert sql_status(future, AS_OF) == "nonaktif"


def test_seeded_payment_rule_due_15th_bpu_non_active_after_3_months_pp_44_2015_permenaker_5_2021():
    """The due days and the arrears limit are a dated, sourced row, not constants in code."""
    from enrollment.models import PaymentRule
    from enrollment.status import terms_on

    rule = PaymentRule.objects.in_force(AS_OF).get()
    assert (rule.bpu_due_day, rule.pu_due_day, rule.bpu_max_arrears_months) == (15, 15, 3)
    assert rule.legal_basis == "PP 44/2015 jo. Permenaker 5/2021"
    assert terms_on(AS_OF).bpu_max_arrears_months == 3


def test_an_administrator_changes_the_arrears_limit_without_a_deploy(admin_client_kj):
    """A new payment rule entered in the admin from 1 November 2026 (six months allowed) turns a
    participation five months in arrears from non-active to in arrears, in Python and in SQL, and
    closes the seeded open-ended row the day before; in October the old limit (3) still applies."""
    from django.urls import reverse

    from enrollment.models import PaymentRule

    participation = make(last_paid=date(2026, 6, 1))
    assert participation.status_on(AS_OF) == sql_status(participation, AS_OF) == "nonaktif"
    response = admin_client_kj.post(
        reverse("admin:enrollment_paymentrule_add"),
        {
            "effective_from": "2026-11-01",
            "effective_to": "",
            "legal_basis": "Permenaker uji 1/2026",
            "note": "",
            "bpu_due_day": "15",
            "pu_due_day": "15",
            "bpu_max_arrears_months": "6",
            "pu_late_fine_pct": "2.00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PaymentRule.objects.get(effective_from=date(2015, 7, 1)).effective_to == date(2026, 10, 31)
    assert participation.status_on(AS_OF) == sql_status(participation, AS_OF) == "menunggak"
    october = date(2026, 10, 20)  # four months in arrears under the old limit of three
    assert participation.status_on(october) == sql_status(participation, october) == "nonaktif"


def test_the_legal_basis_page_shows_the_payment_rule_in_force(client):
    from django.urls import reverse

    body = client.get(reverse("public:legal_basis"), {"tanggal": "2026-12-02"}).content.decode()
    assert 'id="pembayaran"' in body
    assert "lebih dari 3 bulan" in body
    assert "PP 44/2015 jo. Permenaker 5/2021" in body
