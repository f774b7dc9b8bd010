"""Every write of the recommendation workflow: requests, transitions, letters, revocation, the gate."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import eligibility, notifications, permissions
from compliance.models import (
    OPEN_STATES,
    ComplianceSettings,
    GateDecision,
    Letter,
    LetterCounter,
    Purpose,
    RecommendationRequest,
    RequestState,
    RequestTransition,
    RuleSet,
)
from cooperatives.models import Cooperative
from core.formatting import roman_month, tanggal
from core.forms import REASON_MAX_LENGTH, clean_free_text
from core.roles import Role, UserLike, has_role
from enrollment.status import add_months


def _display(user: UserLike) -> str:
    return (getattr(user, "full_name", "") or user.get_username()).strip()


def _require_reason(reason: str, message: str) -> str:
    reason = clean_free_text(reason, max_length=REASON_MAX_LENGTH, field="reason")
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _check(request: RecommendationRequest, as_of: date) -> dict:
    """Re-evaluate the rules with the rule set in force and keep the snapshot on the request."""
    rule_set = RuleSet.in_force(as_of)
    snapshot = eligibility.evaluate(request.cooperative, request.purpose, as_of=as_of, rule_set=rule_set)
    request.rule_set = rule_set
    request.eligibility = snapshot
    request.eligible = snapshot["passed"]
    return snapshot


def _transition(request: RecommendationRequest, *, to_state: str, actor: UserLike, reason: str = "") -> RequestTransition:
    from_state = request.state if request.pk else ""
    request.state = to_state
    request.full_clean()
    request.save()
    transition = RequestTransition.objects.create(
        request=request,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        reason=reason,
        eligible=request.eligible,
        at=timezone.now(),
    )
    notifications.schedule_state_change(request, transition)
    return transition


def _lock(request: RecommendationRequest) -> RecommendationRequest:
    return RecommendationRequest.objects.select_for_update().select_related("cooperative", "cooperative__desa").get(pk=request.pk)


@transaction.atomic
def recommendation_request(*, user: UserLike, cooperative: Cooperative, purpose: str) -> RecommendationRequest:
    """Submit a request for ``cooperative`` and ``purpose`` (the head for his own cooperative, or the
    Dinas on its behalf). A request returned to the cooperative is resubmitted; another open request
    for the same purpose is refused. The eligibility check runs now and is kept on the request."""
    if not permissions.may_request_for(user, cooperative):
        raise PermissionDenied
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Keperluan tidak dikenal.")})
    existing = (
        RecommendationRequest.objects.select_for_update().filter(cooperative=cooperative, purpose=purpose, state__in=OPEN_STATES).first()
    )
    if existing is not None:
        if existing.state == RequestState.DIKEMBALIKAN:
            return request_resubmit(user=user, request=existing)
        raise ValidationError(
            {
                "purpose": _("Masih ada permohonan terbuka untuk koperasi dan keperluan ini (status: %(state)s).")
                % {"state": existing.get_state_display()}
            }
        )
    now = timezone.now()
    request = RecommendationRequest(
        cooperative=cooperative, purpose=purpose, requested_by=user, submitted_at=now, state=RequestState.DIAJUKAN
    )
    _check(request, timezone.localdate())
    try:
        with transaction.atomic():
            _transition(request, to_state=RequestState.DIAJUKAN, actor=user)
    except IntegrityError:
        raise ValidationError({"purpose": _("Masih ada permohonan terbuka untuk koperasi dan keperluan ini.")}) from None
    return request


@transaction.atomic
def request_resubmit(*, user: UserLike, request: RecommendationRequest, note: str = "") -> RecommendationRequest:
    """Resubmit a returned request; the check runs again."""
    request = _lock(request)
    permissions.require(permissions.resubmit_refusal(user, request))
    request.submitted_at = timezone.now()
    request.verified_by = request.verified_at = None
    request.reason = ""
    _check(request, timezone.localdate())
    _transition(request, to_state=RequestState.DIAJUKAN, actor=user, reason=clean_free_text(note, field="note"))
    return request


def request_verify(*, user: UserLike, request: RecommendationRequest, note: str = "") -> RecommendationRequest:
    """A BPJS officer confirms the facts; only a request that passes every rule can be verified
    (a failing check is still kept on the request)."""
    if not has_role(user, *permissions.VERIFY_ROLES):
        raise PermissionDenied
    with transaction.atomic():
        request = _lock(request)
        permissions.require(permissions.verify_refusal(user, request))
        snapshot = _check(request, timezone.localdate())
        if snapshot["passed"]:
            request.verified_by = user
            request.verified_at = timezone.now()
            _transition(request, to_state=RequestState.DIVERIFIKASI, actor=user, reason=clean_free_text(note, field="note"))
            return request
        request.save(update_fields=["eligibility", "eligible", "rule_set", "updated_at"])
    raise ValidationError(_("Permohonan belum memenuhi syarat; kembalikan atau tolak dengan alasan."))


@transaction.atomic
def request_return(*, user: UserLike, request: RecommendationRequest, reason: str) -> RecommendationRequest:
    """Return a request to the cooperative with what is missing (BPJS officer)."""
    if not has_role(user, *permissions.RETURN_ROLES):
        raise PermissionDenied
    reason = _require_reason(reason, _("Tuliskan apa yang kurang agar koperasi dapat melengkapinya."))
    request = _lock(request)
    permissions.require(permissions.return_refusal(user, request))
    _check(request, timezone.localdate())
    request.reason = reason
    _transition(request, to_state=RequestState.DIKEMBALIKAN, actor=user, reason=reason)
    return request


@transaction.atomic
def request_refuse(*, user: UserLike, request: RecommendationRequest, reason: str) -> RecommendationRequest:
    """Refuse a request with reasons: the BPJS officer before verification, the branch head after."""
    request = _lock(request)
    permissions.require(permissions.refuse_refusal(user, request))
    reason = _require_reason(reason, _("Alasan penolakan wajib diisi."))
    _check(request, timezone.localdate())
    request.reason = reason
    request.decided_by = user
    request.decided_at = timezone.now()
    _transition(request, to_state=RequestState.DITOLAK, actor=user, reason=reason)
    return request


def _next_sequence(year: int, code: str) -> int:
    """The next number for (year, code), under a row lock held until the issuing transaction ends."""
    LetterCounter.objects.bulk_create([LetterCounter(year=year, classification_code=code)], ignore_conflicts=True)
    counter = LetterCounter.objects.select_for_update().get(year=year, classification_code=code)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def letter_number(sequence: int, code: str, issued_on: date, pattern: str | None = None) -> str:
    """``0042/REK-ABC/XI/2026`` by default: sequence, classification code, Roman month, year (the
    Instansi's ``number_pattern`` may order them otherwise)."""
    from institution.models import DEFAULT_NUMBER_PATTERN

    return (pattern or DEFAULT_NUMBER_PATTERN).format(seq=sequence, code=code, month=roman_month(issued_on.month), year=issued_on.year)


def _valid_until(issued_on: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's end), minus one day."""
    start = add_months(issued_on, months)
    day = min(issued_on.day, calendar.monthrange(start.year, start.month)[1])
    return start.replace(day=day) - timedelta(days=1)


def letter_issue(*, user: UserLike, request: RecommendationRequest, issued_on: date | None = None, render: bool = True) -> Letter:
    """The branch head signs a verified request: the rules are checked again, the next number is
    taken under a lock, the previous letter for the same cooperative and purpose is superseded and
    the PDF is rendered in the background after commit. A failing check refuses the signature (and
    is kept on the request). ``issued_on`` is for recording a letter signed earlier on paper (and
    for the demo); it defaults to today. ``render=False`` leaves the PDF to the first download."""
    if not has_role(user, *permissions.SIGN_ROLES):
        raise PermissionDenied
    with transaction.atomic():
        request = _lock(request)
        permissions.require(permissions.sign_refusal(user, request))
        issued_on = issued_on or timezone.localdate()
        snapshot = _check(request, issued_on)
        if snapshot["passed"]:
            return _issue(user=user, request=request, issued_on=issued_on, snapshot=snapshot, render=render)
        request.save(update_fields=["eligibility", "eligible", "rule_set", "updated_at"])
    failing = ", ".join(rule["code"] for rule in eligibility.failing_rules(snapshot))
    raise ValidationError(_("Tidak dapat ditandatangani: aturan %(rules)s tidak terpenuhi saat ini.") % {"rules": failing})


def _issue(*, user: UserLike, request: RecommendationRequest, issued_on: date, snapshot: dict, render: bool) -> Letter:
    from institution.selectors import current_instansi

    config = ComplianceSettings.current()
    instansi = current_instansi()
    code = instansi.letter_code
    sequence = _next_sequence(issued_on.year, code)
    now = timezone.now()
    previous = Letter.objects.select_for_update().current().filter(cooperative=request.cooperative, purpose=request.purpose).first()
    if previous is not None:
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    letter = Letter(
        request=request,
        cooperative=request.cooperative,
        purpose=request.purpose,
        number=letter_number(sequence, code, issued_on, instansi.number_pattern),
        year=issued_on.year,
        classification_code=code,
        sequence=sequence,
        issued_on=issued_on,
        valid_until=_valid_until(issued_on, config.validity_months),
        addressee=instansi.addressee_licence if request.purpose == Purpose.IZIN_BARU else instansi.addressee_evaluation,
        signed_by=user,
        signatory_name=_display(user),
        signatory_title=instansi.signatory_title,
        verified_by_name=_display(request.verified_by) if request.verified_by else "",
        eligibility=snapshot,
    )
    letter.full_clean(exclude=["request", "token"])
    letter.save()
    if previous is not None:
        previous.superseded_by = letter
        previous.save(update_fields=["superseded_by"])
    request.decided_by = user
    request.decided_at = now
    _transition(
        request, to_state=RequestState.DITERBITKAN, actor=user, reason=_("Surat %(number)s diterbitkan.") % {"number": letter.number}
    )
    if render:
        schedule_render(letter)
    return letter


def schedule_render(letter: Letter) -> None:
    """Render the PDF in the background once the issuing transaction has committed."""
    from compliance.tasks import render_letter_pdf

    letter_id = letter.pk
    transaction.on_commit(lambda: render_letter_pdf.enqueue(letter_id))


@transaction.atomic
def letter_revoke(*, user: UserLike, letter: Letter, reason: str) -> Letter:
    """The branch head revokes a letter with a reason; the public page says REVOKED from now on."""
    if not has_role(user, *permissions.REVOKE_ROLES):
        raise PermissionDenied
    reason = _require_reason(reason, _("Alasan pencabutan wajib diisi."))
    letter = Letter.objects.select_for_update().select_related("request", "cooperative").get(pk=letter.pk)
    permissions.require(permissions.revoke_refusal(user, letter))
    letter.revoked_at = timezone.now()
    letter.revoked_by = user
    letter.revoke_reason = reason
    letter.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    notifications.schedule_letter_revoked(letter)
    return letter


def letter_pdf_render(*, letter: Letter) -> Letter:
    """Render the letter's PDF (WeasyPrint) and keep it with its SHA-256. Idempotent."""
    from compliance.pdf import render_letter

    data = render_letter(letter)
    letter.pdf = data
    letter.pdf_sha256 = hashlib.sha256(data).hexdigest()
    letter.pdf_rendered_at = timezone.now()
    Letter.objects.filter(pk=letter.pk, pdf_rendered_at__isnull=True).update(
        pdf=data, pdf_sha256=letter.pdf_sha256, pdf_rendered_at=letter.pdf_rendered_at
    )
    stored = Letter.objects.filter(pk=letter.pk).values("pdf_sha256", "pdf_rendered_at").first()
    if stored and stored["pdf_sha256"] != letter.pdf_sha256:
        # Another worker rendered it first: its bytes are the letter of record.
        letter.refresh_from_db(fields=["pdf", "pdf_sha256", "pdf_rendered_at"])
    return letter


def letters_render_missing(*, limit: int | None = None) -> list[Letter]:
    """Render the PDF of every letter that has none (issued with ``render=False``, or whose
    background render never ran), oldest first, so that each download is served at once."""
    pending = Letter.objects.filter(pdf_rendered_at__isnull=True).select_related("cooperative", "signed_by").order_by("pk")
    if limit:
        pending = pending[:limit]
    return [letter_pdf_render(letter=letter) for letter in pending]


def letter_pdf_matches(*, letter: Letter, data: bytes) -> bool:
    """Whether uploaded bytes are exactly the PDF that was issued."""
    return bool(letter.pdf_sha256) and hashlib.sha256(data).hexdigest() == letter.pdf_sha256


@transaction.atomic
def gate_record(
    *,
    user: UserLike,
    cooperative: Cooperative,
    purpose: str,
    outcome: str,
    decided_on: date | None = None,
    decision_number: str = "",
    notes: str = "",
) -> GateDecision:
    """The Dinas records a licence decision or a status-evaluation result; only with a valid letter
    (issued, unexpired, unrevoked, not superseded) for that cooperative and purpose, which the record keeps."""
    if not has_role(user, Role.DINAS):
        raise PermissionDenied
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Keperluan tidak dikenal.")})
    allowed = {
        Purpose.IZIN_BARU: (GateDecision.Outcome.DISETUJUI, GateDecision.Outcome.DITOLAK),
        Purpose.EVALUASI_STATUS: (GateDecision.Outcome.AKTIF, GateDecision.Outcome.TIDAK_AKTIF),
    }[Purpose(purpose)]
    if outcome not in allowed:
        raise ValidationError({"outcome": _("Hasil ini tidak sesuai dengan keperluan yang dipilih.")})
    decided_on = decided_on or timezone.localdate()
    letter = letter_valid_for(cooperative=cooperative, purpose=purpose, as_of=decided_on, lock=True)
    if letter is None:
        raise ValidationError(
            _("Tidak ada surat rekomendasi BPJS Ketenagakerjaan yang berlaku untuk koperasi dan keperluan ini pada %(date)s.")
            % {"date": tanggal(decided_on)}
        )
    decision = GateDecision(
        cooperative=cooperative,
        purpose=purpose,
        letter=letter,
        outcome=outcome,
        decided_on=decided_on,
        decision_number=decision_number.strip(),
        notes=notes.strip(),
        recorded_by=user,
    )
    decision.full_clean()
    decision.save()
    return decision


def letter_valid_for(*, cooperative: Cooperative, purpose: str, as_of: date, lock: bool = False) -> Letter | None:
    qs = Letter.objects.valid(as_of).filter(cooperative=cooperative, purpose=purpose)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


@transaction.atomic
def settings_update(*, user: UserLike, **values: Any) -> ComplianceSettings:
    if not has_role(user, Role.ADMIN):
        raise PermissionDenied
    config = ComplianceSettings.current()
    for key, value in values.items():
        setattr(config, key, value)
    config.full_clean()
    config.save()
    return config
