"""Background work of the dashboard: the fact-table rebuild and the exports."""

from django_tasks import task


@task()
def rebuild_dashboard_facts() -> int:
    """Rebuild the fact table; returns how many rows were written."""
    from dashboard.services import facts_rebuild

    return facts_rebuild()["rows"]


@task()
def run_export(job_id: int) -> str:
    """Build one export (a work list or the dashboard PDF); returns its final state."""
    from dashboard.exports import run

    return run(job_id).state
