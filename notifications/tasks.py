"""Background sending of the outbox."""

from django_tasks import task

from institution.middleware import in_instansi_zone


@task()
@in_instansi_zone
def deliver_message(message_id: int) -> str:
    from notifications.services import message_deliver

    message = message_deliver(message_id=message_id)
    return message.status if message else "skipped"


@task()
@in_instansi_zone
def flush_outbox() -> int:
    from notifications.services import outbox_flush

    return outbox_flush()
