"""Writes a cooperative head makes from the portal: his board and employees, and his delegates.

Every function takes a cooperative the caller already scoped with ``cooperative_get`` and checks
again that the object written belongs to it. Changes are audited (``portal.audit``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_create
from cooperatives.models import Cooperative, CooperativeAccess, Position, PositionRole
from cooperatives.services import cooperative_access_grant, cooperative_access_revoke, position_add, position_end
from core.roles import Role, has_role
from enrollment.services import person_get_or_create, person_update
from portal.selectors import is_ketua

DELEGATE_ROLES = (CooperativeAccess.AccessRole.SEKRETARIS, CooperativeAccess.AccessRole.BENDAHARA)


@dataclass
class MemberAddResult:
    position: Position
    person_created: bool
    warnings: list[str] = field(default_factory=list)


def _require_own(cooperative: Cooperative, obj) -> None:
    if obj.cooperative_id != cooperative.pk:
        raise PermissionDenied


@transaction.atomic
def member_add(
    *, cooperative: Cooperative, nik: str, name: str, role: str, started_on: date, phone: str = "", address: str = ""
) -> MemberAddResult:
    """Add a board member, supervisor or employee by NIK (validated); a person already in the
    register keeps his data and gets the position."""
    if role not in PositionRole.values:
        raise ValidationError({"role": _("Pilih jabatan.")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("Tanggal mulai tidak boleh di masa depan.")})
    if not str(name or "").strip():
        raise ValidationError({"name": _("Nama wajib diisi.")})
    result = person_get_or_create(nik=nik, name=name, phone=phone, address=address)
    warnings = list(result.warnings)
    if not result.created:
        warnings.append(_("NIK ini sudah ada di register; data orang tersebut tidak diubah dari sini."))
    position = position_add(cooperative=cooperative, person=result.person, role=role, started_on=started_on)
    return MemberAddResult(position=position, person_created=result.created, warnings=warnings)


@transaction.atomic
def member_end(*, cooperative: Cooperative, position: Position, ended_on: date) -> Position:
    """End a position of this cooperative (the person stays in the register)."""
    _require_own(cooperative, position)
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Tanggal selesai tidak boleh di masa depan.")})
    return position_end(position=position, ended_on=ended_on)


@transaction.atomic
def member_correct(*, cooperative: Cooperative, position: Position, name: str, phone: str = "", address: str = "") -> Position:
    """Correct the name, phone or address of a person holding a position here (the NIK stays)."""
    _require_own(cooperative, position)
    if not str(name or "").strip():
        raise ValidationError({"name": _("Nama wajib diisi.")})
    person_update(person=position.person, name=name, phone=phone, address=address)
    return position


def _require_ketua(user, cooperative: Cooperative) -> None:
    if not is_ketua(user=user, cooperative=cooperative):
        raise PermissionDenied(_("Hanya ketua koperasi yang dapat mengatur delegasi."))


def invitation_link(user: User) -> str:
    """A one-time link to set a password (invalid once the password is set)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("portal:invitation_accept", args=[uidb64, token])


@dataclass
class InviteResult:
    access: CooperativeAccess
    link: str
    created_user: bool


@transaction.atomic
def delegate_invite(*, user, cooperative: Cooperative, role: str, full_name: str, email: str) -> InviteResult:
    """The ketua invites a sekretaris or bendahara with his own scope: a ``koperasi`` account
    without a password, bound to this cooperative, and an e-mail with a one-time link to set one."""
    _require_ketua(user, cooperative)
    if role not in DELEGATE_ROLES:
        raise ValidationError({"role": _("Delegasi hanya untuk sekretaris atau bendahara.")})
    email = str(email or "").strip().lower()
    full_name = " ".join(str(full_name or "").split())
    if not full_name:
        raise ValidationError({"full_name": _("Nama wajib diisi.")})
    if CooperativeAccess.objects.filter(cooperative=cooperative, role=role, is_active=True).exists():
        raise ValidationError({"role": _("Sudah ada delegasi aktif untuk peran ini; cabut dulu undangannya.")})
    existing = User.objects.filter(username__iexact=email).first() or User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.pk == user.pk or not has_role(existing, Role.KOPERASI) or existing.groups.count() != 1:
            raise ValidationError({"email": _("Alamat email ini sudah dipakai akun lain.")})
        invited, created = existing, False
    else:
        try:
            invited = user_create(username=email, password=None, role=Role.KOPERASI, full_name=full_name, email=email)
        except ValidationError as exc:
            raise ValidationError({"email": exc.messages}) from None
        created = True
    access = cooperative_access_grant(user=invited, cooperative=cooperative, role=role, invited_by=user)
    link = invitation_link(invited) if not invited.has_usable_password() else settings.SITE_URL + reverse("accounts:login")
    subject = _("Undangan Kolaka Jamsostek: %(cooperative)s") % {"cooperative": cooperative.name}
    body = _(
        "Yth. %(name)s,\n\n%(inviter)s mengundang Anda sebagai %(role)s untuk mengurus data BPJS Ketenagakerjaan "
        "koperasi %(cooperative)s di Kolaka Jamsostek.\n\nBuat kata sandi Anda melalui tautan berikut (sekali pakai):\n%(link)s\n"
    ) % {"name": full_name, "inviter": user.display_name, "role": access.get_role_display(), "cooperative": cooperative.name, "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))
    return InviteResult(access=access, link=link, created_user=created)


@transaction.atomic
def delegate_withdraw(*, user, cooperative: Cooperative, access: CooperativeAccess) -> CooperativeAccess:
    """The ketua withdraws a delegate's access to this cooperative (the ketua's own stays)."""
    _require_ketua(user, cooperative)
    _require_own(cooperative, access)
    if access.role not in DELEGATE_ROLES:
        raise ValidationError(_("Akses ketua tidak dapat dicabut dari portal."))
    if not access.is_active:
        raise ValidationError(_("Undangan ini sudah dicabut."))
    return cooperative_access_revoke(access=access)
