"""The calculator against hand-computed examples on the seeded rate tables."""

from datetime import date
from decimal import Decimal

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
    assert lines["JKK"].employer == jkk
    assert lines["JKK"].worker == 0
    assert lines["JKM"].employer == 15_000  # 0.30 %
    assert (lines["JHT"].employer, lines["JHT"].worker) == (185_000, 100_000)  # 3.7 % + 2 %
    assert (lines["JP"].employer, lines["JP"].worker) == (100_000, 50_000)  # 2 % + 1 %
    # JKP 0.36 % of 5 million, PP 6/2025 Pasal 11: 0.22 % government + 0.14 % recomposed from JKK.
    assert (lines["JKP"].government, lines["JKP"].recomposed, lines["JKP"].employer) == (11_000, 7_000, 0)
    assert estimate.employer_total == jkk + 15_000 + 185_000 + 100_000
    assert estimate.worker_total == 150_000
    assert estimate.payable_total == estimate.employer_total + 150_000


def test_pu_wage_above_jp_and_jkp_caps_jp_cap_11086300_se_b_1226_022026():
    estimate = contribution_pu(wage=15_000_000, risk_class="rendah", as_of=AS_OF)
    lines = {line.programme: line for line in estimate.lines}
    assert lines["JP"].base == 11_086_300  # the cap from 1 March 2026 (SE BPJS TK B/1226/022026)
    assert lines["JP"].employer == 221_726  # 2 % of 11,086,300
    assert lines["JP"].worker == 110_863  # 1 %
    assert lines["JP"].legal_basis.endswith("B/1226/022026")
    assert lines["JHT"].employer == 555_000  # no cap on JHT: 3.7 % of 15 million
    assert lines["JKP"].base == 5_000_000
    assert lines["JKP"].government == 11_000
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


def test_bpu_minimum_is_16800_before_reliefs_pp_44_2015():
    estimate = contribution_bpu(income=1_000_000, as_of=date(2026, 1, 15))
    assert [(line.programme, line.worker) for line in estimate.lines] == [("JKK", 10_000), ("JKM", 6_800)]
    assert estimate.payable_total == 16_800
    assert contribution_bpu(income=500_000, as_of=date(2026, 1, 15)).payable_total == 16_800


def test_bpu_with_optional_jht_and_the_top_bracket():
    assert contribution_bpu(income=1_000_000, as_of=date(2027, 1, 15), include_jht=True).payable_total == 36_800
    top = contribution_bpu(income=50_000_000, as_of=date(2027, 1, 15))
    assert {line.programme: line.worker for line in top.lines}["JKK"] == 207_000


def test_bad_input_is_refused():
    with pytest.raises(ValidationError):
        contribution_pu(wage=-1, risk_class="rendah", as_of=AS_OF)
    with pytest.raises(ValidationError):
        contribution_pu(wage=1_000_000, risk_class="ekstrem", as_of=AS_OF)
    with pytest.raises(ValidationError):
        contribution_pu(wage=1_000_000, risk_class="rendah", as_of=date(2010, 1, 1))


# --- The published figures, each with its legal basis (domain-reference §3) -----------------


@pytest.mark.parametrize(
    ("as_of", "cap", "basis"),
    [
        (date(2023, 6, 1), 9_559_600, "batas upah JP 2023"),
        (date(2024, 2, 29), 9_559_600, "batas upah JP 2023"),
        (date(2024, 3, 1), 10_042_300, "SE BPJS Ketenagakerjaan B/1387/022024"),
        (date(2025, 3, 1), 10_547_400, "SE BPJS Ketenagakerjaan B/726/022025"),
        (date(2026, 2, 28), 10_547_400, "SE BPJS Ketenagakerjaan B/726/022025"),
        (date(2026, 3, 1), 11_086_300, "SE BPJS Ketenagakerjaan B/1226/022026"),
    ],
)
def test_jp_cap_history_2023_2026_pp_45_2015(as_of, cap, basis):
    line = contribution_pu(wage=20_000_000, risk_class="rendah", as_of=as_of, programmes=("JP",)).lines[0]
    assert line.base == cap
    assert basis in line.legal_basis


