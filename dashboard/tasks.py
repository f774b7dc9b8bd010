"""Background refresh of the dashboard's summary snapshots (after imports and nightly)."""

from django_tasks import task


@task()
def refresh_dashboard_snapshots() -> int:
    """Rebuild the regency-wide and per-kecamatan snapshots; returns how many were written."""
    from dashboard.services import snapshots_refresh_all

    return len(snapshots_refresh_all())
