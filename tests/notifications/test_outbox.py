"""The outbox (issue 17): every message a row, sent through the person's channel (e-mail or
WhatsApp through the HTTP gateway, only with consent), retried with backoff, never lost and never
delivered twice, its status visible to the Dinas and to the recipient; no secret link in a log."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from notifications import services
from notifications.models import Channel, ContactPreference, Kind, Message, Status
from tests.factories import CooperativeFactory, UserFactory
from tests.notifications.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db

WEBHOOK_TOKEN = "test-webhook-token-0123456789"


@pytest.fixture
def gateway(settings):
    gw = FakeGateway()
    settings.WHATSAPP_GATEWAY_URL = gw.url
    settings.WHATSAPP_GATEWAY_TOKEN = "gw-secret"
    settings.WHATSAPP_GATEWAY_TIMEOUT = 0.5
    settings.WHATSAPP_WEBHOOK_TOKEN = WEBHOOK_TOKEN
    yield gw
    gw.stop()


@pytest.fixture
def wa_user(db):
    user = UserFactory(username="ketua_wa", role=Role.KOPERASI, email="ketua.wa@example.test")
    user.phone = "081234567890"
    user.save()
    ContactPreference.objects.create(user=user, channel=Channel.WHATSAPP, phone_consent_at=timezone.now())
    return user


def _enqueue(user, **kwargs):
    subject = kwargs.pop("subject", "Permohonan KSU Uji: Diajukan")
    return services.message_enqueue(kind=Kind.REQUEST_STATE, recipient=user, subject=subject, body="Isi pesan", **kwargs)


def _make_due(message):
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_whatsapp_with_consent_is_sent_then_reported_delivered(gateway, wa_user, client):
    message = _enqueue(wa_user, cooperative=CooperativeFactory())
    assert message.channel == Channel.WHATSAPP
    assert message.status == Status.QUEUED
    sent = services.message_deliver(message_id=message.pk)
    assert sent.status == Status.SENT
    assert sent.provider_id.startswith("wa-")
    request = gateway.requests[-1]
    assert request["to"] == "081234567890"
    assert request["key"] == str(message.key)
    assert request["auth"] == "Bearer gw-secret"
    response = client.post(
        reverse("notifications:delivery_report"),
        {"reference": str(message.key), "status": "delivered"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {WEBHOOK_TOKEN}"},
    )
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.delivered_at
    assert gateway.delivered == {str(message.key): 1}


def test_the_phone_is_used_only_with_consent(gateway, wa_user):
    ContactPreference.objects.filter(user=wa_user).update(phone_consent_at=None)
    message = _enqueue(wa_user)
    assert message.channel == Channel.EMAIL
    assert message.address == "ketua.wa@example.test"
    services.message_deliver(message_id=message.pk)
    assert gateway.requests == []
    assert len(mail.outbox) == 1


def test_a_failing_gateway_is_retried_with_backoff_then_failed_with_a_reason(gateway, wa_user):
    gateway.mode = "fail"
    message = _enqueue(wa_user)
    first = services.message_deliver(message_id=message.pk)
    assert first.status == Status.QUEUED
    assert first.attempts == 1
    assert "HTTP 500" in first.last_error
    assert first.next_attempt_at > timezone.now() + timedelta(seconds=50)  # backoff, not an immediate retry
    assert services.outbox_flush() == 0  # not due yet
    for _attempt in range(services.MAX_ATTEMPTS - 1):
        _make_due(message)
        services.outbox_flush()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert "HTTP 500" in message.last_error
    assert "5 percobaan" in message.last_error
    assert gateway.delivered == {}


def test_a_rejected_number_fails_at_once(gateway, wa_user):
    gateway.mode = "reject"
    message = services.message_deliver(message_id=_enqueue(wa_user).pk)
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert "HTTP 400" in message.last_error


def test_a_timeout_after_the_gateway_accepted_is_retried_but_delivered_once(gateway, wa_user):
    gateway.mode, gateway.delay = "delay", 1.0  # longer than the 0.5 s timeout
    message = services.message_deliver(message_id=_enqueue(wa_user).pk)
    assert message.status == Status.QUEUED
    assert "unreachable" in message.last_error
    gateway.mode = "accept"
    _make_due(message)
    assert services.outbox_flush() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    key = str(message.key)
    assert gateway.accepted[key] == 2
    assert gateway.delivered[key] == 1


def test_killing_the_gateway_loses_no_message(settings, wa_user):
    gw = FakeGateway()
    settings.WHATSAPP_GATEWAY_URL, settings.WHATSAPP_GATEWAY_TIMEOUT = gw.url, 0.5
    port = gw.port
    messages = [_enqueue(wa_user) for _ in range(3)]
    services.message_deliver(message_id=messages[0].pk)
    gw.stop()  # the gateway dies
    for m in messages[1:]:
        services.message_deliver(message_id=m.pk)
    assert set(Message.objects.filter(pk__in=[m.pk for m in messages[1:]]).values_list("status", flat=True)) == {Status.QUEUED}
    revived = FakeGateway(port=port)
    try:
        for m in messages:
            _make_due(m)
        services.outbox_flush()
        statuses = dict(Message.objects.filter(pk__in=[m.pk for m in messages]).values_list("pk", "status"))
        assert set(statuses.values()) == {Status.SENT}
        assert all(revived.delivered.get(str(m.key), 0) + gw.delivered.get(str(m.key), 0) == 1 for m in messages)
    finally:
        revived.stop()


def test_a_worker_killed_mid_send_leaves_the_message_retried_once(gateway, wa_user):
    message = _enqueue(wa_user)
    claimed = services._claim(message.pk)  # the worker takes the message ... and dies before sending
    assert claimed == [(message.pk, 1)]
    assert services.outbox_flush() == 0  # its lease still holds: nobody sends it twice meanwhile
    Message.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.outbox_flush() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert gateway.delivered == {str(message.key): 1}
    assert gateway.accepted == {str(message.key): 1}
    # The dead worker's late outcome (attempt 1) no longer overwrites anything.
    assert services._attempt(message.pk, 1).status == Status.SENT
    assert gateway.delivered[str(message.key)] == 1


def test_no_address_is_recorded_as_failed(db):
    user = UserFactory(username="tanpa_alamat", role=Role.KOPERASI, email="")
    message = _enqueue(user)
    assert message.status == Status.FAILED
    assert "no address" in message.last_error


def test_delivery_report_needs_the_token_and_a_known_reference(gateway, wa_user, client):
    message = _enqueue(wa_user)
    url = reverse("notifications:delivery_report")
    body = {"reference": str(message.key), "status": "delivered"}
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.post(url, body, content_type="application/json", headers={"Authorization": "Bearer wrong"}).status_code == 403
    auth = {"Authorization": f"Bearer {WEBHOOK_TOKEN}"}
    assert client.post(url, "not json", content_type="application/json", headers=auth).status_code == 400
    assert (
        client.post(url, {"reference": str(message.key), "status": "weird"}, content_type="application/json", headers=auth).status_code
        == 400
    )
    assert client.post(url, {"reference": "nope", "status": "delivered"}, content_type="application/json", headers=auth).status_code == 404
    message.refresh_from_db()
    assert message.status == Status.QUEUED


def test_status_visible_to_the_dinas_and_to_the_recipient_only(gateway, wa_user, dinas_client, bpjs_client):
    gateway.mode = "reject"
    message = services.message_deliver(message_id=_enqueue(wa_user).pk)
    page = dinas_client.get(reverse("notifications:outbox"), {"status": "failed"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gagal" in html
    assert "HTTP 400" in html
    assert "081234567890" not in html
    assert "890" in html
    assert bpjs_client.get(reverse("notifications:outbox")).status_code == 403
    from django.test import Client

    own = Client()
    own.force_login(wa_user)
    mine = own.get(reverse("notifications:mine")).content.decode()
    assert message.subject in mine
    assert "Gagal" in mine
    assert message.subject not in bpjs_client.get(reverse("notifications:mine")).content.decode()


def test_choosing_whatsapp_needs_a_phone_and_consent(db):
    from django.test import Client

    user = UserFactory(username="pilih", role=Role.KOPERASI, email="pilih@example.test")
    client = Client()
    client.force_login(user)
    url = reverse("notifications:mine")
    page = client.post(url, {"channel": "whatsapp", "phone_consent": "on"})
    assert page.status_code == 200
    assert "nomor telepon" in page.content.decode()
    user.phone = "081299998888"
    user.save()
    page = client.post(url, {"channel": "whatsapp"})
    assert page.status_code == 200
    assert "persetujuan" in page.content.decode()
    assert not ContactPreference.objects.filter(user=user).exists()
    assert client.post(url, {"channel": "whatsapp", "phone_consent": "on"}).status_code == 302
    preference = ContactPreference.objects.get(user=user)
    assert preference.channel == Channel.WHATSAPP
    assert preference.phone_consent_at
    assert services.route_for(user) == (Channel.WHATSAPP, "081299998888")


def test_the_invitation_link_is_never_stored_nor_logged(koperasi_user, caplog, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "core.mail.RedactingConsoleBackend"
    from cooperatives.services import cooperative_access_grant
    from portal.services import delegate_invite

    coop = CooperativeFactory()
    cooperative_access_grant(user=koperasi_user, cooperative=coop)
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        result = delegate_invite(user=koperasi_user, cooperative=coop, role="sekretaris", full_name="Sri Wahyuni", email="sri@example.test")
    token_part = result.link.rstrip("/").rsplit("/", 1)[-1]
    message = Message.objects.get(kind=Kind.DELEGATE_INVITE)
    assert message.status == Status.SENT
    assert "{password_link}" in message.body
    assert token_part not in message.body
    assert token_part not in caplog.text
