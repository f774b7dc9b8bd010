"""Query count, targets, the PDF report, the fact table and the panels fed by other apps."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessEvent
from dashboard.models import DashboardFact, FactMeta, Indicator, Target
from tests.dashboard.conftest import active_bpu, active_coop, lapsed_bpu
from tests.factories import BusinessFactory, CooperativeFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard:index"), params or {}).status_code == 200
    return len(ctx)


def _grow():
    for index in range(15):
        coop = active_coop(name=f"Koperasi Besar {index}", jenis=["jasa", "konsumen", "pemasaran"][index % 3])
        active_bpu(PositionFactory(cooperative=coop, role="ketua").person)
        lapsed_bpu(PositionFactory(cooperative=coop, role="bendahara").person)
        CooperativeFactory(name=f"Koperasi Tidur {index}", status="tidak_aktif")
        active_bpu(BusinessFactory(name=f"Usaha {index}", in_official_db=True, kbli=f"{10 + index}111").owner)


def test_dashboard_runs_the_same_number_of_queries_whatever_the_data_size(dinas_client, world):
    dinas_client.get(reverse("dashboard:worklists"))  # the first request after login stamps the session
    small = _queries(dinas_client)
    small_filtered = _queries(dinas_client, {"kecamatan": "74.01.01", "jenis": "jasa"})
    _grow()
    assert _queries(dinas_client) == small
    assert _queries(dinas_client, {"kecamatan": "74.01.01", "jenis": "jasa"}) == small_filtered


def test_targets_show_progress_for_the_year(dinas_client, world):
    from django.utils import timezone

    year = timezone.localdate().year
    Target.objects.create(indicator=Indicator.COOP_COVERED_SHARE, year=year, value=Decimal("50"))
    Target.objects.create(indicator=Indicator.UMKM_OFFICIAL, year=year, value=Decimal("6"))
    Target.objects.create(indicator=Indicator.COOP_COVERED, year=year - 1, value=Decimal("9"))
    targets = {t["indicator"]: t for t in dinas_client.get(reverse("dashboard:index")).context["targets"]}
    assert set(targets) == {"coop_covered_share", "umkm_official"}
    assert targets["coop_covered_share"]["actual"] == 33.3
    assert targets["coop_covered_share"]["progress"] == pytest.approx(33.3 / 50)
    assert targets["umkm_official"]["progress"] == pytest.approx(3 / 6)
    # Targets are regency-wide: a filtered view does not compare a kecamatan with them.
    assert dinas_client.get(reverse("dashboard:index"), {"kecamatan": "74.01.01"}).context["targets"] is None


def test_targets_are_editable_in_admin_only(admin_client_kj, dinas_client):
    assert admin_client_kj.get(reverse("admin:dashboard_target_add")).status_code == 200
    assert dinas_client.get(reverse("admin:dashboard_target_add")).status_code == 302


def test_pdf_report_with_charts(dinas_client, dinas_user, world, export_via_task):
    exported = export_via_task(dinas_client, reverse("dashboard:report_pdf"), {"kecamatan": "74.01.01"})
    assert exported.response["Content-Type"] == "application/pdf"
    assert exported.content.startswith(b"%PDF")
    assert len(exported.content) > 10_000
    event = AccessEvent.objects.get(action="export")
    assert event.target == "dashboard:report"
    assert event.details["filters"] == {"kecamatan": "74.01.01"}


def test_report_html_has_the_svg_charts_and_the_stamp(dinas_client, world, monkeypatch, export_via_task):
    captured = {}

    class FakeHTML:
        def __init__(self, string, base_url):
            captured["html"] = string

        def write_pdf(self):
            return b"%PDF-fake"

    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    export_via_task(dinas_client, reverse("dashboard:report_pdf"), {"jenis": "produsen"})
    html = captured["html"]
    assert html.count("<svg") >= 10
    assert "Jenis koperasi: Produsen" in html
    assert "<a href" not in html
    assert "<form" not in html


def test_refresh_dashboard_rebuilds_the_fact_table_with_the_same_figures(dinas_client, world):
    live = dinas_client.get(reverse("dashboard:index")).context["data"]
    DashboardFact.objects.all().delete()
    call_command("refresh_dashboard")
    assert FactMeta.objects.get(pk=1).rebuilt_at is not None
    response = dinas_client.get(reverse("dashboard:index"))
    assert response.context["data"] == live
    assert "data per" in response.content.decode()


def test_panels_of_other_apps_say_when_there_is_no_data(dinas_client, world):
    html = dinas_client.get(reverse("dashboard:index")).content.decode()
    assert "Belum ada data penyaluran dari bank." in html
    assert 'id="panel-recommendations"' in html


def test_a_write_shows_on_the_next_view_without_any_cache(dinas_client, world):
    first = dinas_client.get(reverse("dashboard:index")).context["data"]
    active_coop(name="Koperasi Baru")
    second = dinas_client.get(reverse("dashboard:index"))
    assert second.context["data"]["coop"]["total"] == first["coop"]["total"] + 1
    assert second.context["data"]["coop"]["active"] == first["coop"]["active"] + 1
    assert second.context["data_as_of"] > dinas_client.get(reverse("dashboard:index")).context["data_as_of"] - timedelta(seconds=5)
