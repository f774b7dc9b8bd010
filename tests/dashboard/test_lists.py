"""Drill-down lists and work lists: the same counts as the dashboard, filters, sorting, exports."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AccessEvent
from tests.dashboard.conftest import active_bpu, active_coop, lapsed_bpu
from tests.factories import BusinessFactory, PositionFactory

pytestmark = pytest.mark.django_db


def rows_of(response):
    return response.context["page"].paginator.count


def test_every_funnel_number_drills_down_to_its_list(dinas_client, world):
    page = dinas_client.get(reverse("dashboard:index"))
    data = page.context["data"]
    for step in page.context["funnel_umkm"] + page.context["funnel_coop"]:
        response = dinas_client.get(step["url"])
        assert response.status_code == 200
        assert rows_of(response) == step["value"], step["label"]
    for row in page.context["regions"]:
        assert rows_of(dinas_client.get(row["coop_urls"]["active"])) == row["coop_active"]
        assert rows_of(dinas_client.get(row["umkm_urls"]["covered"])) == row["umkm_covered"]
    for seg in page.context["segments"]:
        assert rows_of(dinas_client.get(seg["urls"]["active"])) == seg["active"]
        assert rows_of(dinas_client.get(seg["urls"]["lapsed"])) == seg["lapsed"]
    for prog in page.context["programmes"]:
        assert rows_of(dinas_client.get(prog["url"])) == prog["active"]
    for kbli in page.context["kblis"]:
        assert rows_of(dinas_client.get(kbli["urls"]["official"])) == kbli["official"]
    assert data["coop"]["active"] == 3


def test_uncovered_cooperatives_say_what_is_missing(dinas_client, world):
    response = dinas_client.get(reverse("dashboard:coop_list"), {"step": "not_covered"})
    html = response.content.decode()
    assert rows_of(response) == 2
    assert "Koperasi Kurang Satu" in html
    assert "Bendahara Wa Ode Sitti: belum terdaftar" in html
    assert "Koperasi Tanpa Pengurus" in html
    assert "belum ada pengurus atau karyawan tercatat" in html
    assert "Koperasi Terlindungi" not in html


def test_umkm_owners_not_enrolled_by_desa_and_lapsed_participants(dinas_client, world):
    response = dinas_client.get(reverse("dashboard:umkm_list"), {"step": "not_covered"})
    names = [row["cells"][0] for row in response.context["rows"]]
    assert sorted(names) == ["Kios Menunggak", "Usaha Belum Peserta"]
    official_only = dinas_client.get(reverse("dashboard:umkm_list"), {"step": "not_covered", "official": "1", "kecamatan": "74.01.01"})
    assert rows_of(official_only) == 2
    lapsed = dinas_client.get(reverse("dashboard:participant_list"), {"step": "lapsed"})
    assert rows_of(lapsed) == 1
    assert lapsed.context["rows"][0]["cells"][12] == "Nonaktif"
    assert "7401" in lapsed.content.decode()
    assert "****" in lapsed.content.decode()


def test_lists_sort_and_ignore_unknown_sorts(dinas_client, world):
    asc = dinas_client.get(reverse("dashboard:coop_list"), {"sort": "nama"}).context["rows"]
    desc = dinas_client.get(reverse("dashboard:coop_list"), {"sort": "-nama"}).context["rows"]
    assert [r["cells"][0] for r in asc] == list(reversed([r["cells"][0] for r in desc]))
    assert dinas_client.get(reverse("dashboard:coop_list"), {"sort": "password"}).status_code == 200


def test_list_pages_run_a_fixed_number_of_queries(dinas_client, world):
    def count(url, params):
        with CaptureQueriesContext(connection) as ctx:
            assert dinas_client.get(url, params).status_code == 200
        return len(ctx)

    dinas_client.get(reverse("dashboard:worklists"))  # the first request after login stamps the session
    targets = [
        (reverse("dashboard:coop_list"), {"step": "not_covered"}),
        (reverse("dashboard:umkm_list"), {"step": "not_covered"}),
        (reverse("dashboard:participant_list"), {"step": "lapsed"}),
        (reverse("dashboard:attendee_list"), {}),
    ]
    before = [count(url, params) for url, params in targets]
    for index in range(6):
        coop = active_coop(name=f"Koperasi Tambahan {index}")
        PositionFactory(cooperative=coop, role="ketua")
        lapsed_bpu(PositionFactory(cooperative=coop, role="bendahara").person)
        BusinessFactory(name=f"Usaha Tambahan {index}")
        active_bpu(BusinessFactory(name=f"Usaha Aktif {index}").owner)
    after = [count(url, params) for url, params in targets]
    assert before == after


def _stamp(sheet_rows):
    return {row[0]: row[1] for row in sheet_rows[:8] if row and row[0]}


def test_xlsx_export_opens_and_carries_the_filters(dinas_client, dinas_user, world, export_via_task):
    BusinessFactory(name='=HYPERLINK("http://x")', in_official_db=True)
    exported = export_via_task(
        dinas_client, reverse("dashboard:umkm_list"), {"step": "not_covered", "kecamatan": "74.01.01", "format": "xlsx"}
    )
    response = exported.response
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    stamp = _stamp(rows)
    assert stamp["Filter: Kecamatan"] == "Wundulako"
    assert stamp["Filter: Daftar"] == "Pemilik UMKM yang belum menjadi peserta aktif"
    assert "Data per" in stamp
    names = [r[0] for r in rows]
    assert '\'=HYPERLINK("http://x")' in names  # formula neutralised
    assert "Kios Menunggak" in names
    assert "Toko Belum Resmi" not in names
    assert all("*" in str(r[8]) for r in rows[rows.index(next(r for r in rows if r[0] == "Nama usaha")) + 1 :])  # NIK masked
    event = AccessEvent.objects.get(action="export")
    assert event.user == dinas_user
    assert event.target == "dashboard:umkm"
    assert event.details["filters"]["kecamatan"] == "74.01.01"


def test_csv_export_of_the_uncovered_cooperatives(dinas_client, world, export_via_task):
    exported = export_via_task(dinas_client, reverse("dashboard:coop_list"), {"step": "not_covered", "jenis": "produsen", "format": "csv"})
    text = exported.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Filter: Jenis koperasi", "Produsen"] in rows
    body = [r for r in rows if r and r[0] == "Koperasi Kurang Satu"]
    header = next(r for r in rows if r and r[0] == "Nama koperasi")
    assert body
    assert "Bendahara Wa Ode Sitti: belum terdaftar" in body[0][header.index("Yang belum terlindungi")]


@pytest.mark.parametrize("name", ["dashboard:participant_list", "dashboard:attendee_list", "dashboard:coop_list"])
def test_every_list_exports_both_formats(dinas_client, world, name, export_via_task):
    for fmt in ("xlsx", "csv"):
        exported = export_via_task(dinas_client, reverse(name), {"format": fmt})
        assert f".{fmt}" in exported.response["Content-Disposition"]
        assert exported.job.done_rows == exported.job.total_rows
    assert AccessEvent.objects.filter(action="export").count() == 2


def test_exports_are_refused_to_the_bank_and_the_cooperative_head(bank_client, koperasi_client):
    for client in (bank_client, koperasi_client):
        assert client.get(reverse("dashboard:umkm_list"), {"format": "xlsx"}).status_code == 403
    assert not AccessEvent.objects.filter(action="export").exists()
