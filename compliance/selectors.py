"""Role-scoped reads of requests and letters, the live eligibility check, and the public letter facts.

Stable entry points for other apps (portal, API):
  - ``eligibility_for(cooperative, purpose, as_of=None)`` → snapshot dict (see ``compliance.eligibility``)
  - ``letter_public_status(letter, as_of=None)`` → public facts of a letter (no personal data)
  - ``letter_by_number(number)`` / ``letter_by_token(token)`` → Letter or None
  - ``request_queryset_for(user)`` / ``letter_queryset_for(user)`` → scoped querysets
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from compliance import eligibility
from compliance.models import Letter, LetterStatus, Purpose, RecommendationRequest, RequestState
from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_ids_for_user
from core.roles import Role, UserLike, has_role

STAFF_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)


def eligibility_for(cooperative: Cooperative, purpose: str, as_of: date | None = None) -> dict:
    """The live eligibility check without a request: ``{"passed", "rules": [...], "facts": {...}, ...}``."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    return eligibility.evaluate(cooperative, purpose, as_of=as_of or timezone.localdate())


def letter_public_status(letter: Letter, as_of: date | None = None) -> dict:
    """The public facts of a letter: status (valid/expired/revoked/superseded), number, cooperative
    name, purpose, dates and signer. Never personal data."""
    as_of = as_of or timezone.localdate()
    status = letter.status_on(as_of)
    return {
        "number": letter.number,
        "status": str(status),
        "status_label": str(LetterStatus(status).label),
        "cooperative": letter.cooperative.name,
        "purpose": letter.purpose,
        "purpose_label": str(Purpose(letter.purpose).label),
        "issued_on": letter.issued_on,
        "valid_until": letter.valid_until,
        "signatory_name": letter.signatory_name,
        "signatory_title": letter.signatory_title,
        "revoked_on": timezone.localdate(letter.revoked_at) if letter.revoked_at else None,
        "superseded_on": timezone.localdate(letter.superseded_at) if letter.superseded_at else None,
        "superseded_by": letter.superseded_by.number if letter.superseded_by else None,
        "verification_url": letter.verification_url,
    }


def _public_letters() -> QuerySet[Letter]:
    return Letter.objects.select_related("cooperative", "superseded_by").defer("pdf", "eligibility")


def letter_by_number(number: str) -> Letter | None:
    number = (number or "").strip().upper()
    if not number or len(number) > 40:
        return None
    return _public_letters().filter(number=number).first()


def letter_by_token(token: str) -> Letter | None:
    if not token or len(token) > 64:
        return None
    return _public_letters().filter(token=token).first()


def request_queryset_for(user: UserLike) -> QuerySet[RecommendationRequest]:
    """Every request for staff; his own cooperatives' requests for a cooperative head; none otherwise."""
    qs = RecommendationRequest.objects.all()
    if has_role(user, *STAFF_ROLES):
        return qs
    if has_role(user, Role.KOPERASI):
        return qs.filter(cooperative_id__in=cooperative_ids_for_user(user))
    return qs.none()


def letter_queryset_for(user: UserLike) -> QuerySet[Letter]:
    qs = Letter.objects.defer("pdf")
    if has_role(user, *STAFF_ROLES):
        return qs
    if has_role(user, Role.KOPERASI):
        return qs.filter(cooperative_id__in=cooperative_ids_for_user(user))
    return qs.none()


def request_list(*, user: UserLike, filters: dict | None = None) -> QuerySet[RecommendationRequest]:
    filters = filters or {}
    qs = request_queryset_for(user).select_related("cooperative", "requested_by", "verified_by").defer("eligibility")
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("purpose"):
        qs = qs.filter(purpose=filters["purpose"])
    if filters.get("q"):
        qs = qs.filter(cooperative__name__icontains=filters["q"])
    return (
        qs.order_by("submitted_at", "pk") if filters.get("state") in ("diajukan", "diverifikasi") else qs.order_by("-submitted_at", "-pk")
    )


def request_get(*, user: UserLike, pk: int | str) -> RecommendationRequest:
    """The request if the user may see it; 404 otherwise."""
    try:
        return (
            request_queryset_for(user)
            .select_related(
                "cooperative", "cooperative__desa", "cooperative__desa__parent", "requested_by", "verified_by", "decided_by", "rule_set"
            )
            .get(pk=pk)
        )
    except (RecommendationRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def letter_list(*, user: UserLike, filters: dict | None = None, as_of: date | None = None) -> QuerySet[Letter]:
    filters = filters or {}
    as_of = as_of or timezone.localdate()
    qs = letter_queryset_for(user).select_related("cooperative").defer("pdf", "eligibility")
    status = filters.get("status")
    if status in ("valid", "expiring", "expired"):
        qs = getattr(qs, status)(as_of)
    elif status in ("revoked", "superseded"):
        qs = getattr(qs, status)()
    if filters.get("purpose"):
        qs = qs.filter(purpose=filters["purpose"])
    if filters.get("q"):
        qs = qs.filter(Q(cooperative__name__icontains=filters["q"]) | Q(number__icontains=filters["q"]))
    if status == "expiring":
        return qs.order_by("valid_until", "pk")
    return qs.order_by("-issued_on", "-sequence")


def letter_get(*, user: UserLike, pk: int | str) -> Letter:
    try:
        return letter_queryset_for(user).select_related("cooperative", "request", "signed_by", "revoked_by", "superseded_by").get(pk=pk)
    except (Letter.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def letters_for_cooperative(cooperative: Cooperative) -> QuerySet[Letter]:
    return Letter.objects.filter(cooperative=cooperative).defer("pdf", "eligibility").order_by("-issued_on", "-sequence")


def work_counts(as_of: date | None = None) -> dict[str, int]:
    """Counts for the home pages: awaiting verification, awaiting signature, expiring letters."""
    as_of = as_of or timezone.localdate()
    return {
        "awaiting_verification": RecommendationRequest.objects.filter(state=RequestState.DIAJUKAN).count(),
        "awaiting_signature": RecommendationRequest.objects.filter(state=RequestState.DIVERIFIKASI).count(),
        "returned": RecommendationRequest.objects.filter(state=RequestState.DIKEMBALIKAN).count(),
        "expiring": Letter.objects.expiring(as_of).count(),
        "valid": Letter.objects.valid(as_of).count(),
    }


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Indonesia(years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (Indonesian public holidays excluded)."""
    if end <= start:
        return 0
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def age_in_working_days(moment: date | datetime, as_of: date | None = None) -> int:
    as_of = as_of or timezone.localdate()
    start = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return working_days_between(start, as_of)
