"""Template filters loaded everywhere (a builtin): Rupiah, dates, masking."""

from django import template

from core import formatting, identifiers

register = template.Library()

register.filter("rupiah", formatting.rupiah)
register.filter("tanggal", formatting.tanggal)
register.filter("waktu", formatting.waktu)
register.filter("bulan", formatting.bulan)
register.filter("mask_nik", identifiers.mask_nik)
register.filter("mask_phone", identifiers.mask_phone)


@register.filter
def angka(value):
    """A whole number with dots between thousands."""
    if value is None or value == "":
        return ""
    return formatting.group_thousands(int(value))


@register.filter
def persen(value, digits=1):
    """A ratio (0-1) or None as ``12,5 %``."""
    if value is None:
        return "–"
    text = f"{float(value) * 100:.{int(digits)}f}".replace(".", ",")
    return f"{text} %"


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
