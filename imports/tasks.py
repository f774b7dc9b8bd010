"""Background work of the import pipeline (django-tasks: immediate in tests, db_worker otherwise)."""

from django_tasks import task

from imports.pipeline import run_job


@task()
def import_preview(job_id: int) -> str:
    """Read and check the file, compute what a commit would do, write nothing."""
    return run_job(job_id, commit=False).state


@task()
def import_commit(job_id: int) -> str:
    """Write every valid row in one transaction."""
    return run_job(job_id, commit=True).state
