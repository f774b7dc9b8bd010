"""Every legal figure is a dated, sourced row: overlaps are refused, a new period supersedes an
open-ended one, and an administrator adds next March's JP cap through the admin without a deploy."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from enrollment.contributions import contribution_pu
from enrollment.models import BpuBracket, ProgrammeObligation, PuRate, Relief
from enrollment.services import dated_rule_save

pytestmark = pytest.mark.django_db


def test_every_seeded_row_names_its_legal_basis():
    for model in (PuRate, BpuBracket, Relief, ProgrammeObligation):
        assert model.objects.exists()
        assert not model.objects.filter(legal_basis="").exists(), model


def test_seeded_jp_caps_do_not_overlap_and_each_closes_the_day_before_the_next_1_march():
    rows = list(PuRate.objects.filter(programme="JP").order_by("effective_from"))
    assert [(r.effective_from, r.effective_to, r.wage_cap) for r in rows] == [
        (date(2023, 3, 1), date(2024, 2, 29), 9_559_600),
        (date(2024, 3, 1), date(2025, 2, 28), 10_042_300),
        (date(2025, 3, 1), date(2026, 2, 28), 10_547_400),
        (date(2026, 3, 1), None, 11_086_300),
    ]


def test_an_overlapping_row_for_the_same_key_is_refused_with_a_clear_message():
    row = PuRate(
        programme="JP",
        effective_from=date(2025, 6, 1),
        effective_to=date(2025, 12, 31),
        employer_pct=2,
        worker_pct=1,
        wage_cap=10_800_000,
        legal_basis="uji",
    )
    with pytest.raises(ValidationError) as exc:
        dated_rule_save(row=row)
    message = " ".join(exc.value.messages)
    assert "bertumpang tindih" in message
    assert "B/726/022025" in message
    assert not PuRate.objects.filter(wage_cap=10_800_000).exists()


def test_end_before_start_is_refused():
    row = Relief(
        name="uji",
        segment="BPU",
        jkk=True,
        discount_pct=10,
        effective_from=date(2030, 2, 1),
        effective_to=date(2030, 1, 1),
        legal_basis="uji",
    )
    with pytest.raises(ValidationError, match="tidak boleh sebelum"):
        dated_rule_save(row=row)


def test_overlapping_reliefs_for_the_same_segment_and_sector_are_refused():
    row = Relief(
        name="uji",
        segment="BPU",
        sector="bukan_transportasi",
        jkk=True,
        discount_pct=10,
        effective_from=date(2026, 6, 1),
        effective_to=date(2026, 7, 31),
        legal_basis="uji",
    )
    with pytest.raises(ValidationError, match="bertumpang tindih"):
        dated_rule_save(row=row)


def test_bpu_brackets_overlap_by_income_range_and_period():
    row = BpuBracket(effective_from=date(2026, 1, 1), income_from=900_000, income_to=1_200_000, jkk=1, jkm=1, jht=1, legal_basis="uji")
    with pytest.raises(ValidationError, match="bertumpang tindih"):
        dated_rule_save(row=row)


def test_a_new_period_closes_the_open_ended_row_it_supersedes():
    closed = dated_rule_save(
        row=PuRate(
            programme="JP", effective_from=date(2027, 3, 1), employer_pct=2, worker_pct=1, wage_cap=11_600_000, legal_basis="SE 2027"
        )
    )
    assert [(r.wage_cap, r.effective_to) for r in closed] == [(11_086_300, date(2027, 2, 28))]


def test_admin_adds_next_marchs_jp_cap_without_a_deploy_and_the_calculator_uses_it(clients, client):
    """An administrator enters the 2027 cap in the Django admin; the public calculator quotes it
    from 1 March 2027 and the 2026 cap (SE B/1226/022026) until 28 February 2027."""
    response = clients["admin"].post(
        "/admin/enrollment/purate/add/",
        {
            "programme": "JP",
            "risk_class": "",
            "effective_from": "2027-03-01",
            "effective_to": "",
            "employer_pct": "2.00",
            "worker_pct": "1.00",
            "government_pct": "0",
            "recomposed_pct": "0",
            "wage_cap": "11650000",
            "legal_basis": "SE BPJS Ketenagakerjaan (uji) 2027",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PuRate.objects.get(programme="JP", effective_from=date(2026, 3, 1)).effective_to == date(2027, 2, 28)
    params = {"jenis": "pu", "wage": "12000000", "risk_class": "sangat_rendah"}
    before = client.get("/kalkulator/", {**params, "tanggal": "2027-02-28"}).context["estimate"]
    after = client.get("/kalkulator/", {**params, "tanggal": "2027-03-01"}).context["estimate"]
    assert {line.programme: line.base for line in before.lines}["JP"] == 11_086_300
    assert {line.programme: line.base for line in after.lines}["JP"] == 11_650_000
    assert contribution_pu(wage=12_000_000, risk_class="rendah", as_of=date(2027, 3, 1), programmes=("JP",)).lines[0].employer == 233_000


@pytest.mark.parametrize("role", ["dinas", "bpjs", "kepala_cabang", "koperasi", "bank"])
def test_other_roles_cannot_edit_rates_in_the_admin(clients, role):
    response = clients[role].get("/admin/enrollment/purate/add/")
    assert response.status_code in (302, 403)
    assert not PuRate.objects.filter(effective_from=date(2027, 3, 1)).exists()
