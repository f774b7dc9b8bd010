"""Writes of the outbox: ``message_enqueue`` (in the caller's transaction), ``message_deliver``
(one attempt, claimed under a lease), ``outbox_flush`` (due retries and abandoned claims),
``delivery_report`` (the gateway's callback) and ``preference_update``."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.roles import UserLike
from notifications import channels
from notifications.models import PASSWORD_LINK, Channel, ContactPreference, Message, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # 1, 2, 4, 8 minutes between the five attempts
LEASE_SECONDS = 300  # a claim older than this is a worker that died mid-send


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), 3600))


def route_for(user: UserLike) -> tuple[str, str]:
    """(channel, address) for a user: the preferred channel when usable, else e-mail. A phone
    number is used only with the person's consent on record."""
    preference = ContactPreference.objects.filter(user=user).first()
    phone = (getattr(user, "phone", "") or "").strip()
    if preference and preference.channel in (Channel.WHATSAPP, Channel.SMS) and preference.phone_consent_at and phone:
        return preference.channel, phone
    return Channel.EMAIL, (user.email or "").strip()


def message_enqueue(
    *, kind: str, recipient: UserLike, subject: str, body: str, cooperative: Any = None, dedup_key: str | None = None
) -> Message | None:
    """Write the message in the current transaction; it is sent by a task after commit. With a
    ``dedup_key`` already used, nothing is written (``None``). A recipient without any usable
    address gets a row that is failed at once, so the Dinas sees who could not be reached."""
    if dedup_key and Message.objects.filter(dedup_key=dedup_key).exists():
        return None
    channel, address = route_for(recipient)
    message = Message(
        kind=kind,
        recipient=recipient,
        recipient_name=(getattr(recipient, "display_name", "") or recipient.get_username())[:150],
        cooperative=cooperative,
        channel=channel,
        address=address,
        subject=subject[:255],
        body=body,
        dedup_key=dedup_key,
        next_attempt_at=timezone.now(),
    )
    if not address:
        message.status = Status.FAILED
        message.last_error = "no address (no e-mail, no phone with consent)"
    message.full_clean(exclude=["recipient", "cooperative"])
    message.save()
    if message.status == Status.QUEUED:
        message_id = message.pk
        transaction.on_commit(lambda: _schedule(message_id))
    return message


def _schedule(message_id: int) -> None:
    from notifications.tasks import deliver_message

    try:
        deliver_message.enqueue(message_id)
    except Exception:  # noqa: BLE001 - the row stays queued; outbox_flush sends it
        logger.warning("outbox: could not enqueue message %s; left for the flush", message_id)


def _claim(message_id: int | None = None, *, limit: int = 50) -> list[tuple[int, int]]:
    """Claim due messages (queued and due, or abandoned mid-send): (id, attempt number)."""
    now = timezone.now()
    with transaction.atomic():
        from django.db.models import Q

        due = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(status=Status.SENDING, claimed_until__lt=now)
        qs = Message.objects.select_for_update(skip_locked=True).filter(due)
        if message_id is not None:
            qs = qs.filter(pk=message_id)
        claimed = []
        for message in qs.order_by("next_attempt_at", "pk")[:limit]:
            message.status = Status.SENDING
            message.attempts += 1
            message.claimed_until = now + timedelta(seconds=LEASE_SECONDS)
            message.save(update_fields=["status", "attempts", "claimed_until", "updated_at"])
            claimed.append((message.pk, message.attempts))
    return claimed


def _password_link(user: UserLike) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("portal:invitation_accept", args=[uidb64, token])


def _rendered_body(message: Message) -> str:
    body = message.body
    if PASSWORD_LINK in body:
        user = message.recipient
        link = (
            _password_link(user) if user is not None and not user.has_usable_password() else settings.SITE_URL + reverse("accounts:login")
        )
        body = body.replace(PASSWORD_LINK, link)
    return body


