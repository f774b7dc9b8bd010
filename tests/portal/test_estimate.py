"""The contribution estimate for the people who are missing, on the dated rate tables.

Fixture: ketua covered (BPU); bendahara and karyawan not enrolled. The estimate is priced on
2 December 2026. Defaults: karyawan PU at Rp 3,000,000 risk class rendah: JKK 16,200 + JKM 9,000
+ JHT 111,000/60,000 + JP 60,000/30,000 = 286,200 payable; JKP 0.36 % (PP 6/2025 Pasal 11) is
6,600 by the central government and 4,200 recomposed out of the employer's JKK, not billed;
bendahara BPU at Rp 1,000,000: 16,800 before and 8,400 after the PP 50/2025 relief (50 % off JKK
and JKM for BPU not paid from the APBN/APBD, April - December 2026).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipationFactory, PositionFactory

pytestmark = pytest.mark.django_db

PRICED_ON = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _priced_on_2_december_2026(monkeypatch):
    """The figures below are those of 2 December 2026; the page prices on "today"."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: PRICED_ON)


def url(cooperative):
    return reverse("portal:estimate", args=[cooperative.pk])


def test_default_estimate(client_a, cooperative, staff_a):
    response = client_a.get(url(cooperative))
    assert response.status_code == 200
    result = response.context["result"]
    by_name = {line.row.person.name: line for line in result.lines}
    assert set(by_name) == {"Alfa Bendahara Belum", "Alfa Karyawan Belum"}
    assert by_name["Alfa Karyawan Belum"].segment == "PU"
    assert by_name["Alfa Karyawan Belum"].estimate.payable_total == 286_200
    assert by_name["Alfa Bendahara Belum"].segment == "BPU"
    assert by_name["Alfa Bendahara Belum"].estimate.payable_total == 8_400  # PP 50/2025
    assert by_name["Alfa Bendahara Belum"].estimate.base_payable_total == 16_800
    totals = {t.programme: t for t in result.totals}
    assert (totals["JKK"].employer, totals["JKK"].worker, totals["JKK"].relief) == (16_200, 5_000, 5_000)
    assert (totals["JKM"].employer, totals["JKM"].worker, totals["JKM"].relief) == (9_000, 3_400, 3_400)
    assert (totals["JKP"].government, totals["JKP"].recomposed) == (6_600, 4_200)
    assert "PP 6/2025 Pasal 11" in totals["JKP"].legal_bases
    assert "PP 50/2025" in totals["JKK"].legal_bases
    assert result.payable_total == 294_600
    assert result.base_payable_total == 303_000
    assert result.annual_total == 3_535_200
    body = response.content.decode()
    assert "Rp 294.600" in body
    assert "Rp 303.000" in body
    assert "data-print" in body
    assert "Potongan 50 % JKK dan JKM BPU" in body
    assert "/dasar-hukum/?tanggal=2026-12-02" in body


def test_the_head_adjusts_segment_wage_and_risk_class(client_a, cooperative, staff_a):
    karyawan, bendahara = staff_a["karyawan"].pk, staff_a["bendahara"].pk
    response = client_a.get(
        url(cooperative),
        {"risk_class": "sangat_rendah", f"amt_{karyawan}": "5.000.000", f"seg_{bendahara}": "PU", f"amt_{bendahara}": "5000000"},
    )
    result = response.context["result"]
    # Two PU workers at Rp 5,000,000, JKK 0.24 %: 462,000 each (see test_calculator).
    assert [line.estimate.payable_total for line in result.lines] == [462_000, 462_000]
    assert result.payable_total == 924_000


def test_page_wide_defaults(client_a, cooperative, staff_a):
    response = client_a.get(url(cooperative), {"default_wage": "4000000", "default_income": "2300000", "risk_class": "rendah"})
    result = response.context["result"]
    by_segment = {line.segment: line.estimate.payable_total for line in result.lines}
    # PU at 4,000,000: 21,600 + 12,000 + 148,000 + 80,000 + 80,000 + 40,000 = 381,600; BPU 2.3 million:
    # (25,000 + 6,800) halved by PP 50/2025 = 12,500 + 3,400.
    assert by_segment == {"PU": 381_600, "BPU": 15_900}


