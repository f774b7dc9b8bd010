"""Background work of the dashboard: the exports."""

from django_tasks import task


@task()
def run_export(job_id: int) -> str:
    """Build one export (a work list or the dashboard PDF); returns its final state."""
    from dashboard.exports import run

    return run(job_id).state
