"""The outbox: every notification is a row written in the transaction of the change that causes
it, then sent by a task through the recipient's channel, retried with backoff."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    DELIVERED = "delivered", _("Diterima")
    FAILED = "failed", _("Gagal")


class Kind(models.TextChoices):
    REQUEST_STATE = "request_state", _("Status permohonan rekomendasi")
    LETTER_REVOKED = "letter_revoked", _("Surat dicabut")
    DELEGATE_INVITE = "delegate_invite", _("Undangan delegasi")
    DIGEST = "digest", _("Ringkasan harian (surat kedaluwarsa, tunggakan)")


# The body of an invitation holds this placeholder; the one-time link is made only when the
# message is sent, so no secret link is ever stored in the outbox or written to a log.
PASSWORD_LINK = "{password_link}"


class ContactPreference(models.Model):
    """How a person wants to be reached; the phone is used only with consent recorded."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_preference")
    channel = models.CharField(_("saluran pilihan"), max_length=10, choices=Channel, default=Channel.EMAIL)
    phone_consent_at = models.DateTimeField(_("persetujuan pemakaian nomor telepon"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preferensi kontak")
        verbose_name_plural = _("preferensi kontak")

    def __str__(self):
        return f"{self.user} · {self.get_channel_display()}"


class Message(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penerima"), null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    recipient_name = models.CharField(_("nama penerima"), max_length=150, blank=True)
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("koperasi"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel)
    address = models.CharField(_("alamat tujuan"), max_length=254, blank=True)
    subject = models.CharField(_("judul"), max_length=255)
    body = models.TextField(_("isi"))
    dedup_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    last_error = models.CharField(_("alasan gagal"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_name or '-'} ({self.get_status_display()})"

    @property
    def masked_address(self) -> str:
        """An e-mail as is; a phone number with only its last three digits."""
        if self.channel == Channel.EMAIL or not self.address:
            return self.address
        return "•" * max(len(self.address) - 3, 0) + self.address[-3:]