def test_bad_amount_is_explained_and_left_out(client_a, cooperative, staff_a):
    karyawan = staff_a["karyawan"].pk
    response = client_a.get(url(cooperative), {f"amt_{karyawan}": "tiga juta", "default_wage": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Isi jumlah Rupiah berupa angka bulat" in body
    assert response.context["result"].payable_total == 8_400  # the BPU line only (16,800 less PP 50/2025)


def test_a_lapsed_members_own_declared_income_is_not_the_cooperatives_to_see(client_a, cooperative, staff_a):
    """A BPU income was declared by the person to BPJS, not reported by this cooperative: the estimate
    prices her at the page default (Rp 1,000,000: 16,800 less the PP 50/2025 relief)."""
    ParticipationFactory(person=staff_a["bendahara"].person, segment="BPU", wage=2_300_000, last_paid_month=None)
    response = client_a.get(url(cooperative))
    line = next(line for line in response.context["result"].lines if line.row.position == staff_a["bendahara"])
    assert line.row.status == "nonaktif"
    assert line.amount == 1_000_000
    assert line.estimate.payable_total == 8_400
    assert "2.300.000" not in response.content.decode()


def test_nothing_missing(client_a, cooperative):
    position = PositionFactory(cooperative=cooperative, role="ketua")
    from django.utils import timezone

    ParticipationFactory(person=position.person, last_paid_month=timezone.localdate().replace(day=1))
    response = client_a.get(url(cooperative))
    assert response.context["result"].lines == []
    assert "sudah terlindungi" in response.content.decode()


@pytest.mark.parametrize("name", ["portal:cooperative", "portal:estimate", "portal:members"])
def test_page_query_count_is_constant(client_a, cooperative, staff_a, django_assert_max_num_queries, name):
    """Constant in the number of people; the estimate reads the rate tables once per distinct
    amount (the added lapsed members have no reported wage, so they share the defaults)."""
    page = reverse(name, args=[cooperative.pk])
    client_a.get(page)
    with django_assert_max_num_queries(60) as small:
        client_a.get(page)
    for _ in range(12):
        ParticipationFactory(person=PositionFactory(cooperative=cooperative, role="karyawan").person, wage=0)
        PositionFactory(cooperative=cooperative, role="pengurus")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client_a.get(page).status_code == 200


def test_a_lapsed_wage_from_another_employer_is_neither_shown_nor_used(client_a, cooperative, staff_a):
    """The karyawan's last PU participation was through another employer's NPP at Rp 9,876,543: that
    wage belongs to that relationship. The estimate prices him at the page default and the page never
    shows the other wage; a lapsed participation through this cooperative's own NPP keeps its wage."""
    karyawan = staff_a["karyawan"].person
    ParticipationFactory(
        person=karyawan, segment="PU", npp="99887766", wage=9_876_543, started_on=date(2020, 1, 1), ended_on=date(2024, 6, 30)
    )
    response = client_a.get(url(cooperative))
    line = {ln.row.person.name: ln for ln in response.context["result"].lines}["Alfa Karyawan Belum"]
    assert line.amount == 3_000_000
    assert "9.876.543" not in response.content.decode()
    assert "9876543" not in response.content.decode()

    cooperative.npp = "11223344"
    cooperative.save(update_fields=["npp"])
    own = ParticipationFactory(
        person=karyawan, segment="PU", npp="11223344", wage=4_500_000, started_on=date(2024, 7, 1), ended_on=date(2025, 6, 30)
    )
    line = {ln.row.person.name: ln for ln in client_a.get(url(cooperative)).context["result"].lines}["Alfa Karyawan Belum"]
    assert own.pk
    assert line.amount == 4_500_000
