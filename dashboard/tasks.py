"""Background work of the dashboard: the fact-table rebuild and the exports."""

from django_tasks import task


@task()
def rebuild_dashboard_facts() -> int:
    """Rebuild the fact table; returns how many rows were written."""
    from dashboard.services import facts_rebuild

    return facts_rebuild()["rows"]
