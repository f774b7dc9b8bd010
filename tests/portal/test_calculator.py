"""The public calculator against hand-computed examples on the seeded rate tables.

PU at a wage of Rp 5,000,000: JKK 0.24/0.54/0.89/1.27/1.74 % = 12,000/27,000/44,500/63,500/87,000;
JKM 0.30 % = 15,000; JHT 3.7 % + 2 % = 185,000 + 100,000; JP 2 % + 1 % = 100,000 + 50,000;
JKP 0.36 % (PP 6/2025 Pasal 11: 0.22 % central government = 11,000, not billed, and 0.14 % = 7,000
recomposed out of the employer's JKK bill, so the employer's total is unchanged).
Payable = JKK + 15,000 + 285,000 + 150,000.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/kalkulator/"


def lines(response) -> dict:
    estimate = response.context["estimate"]
    return {line.programme: line for line in estimate.lines}


def test_urls_and_public_access(client):
    assert reverse("public:calculator") == URL
    assert client.get(URL).status_code == 200
    page = client.get(reverse("public:programmes"))
    assert page.status_code == 200
    body = page.content.decode()
    for text in (
        "Jaminan Kecelakaan Kerja",
        "Jaminan Kematian",
        "Jaminan Hari Tua",
        "Jaminan Pensiun",
        "Jaminan Kehilangan Pekerjaan",
        "Rp 42 juta",
    ):
        assert text in body


@pytest.mark.parametrize("role", ["admin", "dinas", "bpjs", "kepala_cabang", "koperasi", "bank"])
def test_every_role_may_use_the_public_pages(clients, role):
    assert clients[role].get(URL).status_code == 200
    assert clients[role].get(reverse("public:programmes")).status_code == 200


@pytest.mark.parametrize(
    ("risk_class", "jkk", "payable"),
    [
        ("sangat_rendah", 12_000, 462_000),
        ("rendah", 27_000, 477_000),
        ("sedang", 44_500, 494_500),
        ("tinggi", 63_500, 513_500),
        ("sangat_tinggi", 87_000, 537_000),
    ],
)
def test_pu_each_risk_class(client, risk_class, jkk, payable):
    response = client.get(URL, {"jenis": "pu", "wage": "5.000.000", "risk_class": risk_class, "tanggal": "2026-01-15"})
    assert response.status_code == 200
    got = lines(response)
    assert got["JKK"].employer == jkk
    assert got["JKK"].worker == 0
    assert got["JKM"].employer == 15_000
    assert (got["JHT"].employer, got["JHT"].worker) == (185_000, 100_000)
    assert (got["JP"].employer, got["JP"].worker) == (100_000, 50_000)
    assert (got["JKP"].government, got["JKP"].recomposed, got["JKP"].employer, got["JKP"].worker) == (11_000, 7_000, 0, 0)
    estimate = response.context["estimate"]
    assert estimate.payable_total == payable
    assert estimate.employer_total == payable - 150_000
    body = response.content.decode()
    assert f"Rp {payable:,}".replace(",", ".") in body


def test_pu_above_the_jp_cap_2025(client):
    # Cap Rp 10,547,400 from 1 March 2025: JP 2 % = 210,948, 1 % = 105,474. JKP cap Rp 5,000,000: 18,000.
    response = client.get(URL, {"jenis": "pu", "wage": "12000000", "risk_class": "rendah", "tanggal": "2025-06-01"})
    got = lines(response)
    assert got["JP"].base == 10_547_400
    assert (got["JP"].employer, got["JP"].worker) == (210_948, 105_474)
    assert (got["JKP"].government, got["JKP"].recomposed) == (11_000, 7_000)
    # Uncapped programmes use the full wage: JKK 0.54 % = 64,800; JKM 36,000; JHT 444,000 + 240,000.
    assert got["JKK"].employer == 64_800
    assert got["JKM"].employer == 36_000
    assert (got["JHT"].employer, got["JHT"].worker) == (444_000, 240_000)
    assert response.context["estimate"].payable_total == 64_800 + 36_000 + 444_000 + 240_000 + 210_948 + 105_474
    assert "upah dibatasi Rp 10.547.400" in response.content.decode()


def test_pu_above_the_jp_cap_2024(client):
    # Cap Rp 10,042,300 from 1 March 2024 (SE B/1387/022024): 200,846 + 100,423; JKP was 0.46 % then
    # (PP 37/2021): 0.22 % government = 11,000 + 0.24 % recomposed = 12,000.
    got = lines(client.get(URL, {"jenis": "pu", "wage": "12000000", "risk_class": "rendah", "tanggal": "2024-06-01"}))
    assert got["JP"].base == 10_042_300
    assert (got["JP"].employer, got["JP"].worker) == (200_846, 100_423)
    assert (got["JKP"].government, got["JKP"].recomposed, got["JKP"].total + got["JKP"].recomposed) == (11_000, 12_000, 23_000)


def test_pu_several_workers(client):
    response = client.get(URL, {"jenis": "pu", "wage": "5000000", "risk_class": "sangat_rendah", "workers": "3", "tanggal": "2026-01-15"})
    assert "Rp 1.386.000" in response.content.decode()  # 3 × 462,000


@pytest.mark.parametrize("income", ["0", "800.000", "1000000"])
def test_bpu_minimum(client, income):
    response = client.get(URL, {"jenis": "bpu", "income": income, "tanggal": "2026-01-15"})
    got = lines(response)
    assert got["JKK"].total == 10_000
    assert got["JKM"].total == 6_800
    assert "JHT" not in got
    assert response.context["estimate"].payable_total == 16_800
    assert "Rp 16.800" in response.content.decode()


def test_bpu_with_jht_and_a_higher_bracket(client):
    got = lines(client.get(URL, {"jenis": "bpu", "income": "1000000", "include_jht": "on", "tanggal": "2026-01-15"}))
    assert got["JHT"].total == 20_000
    # Income Rp 2,300,000 falls in the bracket up to 2,500,000: JKK 1 % = 25,000, JHT 2 % = 50,000.
    response = client.get(URL, {"jenis": "bpu", "income": "2300000", "include_jht": "on", "tanggal": "2026-01-15"})
    got = lines(response)
    assert (got["JKK"].total, got["JKM"].total, got["JHT"].total) == (25_000, 6_800, 50_000)
    assert response.context["estimate"].payable_total == 81_800


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"jenis": "bpu", "income": "satu juta"}, "Isi jumlah Rupiah berupa angka bulat"),
        ({"jenis": "bpu", "income": "-5000"}, "tidak boleh negatif"),
        ({"jenis": "bpu"}, "Isi penghasilan per bulan"),
        ({"jenis": "pu", "wage": ""}, "Isi upah karyawan per bulan"),
        ({"jenis": "pu", "wage": "99999999999999"}, "Jumlah terlalu besar"),
        ({"jenis": "pu", "wage": "5000000", "risk_class": "ekstrem"}, "bukan salah satu dari pilihan yang tersedia"),
        ({"jenis": "lain", "income": "1"}, "bukan salah satu dari pilihan yang tersedia"),
        ({"jenis": "bpu", "income": "1000000", "tanggal": "2001-01-01"}, "belum tersedia untuk tanggal 1 Januari 2001"),
        ({"jenis": "bpu", "income": "1000000", "tanggal": "besok"}, "tanggal"),
    ],
)
def test_bad_input_gets_a_clear_message(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.context["estimate"] is None
    assert message.lower() in response.content.decode().lower()


def test_htmx_returns_only_the_result(client):
    response = client.get(URL, {"jenis": "bpu", "income": "1000000"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Rp 16.800" in body


def test_public_landing_links(client):
    body = client.get(reverse("home")).content.decode()
    assert reverse("public:programmes") in body
    assert URL in body


# --- The law as it stands (issue 13): the exact URLs of the "Done when" -------------------------


def test_pu_12_million_on_2_december_2026_jp_cap_11086300_se_b_1226_022026(client):
    """JP base Rp 11.086.300 (cap from 1 March 2026, SE BPJS TK B/1226/022026): JP Rp 332.589,
    employer Rp 221.726, worker Rp 110.863."""
    response = client.get("/kalkulator/?jenis=pu&wage=12000000&risk_class=sangat_rendah&tanggal=2026-12-02")
    assert response.status_code == 200
    jp = lines(response)["JP"]
    assert (jp.base, jp.total, jp.employer, jp.worker) == (11_086_300, 332_589, 221_726, 110_863)
    body = response.content.decode()
    row = body[body.index('data-programme="JP"') :]
    row = row[: row.index("</tr>")]
    for text in ("Rp 11.086.300", "Rp 332.589", "Rp 221.726", "Rp 110.863", "SE BPJS Ketenagakerjaan B/1226/022026"):
        assert text in row
    assert "/dasar-hukum/?tanggal=2026-12-02#pu-jp" in row


def test_pu_12_million_on_15_february_2026_jp_cap_10547400_se_b_726_022025(client):
    response = client.get("/kalkulator/?jenis=pu&wage=12000000&risk_class=sangat_rendah&tanggal=2026-02-15")
    jp = lines(response)["JP"]
    assert (jp.base, jp.total) == (10_547_400, 316_422)
    body = response.content.decode()
    assert "Rp 10.547.400" in body
    assert "Rp 316.422" in body
    assert "B/726/022025" in body


def test_bpu_1_million_on_2_december_2026_is_8400_with_the_pp_50_2025_relief_named(client):
    response = client.get("/kalkulator/?jenis=bpu&income=1000000&tanggal=2026-12-02")
    estimate = response.context["estimate"]
    assert (estimate.payable_total, estimate.base_payable_total) == (8_400, 16_800)
    body = response.content.decode()
    assert "Rp 8.400" in body
    assert "Rp 16.800" in body
    assert "Potongan 50 % JKK dan JKM BPU" in body
    assert "PP 50/2025" in body
    assert "/dasar-hukum/?tanggal=2026-12-02#relief" in body


def test_bpu_1_million_on_1_february_2027_is_16800_without_relief(client):
    response = client.get("/kalkulator/?jenis=bpu&income=1000000&tanggal=2027-02-01")
    estimate = response.context["estimate"]
    assert estimate.payable_total == 16_800
    assert not estimate.reliefs
    assert "PP 50/2025" not in response.content.decode().split('id="calc-result"')[1].split("</section>")[0]


def test_bpu_paid_from_apbd_gets_no_pp_50_2025_relief_and_transport_keeps_it_into_2027(client):
    apbd = client.get("/kalkulator/", {"jenis": "bpu", "income": "1000000", "tanggal": "2026-12-02", "pembayar": "apbn_apbd"})
    assert apbd.context["estimate"].payable_total == 16_800
    transport = client.get("/kalkulator/", {"jenis": "bpu", "income": "1000000", "tanggal": "2027-02-01", "sektor": "transportasi"})
    assert transport.context["estimate"].payable_total == 8_400


def test_jkp_split_shows_022_government_and_014_recomposed_pp_6_2025_pasal_11(client):
    response = client.get("/kalkulator/?jenis=pu&wage=12000000&risk_class=sangat_rendah&tanggal=2026-12-02")
    jkp = lines(response)["JKP"]
    assert (jkp.government_pct, jkp.recomposed_pct) == (Decimal("0.22"), Decimal("0.14"))
    assert (jkp.government, jkp.recomposed) == (11_000, 7_000)  # of the JKP wage cap Rp 5.000.000
    body = response.content.decode()
    split = body[body.index("data-jkp-split") :][:400]
    assert "0.22 %" in split or "0,22 %" in split
    assert "0.14 %" in split or "0,14 %" in split
    assert "PP 6/2025 Pasal 11" in body


def test_the_calculator_is_a_full_page_without_javascript_and_varies_on_hx_request(client):
    url = "/kalkulator/?jenis=pu&wage=12000000&risk_class=sangat_rendah&tanggal=2026-12-02"
    page = client.get(url)
    assert "<html" in page.content.decode()
    assert "HX-Request" in page["Vary"]
    assert 'action="/kalkulator/"' in page.content.decode()
    assert 'method="get"' in page.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="calc-result")
    assert "<html" not in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    # Back button: htmx asks for the page again on a history cache miss; it gets the whole page.
    restore = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()
    # A choice of the PU option alone (no wage yet) still answers with a page, never a bare fragment.
    choice = client.get("/kalkulator/?jenis=pu")
    assert "<html" in choice.content.decode()


def test_the_legal_basis_page_lists_every_rule_in_force_on_the_chosen_date(client):
    response = client.get("/dasar-hukum/?tanggal=2026-12-02")
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "SE BPJS Ketenagakerjaan B/1226/022026",
        "Rp 11.086.300",
        "PP 6/2025 Pasal 11",
        "PP 50/2025",
        "Perpres 109/2013 Pasal 6 ayat (3)",
        "PP 7/2021",
        'id="pu-jp"',
        'id="relief"',
    ):
        assert text in body, text
    assert "B/726/022025" not in body  # the 2025 cap is no longer in force
    assert body.count('id="relief-') == 2  # PP 50/2025: transport workers and the other BPU
    earlier = client.get("/dasar-hukum/?tanggal=2026-02-15").content.decode()
    assert "B/726/022025" in earlier
    assert earlier.count('id="relief-') == 1  # only the transport workers' period had begun
    bad = client.get("/dasar-hukum/?tanggal=kemarin")
    assert bad.status_code == 200
    assert "Tanggal tidak dikenali" in bad.content.decode()


def test_the_legal_basis_page_is_in_the_public_menu(client):
    assert 'href="/dasar-hukum/"' in client.get("/kalkulator/").content.decode()


def test_choosing_pu_with_htmx_before_typing_a_wage_swaps_the_hint_never_an_error_page(client):
    """The reported bug: the PU click sent an htmx request without a wage; its 400 answer was taken
    as an error response and replaced the whole page (django-htmx's debug handler) with the bare
    fragment, which the Back button then showed again."""
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-result"}
    response = client.get("/kalkulator/", {"jenis": "pu", "wage": "", "income": "1000000", "tanggal": "2026-12-02"}, **headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Isi penghasilan atau upah" in body
    assert "msg-error" not in body
    bad = client.get("/kalkulator/", {"jenis": "pu", "wage": "dua belas juta"}, **headers)
    assert bad.status_code == 200
    assert "Isi jumlah Rupiah berupa angka bulat" in bad.content.decode()
    assert client.get("/kalkulator/", {"jenis": "pu", "wage": "dua belas juta"}).status_code == 400  # the full page
