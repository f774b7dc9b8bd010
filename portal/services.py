"""Writes a cooperative head makes from the portal: his board and employees, and his delegates.

Every function takes a cooperative the caller already scoped with ``cooperative_get`` and checks
again that the object written belongs to it. Changes are audited (``portal.audit``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from accounts.services import user_create
from cooperatives.models import Cooperative, CooperativeAccess, Position, PositionRole
from cooperatives.services import cooperative_access_grant, cooperative_access_revoke, position_add, position_end
from core import identifiers
from core.roles import Role, UserLike, has_role
from enrollment.models import Person
from enrollment.services import person_create
from notifications.models import PASSWORD_LINK, Kind
from notifications.services import message_enqueue
from portal.models import SuppliedPersonData, name_key
from portal.selectors import is_ketua

logger = logging.getLogger(__name__)

DELEGATE_ROLES = (CooperativeAccess.AccessRole.SEKRETARIS, CooperativeAccess.AccessRole.BENDAHARA)


@dataclass
class MemberAddResult:
    position: Position
    supplied: SuppliedPersonData
    person_created: bool
    warnings: list[str] = field(default_factory=list)


def _require_own(cooperative: Cooperative, obj: Position | CooperativeAccess) -> None:
    if obj.cooperative_id != cooperative.pk:
        raise PermissionDenied


# One answer for "this name is not the name of this NIK": it says nothing about whether the NIK is
# in the register (nor whose it is), only what the head can do.
NAME_MISMATCH = _lazy(
    "Nama tidak sesuai dengan NIK ini. Tulis nama lengkap persis seperti pada KTP; bila yakin benar, "
    "minta Dinas Koperasi dan UMKM memeriksa datanya."
)


def _supplied_values(*, name: str, phone: str, address: str) -> dict:
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationError({"name": _("Nama wajib diisi.")})
    try:
        phone = identifiers.normalize_phone(phone) if str(phone or "").strip() else ""
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    return {"name": name, "phone": phone, "address": " ".join(str(address or "").split())}


@transaction.atomic
def member_add(
    *,
    cooperative: Cooperative,
    nik: str,
    name: str,
    role: str,
    started_on: date,
    phone: str = "",
    address: str = "",
    user: UserLike = None,
) -> MemberAddResult:
    """Add a board member, supervisor or employee by NIK (validated).

    A NIK already in the shared register gets the position only when the typed name is the
    register's name (case- and spacing-insensitive); otherwise the same refusal as for any wrong
    name, which does not tell whether the NIK exists. The person's register data is never changed
    from here: what the head typed is kept as his cooperative's own data (``SuppliedPersonData``).
    """
    if role not in PositionRole.values:
        raise ValidationError({"role": _("Pilih jabatan.")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("Tanggal mulai tidak boleh di masa depan.")})
    values = _supplied_values(name=name, phone=phone, address=address)
    try:
        normalized = identifiers.normalize_nik(nik)
    except ValidationError as exc:
        raise ValidationError({"nik": exc.messages}) from None
    existing = Person.objects.filter(nik=normalized).first()
    if existing is not None:
        if name_key(existing.name) != name_key(values["name"]):
            logger.info("portal member add refused: name does not match the register (cooperative %s)", cooperative.pk)
            raise ValidationError({"name": str(NAME_MISMATCH)})
        person, created, warnings = existing, False, []
    else:
        result = person_create(nik=normalized, **values)
        person, created, warnings = result.person, True, list(result.warnings)
    position = position_add(cooperative=cooperative, person=person, role=role, started_on=started_on)
    supplied = SuppliedPersonData(position=position, supplied_by=user if getattr(user, "pk", None) else None, **values)
    supplied.full_clean()
    supplied.save()
    return MemberAddResult(position=position, supplied=supplied, person_created=created, warnings=warnings)


@transaction.atomic
def member_end(*, cooperative: Cooperative, position: Position, ended_on: date) -> Position:
    """End a position of this cooperative (the person stays in the register)."""
    _require_own(cooperative, position)
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Tanggal selesai tidak boleh di masa depan.")})
    return position_end(position=position, ended_on=ended_on)


@transaction.atomic
def member_correct(
    *, cooperative: Cooperative, position: Position, name: str, phone: str = "", address: str = "", user: UserLike = None
) -> SuppliedPersonData:
    """Correct what this cooperative supplied for the holder of one of its positions: the name,
    phone and address it typed. The shared register (``enrollment.Person``) is not touched: its
    data changes only through the Dinas or BPJS."""
    _require_own(cooperative, position)
    values = _supplied_values(name=name, phone=phone, address=address)
    supplied = SuppliedPersonData.objects.select_for_update().filter(position=position).first()
    if supplied is None:
        supplied = SuppliedPersonData(position=position)
    for key, value in values.items():
        setattr(supplied, key, value)
    supplied.supplied_by = user if getattr(user, "pk", None) else supplied.supplied_by
    supplied.full_clean()
    supplied.save()
    return supplied


def _require_ketua(user: UserLike, cooperative: Cooperative) -> None:
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
def delegate_invite(*, user: UserLike, cooperative: Cooperative, role: str, full_name: str, email: str) -> InviteResult:
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
    # The outbox row is written in this transaction; the one-time link replaces the placeholder
    # only when the message is sent, so it is never stored in the outbox nor logged.
    body = _(
        "Yth. %(name)s,\n\n%(inviter)s mengundang Anda sebagai %(role)s untuk mengurus data BPJS Ketenagakerjaan "
        "koperasi %(cooperative)s di Kolaka Jamsostek.\n\nBuat kata sandi Anda melalui tautan berikut (sekali pakai):\n%(link)s\n"
    ) % {
        "name": full_name,
        "inviter": user.display_name,
        "role": access.get_role_display(),
        "cooperative": cooperative.name,
        "link": PASSWORD_LINK,
    }
    message_enqueue(kind=Kind.DELEGATE_INVITE, recipient=invited, subject=subject, body=body, cooperative=cooperative)
    return InviteResult(access=access, link=link, created_user=created)


@transaction.atomic
def delegate_withdraw(*, user: UserLike, cooperative: Cooperative, access: CooperativeAccess) -> CooperativeAccess:
    """The ketua withdraws a delegate's access to this cooperative (the ketua's own stays)."""
    _require_ketua(user, cooperative)
    _require_own(cooperative, access)
    if access.role not in DELEGATE_ROLES:
        raise ValidationError(_("Akses ketua tidak dapat dicabut dari portal."))
    if not access.is_active:
        raise ValidationError(_("Undangan ini sudah dicabut."))
    return cooperative_access_revoke(access=access)
