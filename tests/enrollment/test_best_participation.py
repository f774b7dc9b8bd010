"""One ranking of a person's participations (``enrollment.status.best_participation``), used by the
register pages, the portal, the API, the eligibility check and the bank check."""

from datetime import date

import pytest

from banking.services import coverage_facts
from enrollment.models import Participation
from enrollment.status import best_participation

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 20)
PAID_UP = date(2026, 11, 1)  # BPU: nothing in arrears on AS_OF
IN_ARREARS = date(2026, 9, 1)  # BPU: two months behind, still active
LAPSED = date(2026, 6, 1)  # BPU: over the arrears limit, non-active


def bpu(started, last_paid, **extra):
    return Participation(segment="BPU", started_on=started, last_paid_month=last_paid, **extra)


def test_active_beats_in_arrears_beats_non_active_whatever_the_order_given():
    lapsed, behind, paid = bpu(date(2025, 1, 1), LAPSED), bpu(date(2024, 1, 1), IN_ARREARS), bpu(date(2023, 1, 1), PAID_UP)
    assert best_participation([lapsed, behind, paid], AS_OF) == (paid, "aktif")
    assert best_participation([paid, behind, lapsed], AS_OF) == (paid, "aktif")
    assert best_participation([lapsed, behind], AS_OF) == (behind, "menunggak")
    assert best_participation([lapsed], AS_OF) == (lapsed, "nonaktif")


def test_among_equals_the_latest_started_wins():
    older, newer = bpu(date(2023, 1, 1), PAID_UP), bpu(date(2025, 6, 1), PAID_UP)
    assert best_participation([older, newer], AS_OF)[0] is newer
    assert best_participation([newer, older], AS_OF)[0] is newer


def test_a_participation_starting_later_is_none_on_the_day_and_a_segment_can_be_asked_for():
    future = bpu(date(2026, 12, 1), None)
    assert best_participation([future], AS_OF) == (None, None)
    assert best_participation([], AS_OF) == (None, None)
    pu = Participation(segment="PU", started_on=date(2020, 1, 1), last_paid_month=date(2026, 10, 1))
    paid = bpu(date(2024, 1, 1), PAID_UP)
    assert best_participation([paid, pu], AS_OF) == (paid, "aktif")
    assert best_participation([paid, pu], AS_OF, segment="PU") == (pu, "aktif")
    assert best_participation([paid], AS_OF, segment="PU") == (None, None)


def test_the_bank_check_answers_the_segment_of_the_same_best_participation():
    older_pu = Participation(segment="PU", started_on=date(2020, 1, 1), last_paid_month=date(2026, 10, 1), jht=True)
    newer_bpu = bpu(date(2024, 1, 1), PAID_UP)
    facts = coverage_facts([older_pu, newer_bpu], AS_OF)
    assert facts.segment == "BPU"
    assert facts.participant_since == date(2020, 1, 1)
    assert facts.programmes == ["JKK", "JKM", "JHT"]
    assert coverage_facts([bpu(date(2024, 1, 1), LAPSED)], AS_OF).is_active_participant is False
