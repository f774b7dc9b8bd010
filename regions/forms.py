"""Form helpers for choosing a region, shared by every form that records where something is."""

from django.utils.translation import gettext_lazy as _

from regions.selectors import village_list


def village_choices():
    """Every desa/kelurahan of the deployment's regency, labelled with its kecamatan."""
    rows = village_list().select_related("parent").order_by("parent__name", "name")
    return [("", _("— pilih desa/kelurahan —"))] + [(r.code, f"{r.name} — {r.parent.name}") for r in rows]
