"""Rule c staged by the cooperative's scale (Perpres 109/2013 Pasal 6 ayat 3, rule set 2026.2):
micro employers provide JKK and JKM; small + JHT; medium and large + JP. Through the real services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from compliance import services
from compliance.eligibility import evaluate
from compliance.models import Purpose, RuleSet
from cooperatives.services import cooperative_scale_set
from tests.compliance.conftest import build_cooperative, enrol
from tests.factories import PersonFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

MICRO = {"capital": 400_000_000, "annual_sales": 1_200_000_000}  # PP 7/2021: ≤ Rp 1 bn capital, ≤ Rp 2 bn sales
SMALL = {"capital": 2_500_000_000, "annual_sales": 6_000_000_000}
MEDIUM = {"capital": 7_000_000_000, "annual_sales": 20_000_000_000}


def basic_cooperative(**figures):
    """Board on BPU, two karyawan on PU with JKK and JKM only."""
    coop = build_cooperative(name="Koperasi Mikro Sejahtera", employees=0, npp="", scale="")
    coop.npp = "60009876"
    coop.save(update_fields=["npp"])
    for index in range(2):
        person = PersonFactory(name=f"Karyawan Mikro{index}")
        PositionFactory(cooperative=coop, person=person, role="karyawan")
        enrol(person, segment="PU", programmes=("JKK", "JKM"))
    if figures:
        cooperative_scale_set(cooperative=coop, source="Laporan keuangan RAT 2025", **figures)
    return coop


def rule_c(snapshot):
    return next(rule for rule in snapshot["rules"] if rule["code"] == "c")


def test_scale_comes_from_capital_and_sales_on_the_pp_7_2021_rows_with_the_record():
    coop = basic_cooperative(**MICRO)
    coop.refresh_from_db()
    assert (coop.scale, coop.scale_source, coop.scale_basis) == ("mikro", "Laporan keuangan RAT 2025", "PP 7/2021 Pasal 35-36")
    assert coop.scale_determined_on == timezone.localdate()
    cooperative_scale_set(cooperative=coop, source="RAT 2025", **SMALL)
    assert coop.scale == "kecil"
    cooperative_scale_set(cooperative=coop, source="RAT 2025", **MEDIUM)
    assert coop.scale == "menengah"
    cooperative_scale_set(cooperative=coop, capital=None, annual_sales=None, source="")
    assert coop.scale == ""  # unknown, never assumed


def test_scale_figures_need_a_source_and_cannot_be_negative():
    coop = basic_cooperative()
    with pytest.raises(ValidationError):
        cooperative_scale_set(cooperative=coop, capital=1, annual_sales=None, source="")
    with pytest.raises(ValidationError):
        cooperative_scale_set(cooperative=coop, capital=-1, annual_sales=None, source="RAT")
    coop.refresh_from_db()
    assert coop.scale == ""
    assert coop.capital is None


def test_micro_cooperative_with_jkk_jkm_only_passes_rule_c_and_gets_a_letter_end_to_end_perpres_109_2013(
    bpjs_user, kepala_user, django_capture_on_commit_callbacks
):
    coop = basic_cooperative(**MICRO)
    dinas = UserFactory(username="dinas_scale", role="dinas")
    request = services.recommendation_request(user=dinas, cooperative=coop, purpose=Purpose.IZIN_BARU)
    assert request.eligible
    assert request.rule_set.version == "2026.2"
    c = rule_c(request.eligibility)
    assert c["passed"]
    assert c["figures"]["required"] == ["JKK", "JKM"]
    assert any("skala mikro: wajib JKK dan JKM" in line for line in c["evidence"])
    services.request_verify(user=bpjs_user, request=request)
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.letter_issue(user=kepala_user, request=request)
    assert letter.is_valid_on(timezone.localdate())
    assert rule_c(letter.eligibility)["passed"]
    assert letter.eligibility["facts"]["cooperative"]["scale"] == "mikro"


def test_the_same_cooperative_recorded_as_medium_is_refused_naming_jht_and_jp():
    coop = basic_cooperative(**MEDIUM)
    snapshot = evaluate(coop, Purpose.IZIN_BARU, as_of=timezone.localdate())
    c = rule_c(snapshot)
    assert not snapshot["passed"]
    assert not c["passed"]
    assert c["figures"]["required"] == ["JKK", "JKM", "JHT", "JP"]
    missing = [line for line in c["evidence"] if "belum ikut" in line]
    assert len(missing) == 2
    assert all("belum ikut JHT, JP" in line for line in missing)
    assert any("skala menengah: wajib JKK, JKM, JHT dan JP" in line for line in c["evidence"])


def test_small_cooperative_needs_jht_but_not_jp():
    coop = basic_cooperative(**SMALL)
    c = rule_c(evaluate(coop, Purpose.IZIN_BARU, as_of=timezone.localdate()))
    assert not c["passed"]
    assert all(line.endswith("belum ikut JHT") for line in c["evidence"] if "belum ikut" in line)


def test_unknown_scale_asks_for_the_figures_instead_of_assuming_the_strictest_set():
    coop = basic_cooperative()
    c = rule_c(evaluate(coop, Purpose.IZIN_BARU, as_of=timezone.localdate()))
    assert not c["passed"]
    assert "modal dan hasil penjualan" in c["evidence"][0]
    assert "belum ikut" not in " ".join(c["evidence"])


def test_rule_set_2025_1_still_requires_jht_and_jp_for_dates_before_2026():
    coop = basic_cooperative(**MICRO)
    as_of = date(2025, 12, 15)
    rule_set = RuleSet.in_force(as_of)
    assert rule_set.version == "2025.1"
    assert not rule_set.staged_by_scale
    c = rule_c(evaluate(coop, Purpose.IZIN_BARU, as_of=as_of))
    assert not c["passed"]
    assert any("JHT" in line for line in c["evidence"])


def test_a_letter_issued_under_2025_1_keeps_its_evidence_and_stays_valid(bpjs_user, kepala_user):
    coop = build_cooperative(name="Koperasi Lama", scale="")
    dinas = UserFactory(username="dinas_old", role="dinas")
    old = RuleSet.objects.get(version="2025.1")
    request = services.recommendation_request(user=dinas, cooperative=coop, purpose=Purpose.IZIN_BARU)
    # As it was issued before 2026.2 existed: the request and letter name 2025.1.
    snapshot = evaluate(coop, Purpose.IZIN_BARU, as_of=timezone.localdate(), rule_set=old)
    request.eligibility, request.eligible, request.rule_set, request.state = snapshot, True, old, "diverifikasi"
    request.verified_by = bpjs_user
    request.save()
    letter = services._issue(user=kepala_user, request=request, issued_on=date(2025, 11, 1), snapshot=snapshot, render=False)
    letter.refresh_from_db()
    assert letter.eligibility["rule_set"]["version"] == "2025.1"
    assert letter.eligibility["rule_set"]["limits"]["staged_by_scale"] is False
    assert letter.status_on(date(2026, 3, 1)) == "valid"  # six months from 1 Nov 2025
