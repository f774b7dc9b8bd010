"""Panels fed by apps below the dashboard: recommendations from ``compliance``, KUR/BPUM
disbursements from ``banking``. The bank panel is ``None`` while no bank has reported a
disbursement, and the panel says there is no data yet. A fixed number of queries each, whatever
the data size (decision times are read for the trend window only)."""

from __future__ import annotations

import statistics
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from banking.selectors import disbursement_summary
from compliance.models import Letter, RecommendationRequest, RequestState
from compliance.selectors import working_days_between
from regions.models import region_q


def _region_filter(qs, filters, field: str = "cooperative__desa"):
    return qs.filter(region_q(field, kecamatan=filters.kecamatan, desa=filters.desa))


def recommendation_panel(*, as_of: date, date_from: date, filters) -> dict:
    """Requests by state, median working days from submission to decision, letters expiring within
    30 days, and letters issued per month."""
    requests = _region_filter(RecommendationRequest.objects.all(), filters)
    letters = _region_filter(Letter.objects.all(), filters)
    if filters.jenis:
        requests = requests.filter(cooperative__jenis=filters.jenis)
        letters = letters.filter(cooperative__jenis=filters.jenis)
    labels = dict(RequestState.choices)
    counts = dict(requests.filter(submitted_at__date__lte=as_of).values_list("state").annotate(n=Count("pk")).order_by())
    by_state = [{"state": s, "label": str(labels[s]), "count": counts.get(s, 0)} for s in RequestState.values]
    decided = requests.filter(decided_at__isnull=False, decided_at__date__gte=date_from, decided_at__date__lte=as_of).values_list(
        "submitted_at", "decided_at"
    )
    durations = [working_days_between(timezone.localdate(submitted), timezone.localdate(decided_at)) for submitted, decided_at in decided]
    expiring = letters.expiring(as_of).count()
    issued = dict(
        letters.filter(issued_on__gte=date_from, issued_on__lte=as_of)
        .annotate(month=TruncMonth("issued_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "by_state": by_state,
        "median_working_days": statistics.median(durations) if durations else None,
        "decided": len(durations),
        "expiring_30": expiring,
        "issued_by_month": {(m.date() if hasattr(m, "date") and callable(m.date) else m).isoformat()[:7]: n for m, n in issued.items()},
    }


def bank_panel(*, as_of: date, date_from: date, filters) -> dict | None:
    """Disbursements reported by banks in the trend window and the share of enrolled borrowers."""
    summary = disbursement_summary({"date_from": date_from, "date_to": as_of})
    if not summary.get("count"):
        return None
    return summary