def _attempt(message_id: int, attempt: int) -> Message:
    message = Message.objects.select_related("recipient").get(pk=message_id)
    outcome: dict = {}
    try:
        provider_id = channels.send(
            channel=message.channel, address=message.address, subject=message.subject, body=_rendered_body(message), key=str(message.key)
        )
        outcome = {"status": Status.SENT, "provider_id": provider_id, "sent_at": timezone.now(), "last_error": ""}
    except channels.Permanent as exc:
        outcome = {"status": Status.FAILED, "last_error": str(exc)[:255]}
    except channels.Retryable as exc:
        if attempt >= MAX_ATTEMPTS:
            outcome = {"status": Status.FAILED, "last_error": _("%(reason)s (setelah %(n)s percobaan)") % {"reason": exc, "n": attempt}}
        else:
            outcome = {"status": Status.QUEUED, "last_error": str(exc)[:255], "next_attempt_at": timezone.now() + backoff(attempt)}
    # Written only by the claim that is still current (a worker presumed dead that wakes up late
    # does not overwrite a newer attempt's outcome).
    updated = Message.objects.filter(pk=message_id, status=Status.SENDING, attempts=attempt).update(
        claimed_until=None, updated_at=timezone.now(), **outcome
    )
    # Never the body or the address: the log holds ids, channel and outcome only.
    logger.info("outbox message %s via %s attempt %s: %s", message_id, message.channel, attempt, outcome["status"] if updated else "stale")
    message.refresh_from_db()
    return message


def message_deliver(*, message_id: int) -> Message | None:
    """One attempt for one message (no-op when it is not due or another worker holds it)."""
    claimed = _claim(message_id)
    if not claimed:
        return None
    return _attempt(*claimed[0])


def outbox_flush(*, limit: int = 200) -> int:
    """Send every due message (retries whose backoff has passed, claims abandoned by a dead
    worker). Run every minute (``manage.py send_outbox``, or the task ``flush_outbox``)."""
    count = 0
    for message_id, attempt in _claim(limit=limit):
        _attempt(message_id, attempt)
        count += 1
    return count


@transaction.atomic
def delivery_report(*, reference: str, status: str, reason: str = "") -> Message:
    """The gateway reports a message delivered (or failed after it accepted it)."""
    status = str(status or "").lower()
    if status not in ("delivered", "read", "failed"):
        raise ValidationError(_("Status laporan tidak dikenal."))
    try:
        message = Message.objects.select_for_update().get(key=reference)
    except (Message.DoesNotExist, ValidationError, ValueError):
        raise Message.DoesNotExist from None
    if message.status == Status.DELIVERED:
        return message
    if status == "failed":
        message.status = Status.FAILED
        message.last_error = (str(reason or "") or "gateway reported failure")[:255]
    else:
        message.status = Status.DELIVERED
        message.delivered_at = timezone.now()
    message.save(update_fields=["status", "last_error", "delivered_at", "updated_at"])
    return message


@transaction.atomic
def preference_update(*, user: UserLike, channel: str, phone_consent: bool) -> ContactPreference:
    """The person chooses a channel; WhatsApp and SMS need a phone number and consent."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Saluran tidak dikenal.")})
    if channel != Channel.EMAIL:
        if not (user.phone or "").strip():
            raise ValidationError({"channel": _("Isi nomor telepon di profil Anda dulu untuk memakai WhatsApp atau SMS.")})
        if not phone_consent:
            raise ValidationError({"phone_consent": _("WhatsApp atau SMS hanya dengan persetujuan pemakaian nomor telepon Anda.")})
    preference, _created = ContactPreference.objects.select_for_update().get_or_create(user=user)
    preference.channel = channel
    if phone_consent and preference.phone_consent_at is None:
        preference.phone_consent_at = timezone.now()
    if not phone_consent:
        preference.phone_consent_at = None
    preference.full_clean()
    preference.save()
    return preference
