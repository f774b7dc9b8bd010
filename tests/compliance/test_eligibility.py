"""Each rule passing and failing, with the evidence naming people (masked NIK) and figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from compliance.eligibility import evaluate, short_name
from compliance.models import Purpose, RuleSet
from compliance.selectors import eligibility_for
from cooperatives.models import AnnualMeeting
from core.identifiers import mask_nik
from tests.compliance.conftest import build_cooperative, enrol
from tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def rule(snapshot, code):
    return next(r for r in snapshot["rules"] if r["code"] == code)


def text(r):
    return "\n".join(r["evidence"])


def test_short_name():
    assert short_name("Wa Ode Sitti") == "Wa Ode S."
    assert short_name("Baharuddin") == "Baharuddin"


def test_eligible_cooperative_passes_every_rule_with_evidence(eligible):
    snapshot = eligibility_for(eligible, Purpose.EVALUASI_STATUS)
    assert snapshot["passed"] is True
    assert [r["code"] for r in snapshot["rules"]] == ["a", "b", "c", "d", "e"]
    assert all(r["passed"] for r in snapshot["rules"])
    assert "NPP 60001234" in text(rule(snapshot, "a"))
    bendahara = eligible.people["bendahara"]
    assert f"Bendahara Wa Ode S., NIK {mask_nik(bendahara.nik)}: aktif (BPU, JKK, JKM)" in rule(snapshot, "b")["evidence"]
    assert "aktif PU (JKK, JKM, JHT, JP)" in text(rule(snapshot, "c"))
    assert "RAT tahun buku" in text(rule(snapshot, "e"))
    facts = snapshot["facts"]
    assert facts["board_reported"] == 4
    assert facts["board_enrolled"] == 4
    assert facts["employees_reported"] == 1
    assert facts["employees_enrolled"] == 1
    assert facts["programmes"] == ["JKK", "JKM", "JHT", "JP"]
    assert snapshot["rule_set"]["limits"]["bpu_max_arrears_months"] == 3


def test_evidence_never_carries_a_full_nik(eligible):
    snapshot = eligibility_for(eligible, Purpose.IZIN_BARU)
    dump = str(snapshot)
    for person in eligible.people.values():
        assert person.nik not in dump


def test_rule_a_fails_without_npp_when_employees():
    coop = build_cooperative(name="Koperasi Tanpa NPP", npp="")
    r = rule(eligibility_for(coop, Purpose.IZIN_BARU), "a")
    assert r["passed"] is False
    assert "1 karyawan" in text(r)
    assert "tidak ada NPP" in text(r)


def test_rule_a_not_applicable_without_employees():
    coop = build_cooperative(name="Koperasi Tanpa Karyawan", employees=0)
    snapshot = eligibility_for(coop, Purpose.IZIN_BARU)
    assert rule(snapshot, "a")["passed"]
    assert rule(snapshot, "a")["applicable"] is False
    assert rule(snapshot, "c")["passed"]
    assert rule(snapshot, "c")["applicable"] is False
    assert snapshot["passed"] is True


def test_rule_b_fails_for_unenrolled_bendahara(eligible):
    person = PersonFactory(name="Wa Ode Hasnah")
    bendahara = eligible.positions.get(role="bendahara")
    bendahara.ended_on = date(2024, 12, 31)
    bendahara.save()
    PositionFactory(cooperative=eligible, person=person, role="bendahara", started_on=date(2025, 1, 1))
    r = rule(eligibility_for(eligible, Purpose.IZIN_BARU), "b")
    assert r["passed"] is False
    assert f"Bendahara Wa Ode H., NIK {mask_nik(person.nik)}: tidak terdaftar" in r["evidence"]
    assert r["figures"] == {"reported": 4, "enrolled": 3}


def test_rule_b_fails_for_lapsed_pengawas_and_missing_jkm():
    coop = build_cooperative(name="Koperasi B")
    pengawas = coop.people["pengawas"]
    pengawas.participations.update(last_paid_month=date(2024, 1, 1))
    coop.people["ketua"].participations.update(jkm=False)
    r = rule(eligibility_for(coop, Purpose.IZIN_BARU), "b")
    assert r["passed"] is False
    assert f"Pengawas Andi M., NIK {mask_nik(pengawas.nik)}: nonaktif (iuran terakhir Januari 2024)" in r["evidence"]
    assert any("Ketua La Ode B." in line and "belum ikut JKM" in line for line in r["evidence"])


def test_rule_c_fails_for_employee_on_bpu_or_without_jht():
    coop = build_cooperative(name="Koperasi C", employees=2)
    coop.people["karyawan0"].participations.update(jht=False)
    second = coop.people["karyawan1"]
    second.participations.all().delete()
    enrol(second, segment="BPU")
    r = rule(eligibility_for(coop, Purpose.IZIN_BARU), "c")
    assert r["passed"] is False
    assert any("Karyawan Karyawan N." in line and "belum ikut JHT" in line for line in r["evidence"])
    assert any(mask_nik(second.nik) in line and "terdaftar sebagai BPU, bukan PU" in line for line in r["evidence"])


def test_rule_c_jp_only_below_pension_age():
    coop = build_cooperative(name="Koperasi JP")
    employee = coop.people["karyawan0"]
    employee.participations.update(jp=False)
    assert rule(eligibility_for(coop, Purpose.IZIN_BARU), "c")["passed"] is False
    employee.birth_date = date(timezone.localdate().year - 62, 1, 1)
    employee.save()
    assert rule(eligibility_for(coop, Purpose.IZIN_BARU), "c")["passed"] is True


def test_rule_d_pu_arrears_beyond_limit_with_fine():
    coop = build_cooperative(name="Koperasi D")
    employee = coop.people["karyawan0"]
    employee.participations.all().delete()
    enrol(employee, segment="PU", months_behind=2, programmes=("JKK", "JKM", "JHT", "JP"))
    snapshot = eligibility_for(coop, Purpose.IZIN_BARU)
    r = rule(snapshot, "d")
    assert r["passed"] is False
    assert any(mask_nik(employee.nik) in line and "PU menunggak 2 bulan (batas 0" in line and "denda 2 %" in line for line in r["evidence"])
    # PU arrears do not make the participation non-active: rule c still passes.
    assert rule(snapshot, "c")["passed"] is True


def test_rule_d_bpu_limit_is_data_on_the_rule_set():
    coop = build_cooperative(name="Koperasi D2")
    coop.people["ketua"].participations.all().delete()
    enrol(coop.people["ketua"], months_behind=2)
    assert rule(eligibility_for(coop, Purpose.IZIN_BARU), "d")["passed"] is True
    strict = RuleSet.objects.create(version="strict", effective_from=date(2000, 1, 1), bpu_max_arrears_months=1)
    snapshot = evaluate(coop, Purpose.IZIN_BARU, as_of=timezone.localdate(), rule_set=strict)
    r = rule(snapshot, "d")
    assert r["passed"] is False
    assert "BPU menunggak 2 bulan (batas 1" in text(r)
    assert snapshot["rule_set"]["version"] == "strict"


def test_rule_e_only_for_status_evaluation():
    coop = build_cooperative(name="Koperasi Tanpa RAT", rat=False)
    assert rule(eligibility_for(coop, Purpose.IZIN_BARU), "e")["passed"] is True
    r = rule(eligibility_for(coop, Purpose.EVALUASI_STATUS), "e")
    assert r["passed"] is False
    assert "belum tercatat" in text(r)
    AnnualMeeting.objects.create(cooperative=coop, book_year=r["figures"]["book_year"] - 1, held_on=date(r["figures"]["book_year"], 2, 1))
    assert rule(eligibility_for(coop, Purpose.EVALUASI_STATUS), "e")["passed"] is False


def test_rule_b_fails_without_any_board():
    from tests.factories import CooperativeFactory

    coop = CooperativeFactory()
    r = rule(eligibility_for(coop, Purpose.IZIN_BARU), "b")
    assert r["passed"] is False
    assert "Tidak ada pengurus" in text(r)


def test_rule_set_in_force_by_date():
    RuleSet.objects.create(version="2026.9", effective_from=date(2026, 3, 1))
    RuleSet.objects.create(version="2027.1", effective_from=date(2027, 1, 1))
    assert RuleSet.in_force(date(2025, 6, 1)).version == "2025.1"
    assert RuleSet.in_force(date(2026, 2, 1)).version == "2026.2"  # the scale-staged rule c (migration)
    assert RuleSet.in_force(date(2026, 6, 1)).version == "2026.9"
    assert RuleSet.in_force(date(2027, 6, 1)).version == "2027.1"


def test_evaluation_query_count_is_constant(django_assert_max_num_queries):
    small = build_cooperative(name="Koperasi Kecil", employees=1)
    large = build_cooperative(name="Koperasi Besar", employees=8)
    RuleSet.in_force(timezone.localdate())
    # Six: the five of rule set 2025.1 plus the programme-obligation row of the cooperative's scale
    # (rule set 2026.2, Perpres 109/2013 Pasal 6 ayat 3).
    with django_assert_max_num_queries(6):
        eligibility_for(small, Purpose.EVALUASI_STATUS)
    with django_assert_max_num_queries(6):
        eligibility_for(large, Purpose.EVALUASI_STATUS)
