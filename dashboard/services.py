"""Writes of the dashboard: rebuilding the summary snapshots."""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

from dashboard.filters import DashboardFilters
from dashboard.models import DashboardSnapshot
from dashboard.selectors import dashboard_data
from regions.selectors import kecamatan_list


@transaction.atomic
def snapshot_refresh(*, filters: DashboardFilters) -> DashboardSnapshot:
    """Recompute and store the figures for one filter combination."""
    started = time.perf_counter()
    data = dashboard_data(filters)
    elapsed = int((time.perf_counter() - started) * 1000)
    snapshot, _ = DashboardSnapshot.objects.update_or_create(
        key=filters.key, defaults={"data": data, "computed_at": timezone.now(), "duration_ms": elapsed}
    )
    return snapshot


def snapshots_refresh_all() -> list[DashboardSnapshot]:
    """The regency-wide view, each kecamatan and each cooperative type for today: the views
    leadership opens most. Other combinations (a desa, a type within a kecamatan, a past month)
    are computed live."""
    DashboardSnapshot.objects.filter(computed_at__lt=timezone.now() - timezone.timedelta(days=7)).delete()
    from cooperatives.models import CooperativeType

    combos = (
        [DashboardFilters()]
        + [DashboardFilters(kecamatan=k.code) for k in kecamatan_list()]
        + [DashboardFilters(jenis=j) for j in CooperativeType.values]
    )
    return [snapshot_refresh(filters=f) for f in combos]
