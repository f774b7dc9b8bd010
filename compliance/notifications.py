"""Messages to the cooperative head(s) and the Dinas on every state change of a request and on a
revocation, and the daily digest of expiring letters and lapsing participants. Each message is an
outbox row written in the transaction of the change (``notifications.services.message_enqueue``)
and sent after commit through the recipient's channel, with retries and a delivery status."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import tanggal
from core.roles import Role
from notifications.models import Kind
from notifications.services import message_enqueue


def recipient_users(cooperative_id: int) -> list:
    """The cooperative's bound heads and the Dinas staff (active accounts), each once."""
    from cooperatives.models import CooperativeAccess

    User = get_user_model()
    head_ids = CooperativeAccess.objects.filter(cooperative_id=cooperative_id, is_active=True).values_list("user_id", flat=True)
    users = User.objects.filter(is_active=True).filter(pk__in=list(head_ids)) | User.objects.filter(is_active=True, groups__name=Role.DINAS)
    return list(users.distinct().order_by("pk"))


def _enqueue_all(kind: str, cooperative, subject: str, body: str) -> None:
    for user in recipient_users(cooperative.pk):
        message_enqueue(kind=kind, recipient=user, subject=subject, body=body, cooperative=cooperative)


def schedule_state_change(request, transition) -> None:
    from institution.selectors import site_url

    state = transition.get_to_state_display()
    subject = _("[Kolaka Jamsostek] Permohonan rekomendasi %(coop)s: %(state)s") % {"coop": request.cooperative.name, "state": state}
    lines = [
        _("Koperasi: %(coop)s") % {"coop": request.cooperative.name},
        _("Keperluan: %(purpose)s") % {"purpose": request.get_purpose_display()},
        _("Status: %(from)s → %(to)s") % {"from": transition.get_from_state_display() or "–", "to": state},
    ]
    if transition.reason:
        lines.append(_("Keterangan: %(reason)s") % {"reason": transition.reason})
    lines.append(_("Rincian: %(url)s") % {"url": site_url() + request.get_absolute_url()})
    _enqueue_all(Kind.REQUEST_STATE, request.cooperative, subject, "\n".join(lines))


def schedule_letter_revoked(letter) -> None:
    subject = _("[Kolaka Jamsostek] Surat rekomendasi %(number)s dicabut") % {"number": letter.number}
    body = "\n".join(
        [
            _("Koperasi: %(coop)s") % {"coop": letter.cooperative.name},
            _("Surat %(number)s dicabut. Alasan: %(reason)s") % {"number": letter.number, "reason": letter.revoke_reason},
            _("Verifikasi: %(url)s") % {"url": letter.verification_url},
        ]
    )
    _enqueue_all(Kind.LETTER_REVOKED, letter.cooperative, subject, body)


def lapsing_by_cooperative(*, today: date) -> dict[int, list[str]]:
    """Names of people with a current position in each cooperative whose participation is still
    active but in arrears (menunggak: they lapse if they do not pay)."""
    from cooperatives.models import Position
    from enrollment.models import Participation

    in_arrears = Participation.objects.active(today).exclude(pk__in=Participation.objects.paid_up(today).values("pk"))
    result: dict[int, list[str]] = {}
    rows = (
        Position.objects.current(today)
        .filter(person_id__in=in_arrears.values("person_id"))
        .values_list("cooperative_id", "person__name")
        .order_by("cooperative_id", "person__name")
        .distinct()
    )
    for cooperative_id, name in rows:
        result.setdefault(cooperative_id, []).append(name)
    return result


def daily_digest(*, today: date | None = None) -> int:
    """One message per cooperative head (ketua) whose cooperative has a letter expiring within
    30 days or participants lapsing for arrears; at most one digest per head and day. Returns the
    number of digests written."""
    from django.db import transaction

    from compliance.models import Letter
    from cooperatives.models import CooperativeAccess, PositionRole

    today = today or timezone.localdate()
    expiring: dict[int, list] = {}
    for letter in Letter.objects.expiring(today).order_by("valid_until"):
        expiring.setdefault(letter.cooperative_id, []).append(letter)
    lapsing = lapsing_by_cooperative(today=today)
    cooperative_ids = set(expiring) | set(lapsing)
    written = 0
    heads = (
        CooperativeAccess.objects.filter(cooperative_id__in=cooperative_ids, is_active=True, role=PositionRole.KETUA)
        .select_related("user", "cooperative")
        .order_by("user_id", "cooperative__name")
    )
    per_head: dict[int, list] = {}
    for access in heads:
        if access.user.is_active:
            per_head.setdefault(access.user_id, []).append(access)
    for accesses in per_head.values():
        user = accesses[0].user
        lines = [_("Ringkasan %(date)s untuk %(name)s:") % {"date": tanggal(today), "name": user.display_name}]
        for access in accesses:
            coop = access.cooperative
            lines.append("")
            lines.append(coop.name)
            for letter in expiring.get(coop.pk, []):
                lines.append(
                    _("- Surat %(number)s berakhir %(date)s (%(days)s hari lagi): ajukan permohonan baru.")
                    % {"number": letter.number, "date": tanggal(letter.valid_until), "days": (letter.valid_until - today).days}
                )
            people = lapsing.get(coop.pk, [])
            if people:
                lines.append(
                    _("- %(count)s peserta menunggak iuran dan akan/sudah nonaktif: %(names)s")
                    % {"count": len(people), "names": ", ".join(people[:10]) + (" …" if len(people) > 10 else "")}
                )
        subject = _("[Kolaka Jamsostek] Ringkasan harian: surat dan iuran yang perlu ditindaklanjuti")
        with transaction.atomic():
            message = message_enqueue(
                kind=Kind.DIGEST,
                recipient=user,
                subject=subject,
                body="\n".join(lines),
                cooperative=accesses[0].cooperative if len(accesses) == 1 else None,
                dedup_key=f"digest:{user.pk}:{today.isoformat()}",
            )
        written += message is not None
    return written
