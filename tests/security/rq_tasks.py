"""A task for the Redis (RQ) backend test; importable by module path as an RQ job must be."""

from django_tasks import task


@task()
def record_ping(label: str) -> int:
    from accounts.models import AccessEvent

    event = AccessEvent.objects.create(action=AccessEvent.Action.DOWNLOAD, target=f"rq:{label}")
    return event.pk
