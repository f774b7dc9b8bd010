"""Every number on the dashboard equals an independent count from the models."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Cooperative
from core.templatetags.kj import persen
from demo import seed as demo_seed
from demo.seeders import outreach as outreach_seeder
from regions.models import Region
from tests.dashboard import independent

pytestmark = pytest.mark.django_db


def _region_rows_match(data, kecamatan=""):
    for row in data["by_region"]:
        expected = independent.counts(timezone.localdate(), kecamatan=row["code"]) if not kecamatan else None
        if expected is None:
            continue
        assert {"known": row["umkm_known"], "official": row["umkm_official"], "covered": row["umkm_covered"]} == expected["umkm"]
        assert {"total": row["coop_total"], "active": row["coop_active"], "covered": row["coop_covered"]} == expected["coop"]


def test_world_figures_equal_independent_counts(dinas_client, world):
    response = dinas_client.get(reverse("dashboard:index"))
    data = response.context["data"]
    independent.assert_matches(data, independent.counts(timezone.localdate()))
    assert data["coop"] == {"total": 5, "active": 3, "covered": 1}
    assert data["umkm"] == {"known": 4, "official": 3, "covered": 1}
    _region_rows_match(data)


def test_the_ten_percent_is_visible(dinas_client, world):
    html = dinas_client.get(reverse("dashboard:index")).content.decode()
    match = re.search(r'data-metric="coop-share">([^<]+)<', html)
    assert match
    assert match.group(1) == persen(1 / 3)


@override_settings(DEBUG=True)
def test_demo_data_every_number_equals_an_independent_count(dinas_client, monkeypatch):
    # The register's demo plus the outreach demo (other feature seeders are tested in their areas).
    monkeypatch.setattr(demo_seed, "_run_seeders", lambda ctx: outreach_seeder.seed(ctx))
    demo_seed.seed(scale=0.05)
    as_of = timezone.localdate()
    response = dinas_client.get(reverse("dashboard:index"))
    data = response.context["data"]
    expected = independent.counts(as_of)
    independent.assert_matches(data, expected)
    _region_rows_match(data)
    html = response.content.decode()
    # The funnel figures as printed, and the headline share of active cooperatives covered.
    assert f'data-metric="coop-share">{persen(expected["coop"]["covered"] / expected["coop"]["active"])}<' in html
    for prefix, values in (("umkm", expected["umkm"].values()), ("coop", expected["coop"].values())):
        for index, value in enumerate(values, start=1):
            assert re.search(rf'data-metric="{prefix}-{index}">{value:,}<'.replace(",", "."), html), (prefix, index)
    # Inside one kecamatan, per desa.
    kecamatan = Cooperative.objects.active(as_of).values_list("desa__parent_id", flat=True).first()
    data = dinas_client.get(reverse("dashboard:index"), {"kecamatan": kecamatan}).context["data"]
    independent.assert_matches(data, independent.counts(as_of, kecamatan=kecamatan))
    assert {r["code"] for r in data["by_region"]} <= set(Region.objects.filter(parent_id=kecamatan).values_list("code", flat=True))


def test_filters_by_kecamatan_and_type(dinas_client, world):
    as_of = timezone.localdate()
    data = dinas_client.get(reverse("dashboard:index"), {"kecamatan": world.other_kecamatan.code}).context["data"]
    independent.assert_matches(data, independent.counts(as_of, kecamatan=world.other_kecamatan.code))
    assert data["coop"] == {"total": 2, "active": 0, "covered": 0}
    data = dinas_client.get(reverse("dashboard:index"), {"jenis": "produsen"}).context["data"]
    assert data["coop"] == {"total": 1, "active": 1, "covered": 0}
    data = dinas_client.get(reverse("dashboard:index"), {"kecamatan": "74.01.01", "desa": world.other_village.code}).context["data"]
    assert data["filters"]["desa"] == ""  # a desa outside the kecamatan is dropped, not an error


def test_a_past_period_counts_as_of_that_month_end(dinas_client, world):
    data = dinas_client.get(reverse("dashboard:index"), {"period": "2023-06"}).context["data"]
    assert data["as_of"] == "2023-06-30"
    independent.assert_matches(data, independent.counts(timezone.datetime(2023, 6, 30).date()))


@pytest.mark.parametrize("params", [{"kecamatan": "x' OR 1=1"}, {"period": "2099-13"}, {"jenis": "<b>"}, {"desa": "74.01"}])
def test_bad_filters_are_ignored_never_an_error(dinas_client, world, params):
    response = dinas_client.get(reverse("dashboard:index"), params)
    assert response.status_code == 200
    assert response.context["data"]["coop"]["total"] == 5


def test_htmx_filter_returns_the_body_and_keeps_the_url(dinas_client, world):
    page = dinas_client.get(reverse("dashboard:index")).content.decode()
    assert 'hx-push-url="true"' in page
    assert 'hx-target="#dashboard-body"' in page
    response = dinas_client.get(
        reverse("dashboard:index"), {"kecamatan": "74.01.01"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="dashboard-body"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "kecamatan=74.01.01" in body  # drill-down links and the PDF link carry the filter


def test_charts_are_inline_svg_with_a_table_twin(dinas_client, world):
    html = dinas_client.get(reverse("dashboard:index")).content.decode()
    assert html.count("<svg") >= 10
    assert html.count('class="twin"') >= 8
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert " style=" not in html
