"""The calculator against hand-computed examples on the seeded rate tables."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from enrollment.contributions import contribution_bpu, contribution_pu
from enrollment.models import PuRate

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("risk_class", "jkk"),
    [("sangat_rendah", 12_000), ("rendah", 27_000), ("sedang", 44_500), ("tinggi", 63_500), ("sangat_tinggi", 87_000)],
)
def test_pu_each_jkk_risk_class_on_5_million(risk_class, jkk):
    estimate = contribution_pu(wage=5_000_000, risk_class=risk_class, as_of=AS_OF)
    lines = {line.programme: line for line in estimate.lines}
    assert lines["JKK"].employer == jkk and lines["JKK"].worker == 0
    assert lines["JKM"].employer == 15_000  # 0.30 %
    assert (lines["JHT"].employer, lines["JHT"].worker) == (185_000, 100_000)  # 3.7 % + 2 %
    assert (lines["JP"].employer, lines["JP"].worker) == (100_000, 50_000)  # 2 % + 1 %
    assert lines["JKP"].government == 18_000 and lines["JKP"].employer == 0  # 0.36 % of 5 million
    assert estimate.employer_total == jkk + 15_000 + 185_000 + 100_000
    assert estimate.worker_total == 150_000
    assert estimate.payable_total == estimate.employer_total + 150_000


def test_pu_wage_above_jp_and_jkp_caps():
    estimate = contribution_pu(wage=15_000_000, risk_class="rendah", as_of=AS_OF)
    lines = {line.programme: line for line in estimate.lines}
    assert lines["JP"].base == 10_547_400  # the 2025 cap applies in 2026
    assert lines["JP"].employer == 210_948  # 2 % of 10,547,400
    assert lines["JP"].worker == 105_474  # 1 %
    assert lines["JHT"].employer == 555_000  # no cap on JHT: 3.7 % of 15 million
    assert lines["JKP"].base == 5_000_000 and lines["JKP"].government == 18_000
    assert lines["JP"].note  # the capped wage is explained


def test_pu_cap_follows_the_effective_date():
    estimate = contribution_pu(wage=15_000_000, risk_class="rendah", as_of=date(2024, 6, 1), programmes=("JP",))
    assert estimate.lines[0].base == 10_042_300
    assert estimate.lines[0].employer == 200_846


def test_a_new_rate_row_changes_the_result_from_its_date_only():
    PuRate.objects.create(programme="JKM", effective_from=date(2027, 1, 1), employer_pct="0.40")
    before = contribution_pu(wage=1_000_000, risk_class="rendah", as_of=date(2026, 12, 31), programmes=("JKM",))
    after = contribution_pu(wage=1_000_000, risk_class="rendah", as_of=date(2027, 1, 1), programmes=("JKM",))
    assert before.lines[0].employer == 3_000
    assert after.lines[0].employer == 4_000


def test_bpu_minimum_is_16800():
    estimate = contribution_bpu(income=1_000_000, as_of=AS_OF)
    assert [(line.programme, line.worker) for line in estimate.lines] == [("JKK", 10_000), ("JKM", 6_800)]
    assert estimate.payable_total == 16_800
    assert contribution_bpu(income=500_000, as_of=AS_OF).payable_total == 16_800


def test_bpu_with_optional_jht_and_the_top_bracket():
    assert contribution_bpu(income=1_000_000, as_of=AS_OF, include_jht=True).payable_total == 36_800
    top = contribution_bpu(income=50_000_000, as_of=AS_OF)
    assert {line.programme: line.worker for line in top.lines}["JKK"] == 207_000


def test_bad_input_is_refused():
    with pytest.raises(ValidationError):
        contribution_pu(wage=-1, risk_class="rendah", as_of=AS_OF)
    with pytest.raises(ValidationError):
        contribution_pu(wage=1_000_000, risk_class="ekstrem", as_of=AS_OF)
    with pytest.raises(ValidationError):
        contribution_pu(wage=1_000_000, risk_class="rendah", as_of=date(2010, 1, 1))
