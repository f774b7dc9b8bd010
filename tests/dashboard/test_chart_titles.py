"""Every dashboard chart has a visible title and an accessible name; no median is shown without data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'<figure class="[^"]*chart[^"]*">(.*?)</figure>', re.S)
TITLED = re.compile(r'^<h3 class="chart-title">([^<]+)</h3><svg [^>]*role="img" aria-label="([^"]+)"[^>]*><title>([^<]+)</title>', re.S)


def _figures(page: str) -> list[str]:
    return FIGURE.findall(page)


def test_every_chart_has_a_visible_title_and_an_accessible_name(dinas_client, world):
    page = dinas_client.get(reverse("dashboard:index")).content.decode()
    figures = _figures(page)
    assert len(figures) >= 12
    titles = []
    for figure in figures:
        match = TITLED.match(figure.strip())
        assert match, figure[:300]
        visible, label, title = match.groups()
        assert visible == label == title
        titles.append(visible)
    assert "Corong UMKM" in titles
    assert "Kepesertaan aktif per akhir bulan" in titles
    assert page.count("<svg") == len(figures)


def test_chart_titles_follow_the_language(dinas_client, world):
    dinas_client.cookies["django_language"] = "en"
    page = dinas_client.get(reverse("dashboard:index")).content.decode()
    titles = [TITLED.match(f.strip()).group(1) for f in _figures(page)]
    assert "Corong UMKM" not in titles
    assert all(titles)


def test_no_median_without_decisions(dinas_client):
    page = dinas_client.get(reverse("dashboard:index")).content.decode()
    median = re.search(r"Median hari kerja sampai keputusan</dt><dd>([^<]*)</dd>", page)
    assert median, "the recommendations panel shows the median row"
    assert median.group(1) == "–"
    assert "0,0" not in median.group(1)


def test_titled_chart_filter_escapes_and_skips_empty_charts():
    from core.templatetags.kj import chart_title, titled_chart
    from dashboard import charts

    svg = charts.bar_chart("A & <b>", [("x", 1)])
    assert chart_title(svg) == "A &amp; &lt;b&gt;"
    assert titled_chart(svg).startswith('<h3 class="chart-title">A &amp; &lt;b&gt;</h3><svg ')
    assert titled_chart("") == ""
