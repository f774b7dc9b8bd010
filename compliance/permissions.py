"""Who may act on a recommendation request or a letter, written once.

Each ``*_refusal`` answers ``None`` when ``user`` may take the action now, or the exception that
says why not: ``PermissionDenied`` for the wrong role (or the four-eyes rule), ``ValidationError``
for a request or letter in the wrong state. The services raise it; the views show a button only
when ``can_*`` says yes, and their ``role_required`` gates use the ``*_ROLES`` below.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from compliance.models import RequestState
from cooperatives.selectors import cooperative_ids_for_user
from core.roles import Role, has_role

REQUEST_ROLES = (Role.DINAS, Role.KOPERASI)  # the pages that submit or resubmit (the admin may too, through the services)
VERIFY_ROLES = (Role.BPJS,)
RETURN_ROLES = (Role.BPJS,)
REFUSE_ROLES = (Role.BPJS, Role.KEPALA_CABANG)
SIGN_ROLES = (Role.KEPALA_CABANG,)
REVOKE_ROLES = (Role.KEPALA_CABANG,)


def may_request_for(user, cooperative) -> bool:
    """The Dinas (and the admin) for any cooperative, a cooperative head for his own."""
    if has_role(user, Role.DINAS, Role.ADMIN):
        return True
    return has_role(user, Role.KOPERASI) and cooperative.pk in cooperative_ids_for_user(user)


def resubmit_refusal(user, request) -> Exception | None:
    if not may_request_for(user, request.cooperative):
        return PermissionDenied()
    if request.state != RequestState.DIKEMBALIKAN:
        return ValidationError(_("Hanya permohonan yang dikembalikan yang dapat diajukan ulang."))
    return None


def verify_refusal(user, request) -> Exception | None:
    """A BPJS officer verifies a submitted request, never one he submitted himself."""
    if not has_role(user, *VERIFY_ROLES):
        return PermissionDenied()
    if request.state != RequestState.DIAJUKAN:
        return ValidationError(_("Permohonan ini tidak menunggu verifikasi."))
    if request.requested_by_id == user.pk:
        return PermissionDenied(_("Verifikator tidak boleh memverifikasi permohonannya sendiri."))
    return None


def return_refusal(user, request) -> Exception | None:
    """A BPJS officer returns a submitted or verified request to the cooperative."""
    if not has_role(user, *RETURN_ROLES):
        return PermissionDenied()
    if request.state not in (RequestState.DIAJUKAN, RequestState.DIVERIFIKASI):
        return ValidationError(_("Permohonan ini tidak dapat dikembalikan pada status sekarang."))
    return None


def refuse_refusal(user, request) -> Exception | None:
    """The BPJS officer refuses before verification; the branch head (or BPJS) after it."""
    if request.state not in (RequestState.DIAJUKAN, RequestState.DIVERIFIKASI):
        return ValidationError(_("Permohonan ini sudah selesai diproses."))
    allowed = (request.state == RequestState.DIAJUKAN and has_role(user, Role.BPJS)) or (
        request.state == RequestState.DIVERIFIKASI and has_role(user, *REFUSE_ROLES)
    )
    return None if allowed else PermissionDenied()


def sign_refusal(user, request) -> Exception | None:
    """The branch head signs a verified request he neither submitted nor verified (four eyes)."""
    if not has_role(user, *SIGN_ROLES):
        return PermissionDenied()
    if request.state != RequestState.DIVERIFIKASI:
        return ValidationError(_("Hanya permohonan yang sudah diverifikasi yang dapat ditandatangani."))
    if user.pk in (request.verified_by_id, request.requested_by_id):
        return PermissionDenied(_("Penanda tangan harus orang lain daripada verifikator dan pemohon (prinsip empat mata)."))
    return None


def revoke_refusal(user, letter) -> Exception | None:
    """The branch head revokes a letter not revoked yet."""
    if not has_role(user, *REVOKE_ROLES):
        return PermissionDenied()
    if letter.revoked_at:
        return ValidationError(_("Surat ini sudah dicabut."))
    return None


def can_resubmit(user, request) -> bool:
    return resubmit_refusal(user, request) is None


def can_verify(user, request) -> bool:
    return verify_refusal(user, request) is None


def can_return(user, request) -> bool:
    return return_refusal(user, request) is None


def can_refuse(user, request) -> bool:
    return refuse_refusal(user, request) is None


def can_sign(user, request) -> bool:
    return sign_refusal(user, request) is None


def can_revoke(user, letter) -> bool:
    return revoke_refusal(user, letter) is None


def require(refusal: Exception | None) -> None:
    """Raise what a ``*_refusal`` answered (nothing when the action is allowed)."""
    if refusal is not None:
        raise refusal
