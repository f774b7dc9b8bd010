"""Template filters loaded everywhere (a builtin): Rupiah, dates, masking."""

import re
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from core import formatting, identifiers

register = template.Library()

register.filter("rupiah", formatting.rupiah)
register.filter("tanggal", formatting.tanggal)
register.filter("waktu", formatting.waktu)
register.filter("bulan", formatting.bulan)
register.filter("mask_nik", identifiers.mask_nik)
register.filter("mask_phone", identifiers.mask_phone)


@register.filter
def angka(value: Any) -> str:
    """A whole number with dots between thousands."""
    if value is None or value == "":
        return ""
    return formatting.group_thousands(int(value))


@register.filter
def persen(value: Any, digits: int | str = 1) -> str:
    """A ratio (0-1) or None as ``12,5 %``."""
    if value is None:
        return "–"
    text = f"{float(value) * 100:.{int(digits)}f}".replace(".", ",")
    return f"{text} %"


@register.simple_tag(takes_context=True)
def query_replace(context: template.Context, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


_CHART_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@register.filter
def chart_title(svg: object) -> str:
    """The title of a ``dashboard.charts`` chart (its SVG ``<title>``, escaped there)."""
    match = _CHART_TITLE.search(str(svg or ""))
    if not match:
        return ""
    return mark_safe(match.group(1)) if isinstance(svg, SafeData) else escape(match.group(1))  # noqa: S308 (escaped by the chart)


@register.filter
def titled_chart(svg: object) -> str:
    """A chart with its title shown above it as a heading (the SVG keeps ``<title>`` and ``aria-label``)."""
    if not svg:
        return ""
    return format_html('<h3 class="chart-title">{}</h3>{}', chart_title(svg), svg if isinstance(svg, SafeData) else escape(svg))
