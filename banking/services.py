"""Writes of the bank channel: keys, verifications (with their log) and disbursement reports.

Relies on Django internals (``core/compat.py``): the bank check looks its subject up with a query
compiled once per process (``core.db.fetch_compiled``) and stores the receipt and its access event
in one statement (``core.db.insert_together``). On a Django upgrade rerun tests/api/test_bank_api.py
and tests/banking/test_services.py, and bench/api/run.py.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessEvent, Bank
from accounts.services import access_event
from banking.models import SCHEMES_BELOW_RULE, BankApiKey, BankVerification, Channel, Disbursement, Purpose, Scheme
from core import identifiers
from core.db import fetch_compiled, insert_together
from core.roles import UserLike
from enrollment.models import Participation, Person, Programme
from enrollment.status import best_participation, participation_status
from umkm.models import Business


def kur_threshold() -> int:
    """Loans above this amount (Rupiah) under KUR kecil/khusus need an active participant."""
    return getattr(settings, "KUR_ENROLMENT_THRESHOLD", 100_000_000)


def nik_hash(nik: str) -> str:
    """HMAC-SHA256 of a normalised NIK, keyed with SECRET_KEY: matchable, not reversible without the key."""
    return hmac.new(settings.SECRET_KEY.encode(), f"nik:{nik}".encode(), hashlib.sha256).hexdigest()


def _new_receipt_id(as_of: date) -> str:
    return f"KJV-{as_of:%Y%m%d}-{secrets.token_hex(5).upper()}"


def _subject(nik: str | None, nib: str | None) -> tuple[str, str]:
    """Normalise exactly one of NIK/NIB; ``ValidationError`` keyed by field otherwise."""
    nik = (nik or "").strip() if isinstance(nik, str) or nik is None else str(nik)
    nib = (nib or "").strip() if isinstance(nib, str) or nib is None else str(nib)
    if bool(nik) == bool(nib):
        raise ValidationError({"non_field_errors": [_("Kirim tepat satu dari NIK atau NIB.")]})
    if nik:
        try:
            return identifiers.normalize_nik(nik), ""
        except ValidationError as exc:
            raise ValidationError({"nik": exc.messages}) from None
    try:
        return "", identifiers.normalize_nib(nib)
    except ValidationError as exc:
        raise ValidationError({"nib": exc.messages}) from None


PARTICIPATION_FIELDS = ("segment", "jkk", "jkm", "jht", "jp", "jkp", "started_on", "last_paid_month", "ended_on")
_STARTED_ON = 1 + PARTICIPATION_FIELDS.index("started_on")  # column in a subject row (after the key)


def _subject_query(kind: str) -> Callable[[str], QuerySet]:
    def build(value: str) -> QuerySet:
        qs: QuerySet
        if kind == "nik":
            key, prefix, qs = "pk", "participations__", Person.objects.filter(nik=value)
        else:
            key, prefix, qs = "owner_id", "owner__participations__", Business.objects.filter(nib=value)
        return qs.values_list(key, *(prefix + field for field in PARTICIPATION_FIELDS)).order_by()[:50]

    return build


def _subject_lookup(nik: str, nib: str) -> tuple[int | None, list[Participation]]:
    """The person behind a NIK (or a NIB's owner) and his participations, in one query.

    The query is compiled once per process (``core.db.fetch_compiled``): a bank check is the hot path."""
    kind = "nik" if nik else "nib"
    rows = fetch_compiled(f"bank-subject-{kind}", _subject_query(kind), nik or nib)
    if not rows:
        return None, []
    participations = [
        Participation(**dict(zip(PARTICIPATION_FIELDS, row[1:], strict=True))) for row in rows if row[_STARTED_ON] is not None
    ]
    return rows[0][0], participations


@dataclass(frozen=True)
class CoverageFacts:
    is_active_participant: bool
    programmes: list[str]
    segment: str
    participant_since: date | None
    last_paid_month: date | None


def coverage_facts(participations: list[Participation], as_of: date) -> CoverageFacts:
    """What the bank may learn about a person's coverage on ``as_of`` (nothing when not active)."""
    best, status = best_participation(participations, as_of)
    if best is None or status not in ("aktif", "menunggak"):
        return CoverageFacts(False, [], "", None, None)
    active = [p for p in participations if participation_status(p, as_of) != "nonaktif"]
    held = {code for p in active for code in p.programmes}
    paid = [p.last_paid_month for p in active if p.last_paid_month]
    return CoverageFacts(
        is_active_participant=True,
        programmes=Programme.in_order(held),
        segment=best.segment,
        participant_since=min(p.started_on for p in active),
        last_paid_month=max(paid) if paid else None,
    )


def kur_rule(*, purpose: str, scheme: str, loan_amount: int | None, is_active: bool) -> tuple[bool, bool]:
    """(applies, met): KUR kecil or khusus above the threshold requires an active participant.

    Without a scheme a KUR loan above the threshold is treated as kecil/khusus (super-micro and
    micro loans do not reach it)."""
    applies = purpose == Purpose.KUR and (loan_amount or 0) > kur_threshold() and scheme not in SCHEMES_BELOW_RULE
    return applies, (is_active if applies else True)


def _clean_choice(value: str | None, choices: Iterable[str], field: str, required: bool) -> str:
    value = value or ""
    if not value:
        if required:
            raise ValidationError({field: [_("Wajib diisi.")]})
        return ""
    if value not in choices:
        raise ValidationError({field: [_("Pilihan tidak dikenal: %(value)s.") % {"value": str(value)[:40]}]})
    return value


def verification_create(
    *,
    bank: Bank,
    purpose: str,
    nik: str | None = None,
    nib: str | None = None,
    scheme: str | None = "",
    loan_amount: int | None = None,
    api_key: BankApiKey | None = None,
    user: UserLike = None,
    channel: str = Channel.API,
    request: HttpRequest | None = None,
) -> BankVerification:
    """Answer a bank's check and keep it as a receipt (and an access-log entry); never stores the NIK.

    The receipt and its access-log entry are written together, atomically (one statement on
    PostgreSQL): a check is never answered without both."""
    nik, nib = _subject(nik, nib)
    purpose = _clean_choice(purpose, Purpose.values, "purpose", required=True)
    scheme = _clean_choice(scheme, Scheme.values, "scheme", required=False)
    if loan_amount is not None and (not isinstance(loan_amount, int) or loan_amount < 0):
        raise ValidationError({"loan_amount": [_("Nilai pinjaman harus bilangan bulat Rupiah, tidak negatif.")]})
    as_of = timezone.localdate()
    person_id, participations = _subject_lookup(nik, nib)
    facts = coverage_facts(participations, as_of)
    applies, met = kur_rule(purpose=purpose, scheme=scheme, loan_amount=loan_amount, is_active=facts.is_active_participant)
    verification = BankVerification(
        receipt_id=_new_receipt_id(as_of),
        bank=bank,
        api_key=api_key,
        user=user if getattr(user, "is_authenticated", False) else None,
        channel=channel,
        nik_hash=nik_hash(nik) if nik else "",
        nib=nib,
        purpose=purpose,
        scheme=scheme,
        loan_amount=loan_amount,
        person_id=person_id,
        is_active_participant=facts.is_active_participant,
        programmes=facts.programmes,
        segment=facts.segment,
        participant_since=facts.participant_since,
        last_paid_month=facts.last_paid_month,
        kur_rule_applies=applies,
        kur_rule_met=met,
        as_of=as_of,
    )
    event = access_event(
        user=user,
        action=AccessEvent.Action.BANK_LOOKUP,
        target=f"{bank.code} {verification.receipt_id}",
        details={
            "bank": bank.code,
            "key": api_key.prefix if api_key else "",
            "channel": channel,
            "purpose": purpose,
            "subject": "NIB" if nib else "NIK",
        },
        request=request,
    )
    insert_together(verification, event)
    return verification


class DisbursementConflict(Exception):
    """The bank reference was already reported with different facts."""

    def __init__(self, existing: Disbursement):
        super().__init__(existing.bank_reference)
        self.existing = existing


def _parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"disbursed_on": [_("Tanggal tidak valid (format YYYY-MM-DD).")]}) from None


