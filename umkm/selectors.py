"""Reads of UMKM businesses."""

from umkm.models import Business


def business_list(*, filters: dict | None = None):
    qs = Business.objects.select_related("owner", "desa", "desa__parent")
    filters = filters or {}
    if filters.get("q"):
        qs = qs.filter(name__icontains=filters["q"])
    if filters.get("scale"):
        qs = qs.filter(scale=filters["scale"])
    if filters.get("official") in ("1", "0"):
        qs = qs.filter(in_official_db=filters["official"] == "1")
    if filters.get("kecamatan"):
        qs = qs.filter(desa__parent_id=filters["kecamatan"])
    if filters.get("desa"):
        qs = qs.filter(desa_id=filters["desa"])
    if filters.get("kbli"):
        qs = qs.filter(kbli__startswith=filters["kbli"][:5])
    return qs.order_by("name", "pk")
