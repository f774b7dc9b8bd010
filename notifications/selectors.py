"""Scoped reads of the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from core.roles import UserLike
from notifications.models import Message


def outbox_for_dinas(*, status: str = "", kind: str = "") -> QuerySet[Message]:
    qs = Message.objects.select_related("cooperative").only(
        "kind",
        "recipient_name",
        "cooperative__name",
        "channel",
        "address",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "delivered_at",
    )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def messages_of(*, user: UserLike) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user).only(
        "kind", "channel", "subject", "status", "last_error", "created_at", "sent_at", "delivered_at"
    )
