"""E-mails to the cooperative head(s) and the Dinas on every state change, sent after commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import Role

logger = logging.getLogger(__name__)


def recipients_for(cooperative_id: int) -> list[str]:
    """E-mail addresses of the cooperative's bound heads and of the Dinas staff."""
    from cooperatives.models import CooperativeAccess

    heads = CooperativeAccess.objects.filter(cooperative_id=cooperative_id, is_active=True).values_list("user__email", flat=True)
    dinas = get_user_model().objects.filter(groups__name=Role.DINAS, is_active=True).values_list("email", flat=True)
    return sorted({email for email in [*heads, *dinas] if email})


def _send(cooperative_id: int, subject: str, body: str) -> None:
    to = recipients_for(cooperative_id)
    if not to:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except Exception:  # noqa: BLE001 - a mail outage must never undo a committed decision
        logger.exception("compliance notification failed for cooperative %s", cooperative_id)


def schedule_state_change(request, transition) -> None:
    state = transition.get_to_state_display()
    subject = _("[Kolaka Jamsostek] Permohonan rekomendasi %(coop)s: %(state)s") % {"coop": request.cooperative.name, "state": state}
    lines = [
        _("Koperasi: %(coop)s") % {"coop": request.cooperative.name},
        _("Keperluan: %(purpose)s") % {"purpose": request.get_purpose_display()},
        _("Status: %(from)s → %(to)s") % {"from": transition.get_from_state_display() or "–", "to": state},
    ]
    if transition.reason:
        lines.append(_("Keterangan: %(reason)s") % {"reason": transition.reason})
    lines.append(_("Rincian: %(url)s") % {"url": settings.SITE_URL + request.get_absolute_url()})
    body = "\n".join(lines)
    cooperative_id = request.cooperative_id
    transaction.on_commit(lambda: _send(cooperative_id, subject, body))


def schedule_letter_revoked(letter) -> None:
    subject = _("[Kolaka Jamsostek] Surat rekomendasi %(number)s dicabut") % {"number": letter.number}
    body = "\n".join(
        [
            _("Koperasi: %(coop)s") % {"coop": letter.cooperative.name},
            _("Surat %(number)s dicabut. Alasan: %(reason)s") % {"number": letter.number, "reason": letter.revoke_reason},
            _("Verifikasi: %(url)s") % {"url": letter.verification_url},
        ]
    )
    cooperative_id = letter.cooperative_id
    transaction.on_commit(lambda: _send(cooperative_id, subject, body))