def _same_report(existing: Disbursement, candidate: Disbursement) -> bool:
    fields = ("borrower_nik_hash", "borrower_nib", "scheme", "amount", "disbursed_on", "verification_id")
    return all(getattr(existing, f) == getattr(candidate, f) for f in fields)


def disbursement_report(
    *,
    bank: Bank,
    bank_reference: str,
    scheme: str,
    amount: int,
    disbursed_on: date | str,
    nik: str | None = None,
    nib: str | None = None,
    receipt_id: str | None = None,
    api_key: BankApiKey | None = None,
) -> tuple[Disbursement, bool]:
    """Record a disbursement once per (bank, reference). Returns (record, created).

    Reporting the same reference again with the same facts returns the first record unchanged;
    with different facts it raises ``DisbursementConflict`` and changes nothing.
    """
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise ValidationError({"bank_reference": [_("Wajib diisi.")]})
    if len(bank_reference) > 64:
        raise ValidationError({"bank_reference": [_("Paling banyak 64 karakter.")]})
    nik, nib = _subject(nik, nib)
    scheme = _clean_choice(scheme, Scheme.values, "scheme", required=True)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise ValidationError({"amount": [_("Nilai penyaluran harus bilangan bulat Rupiah lebih dari nol.")]})
    disbursed_on = _parse_date(disbursed_on)
    if disbursed_on > timezone.localdate():
        raise ValidationError({"disbursed_on": [_("Tanggal penyaluran tidak boleh di masa depan.")]})
    hashed = nik_hash(nik) if nik else ""
    person_id, business_id = None, None
    if nik:
        person_id = Person.objects.filter(nik=nik).values_list("pk", flat=True).first()
    else:
        row = Business.objects.filter(nib=nib).values_list("pk", "owner_id").first()
        if row:
            business_id, person_id = row
    verification = None
    if receipt_id:
        verification = BankVerification.objects.filter(bank=bank, receipt_id=str(receipt_id).strip()).first()
        if verification is None:
            raise ValidationError({"verification_receipt": [_("Tanda terima pemeriksaan tidak ditemukan untuk bank ini.")]})
        same_subject = (
            (hashed and verification.nik_hash == hashed)
            or (nib and verification.nib == nib)
            or (person_id is not None and verification.person_id == person_id)
        )
        if not same_subject:
            raise ValidationError({"verification_receipt": [_("Tanda terima pemeriksaan ini untuk peminjam lain.")]})
    candidate = Disbursement(
        bank=bank,
        api_key=api_key,
        bank_reference=bank_reference,
        borrower_nik_hash=hashed,
        borrower_nib=nib,
        person_id=person_id,
        business_id=business_id,
        scheme=scheme,
        amount=amount,
        disbursed_on=disbursed_on,
        verification=verification,
    )
    existing = Disbursement.objects.filter(bank=bank, bank_reference=bank_reference).first()
    if existing is None:
        candidate.full_clean(exclude=["bank", "api_key", "person", "business", "verification"], validate_unique=False)
        try:
            with transaction.atomic():
                candidate.save()
            return candidate, True
        except IntegrityError:  # a concurrent report of the same reference won the race
            existing = Disbursement.objects.get(bank=bank, bank_reference=bank_reference)
    if _same_report(existing, candidate):
        return existing, False
    raise DisbursementConflict(existing)


@transaction.atomic
def api_key_create(
    *, bank: Bank, name: str, expiry_date: date | None = None, rate_per_minute: int | None = None, created_by: UserLike = None
) -> tuple[BankApiKey, str]:
    """A new key for a bank; the plaintext is returned once and never stored."""
    key = BankApiKey(bank=bank, name=name, expiry_date=expiry_date, rate_per_minute=rate_per_minute, created_by=created_by)
    plaintext = BankApiKey.objects.assign_key(key)
    key.full_clean(exclude=["id", "prefix", "hashed_key", "created_by"])
    key.save()
    return key, plaintext


@transaction.atomic
def api_key_revoke(*, api_key: BankApiKey) -> BankApiKey:
    """Revoke for good (it cannot be undone)."""
    api_key.revoked = True
    api_key.save(update_fields=["revoked"])
    return api_key