def test_jp_cap_11086300_from_1_march_2026_se_b_1226_022026():
    line = contribution_pu(wage=12_000_000, risk_class="sangat_rendah", as_of=date(2026, 12, 2), programmes=("JP",)).lines[0]
    assert (line.base, line.employer, line.worker, line.total) == (11_086_300, 221_726, 110_863, 332_589)


def test_jkp_046_before_and_036_after_pp_6_2025_pasal_11():
    before = contribution_pu(wage=5_000_000, risk_class="rendah", as_of=date(2025, 2, 6), programmes=("JKP",)).lines[0]
    after = contribution_pu(wage=5_000_000, risk_class="rendah", as_of=date(2025, 2, 7), programmes=("JKP",)).lines[0]
    assert (before.rate_pct, before.government, before.recomposed, before.legal_basis) == (
        Decimal("0.46"),
        11_000,
        12_000,
        "PP 37/2021 Pasal 11",
    )
    assert (after.rate_pct, after.government, after.recomposed, after.legal_basis) == (Decimal("0.36"), 11_000, 7_000, "PP 6/2025 Pasal 11")
    # The recomposed share is inside the employer's JKK bill: the employer's total is unchanged.
    estimate = contribution_pu(wage=5_000_000, risk_class="rendah", as_of=date(2025, 2, 7))
    assert estimate.employer_total == 27_000 + 15_000 + 185_000 + 100_000


@pytest.mark.parametrize(
    ("as_of", "sector", "expected"),
    [
        (date(2025, 12, 31), "", 16_800),  # before PP 50/2025
        (date(2026, 1, 15), "transportasi", 8_400),  # transport: Jan 2026 - Mar 2027
        (date(2026, 1, 15), "", 16_800),  # other BPU: only from April 2026
        (date(2026, 4, 1), "", 8_400),
        (date(2026, 12, 2), "", 8_400),
        (date(2026, 12, 31), "", 8_400),
        (date(2027, 1, 1), "", 16_800),
        (date(2027, 3, 31), "transportasi", 8_400),
        (date(2027, 4, 1), "transportasi", 16_800),
    ],
)
def test_bpu_relief_50_pct_jkk_jkm_pp_50_2025(as_of, sector, expected):
    estimate = contribution_bpu(income=1_000_000, as_of=as_of, sector=sector)
    assert estimate.payable_total == expected
    if expected == 8_400:
        assert estimate.base_payable_total == 16_800
        assert estimate.relief_total == 8_400
        assert [basis for _name, basis in estimate.reliefs] == ["PP 50/2025"]


def test_pp_50_2025_relief_not_for_contributions_paid_from_apbn_apbd():
    assert contribution_bpu(income=1_000_000, as_of=date(2026, 12, 2), state_budget=True).payable_total == 16_800
    assert contribution_bpu(income=1_000_000, as_of=date(2026, 12, 2), state_budget=False).payable_total == 8_400


def test_pu_jkk_relief_pp_7_2025_jo_pp_36_2025_needs_the_industry_and_50_workers():
    as_of = date(2025, 6, 1)
    plain = contribution_pu(wage=5_000_000, risk_class="rendah", as_of=as_of, programmes=("JKK",)).lines[0]
    small = contribution_pu(wage=5_000_000, risk_class="rendah", as_of=as_of, programmes=("JKK",), sector="padat_karya", workers=49)
    large = contribution_pu(wage=5_000_000, risk_class="rendah", as_of=as_of, programmes=("JKK",), sector="padat_karya", workers=50)
    after = contribution_pu(
        wage=5_000_000, risk_class="rendah", as_of=date(2026, 2, 1), programmes=("JKK",), sector="padat_karya", workers=50
    )
    assert plain.employer == 27_000
    assert small.lines[0].employer == 27_000
    assert (large.lines[0].employer, large.lines[0].relief_amount, large.lines[0].relief_basis) == (
        13_500,
        13_500,
        "PP 7/2025 jo. PP 36/2025",
    )
    assert after.lines[0].employer == 27_000  # the relief ended with January 2026
