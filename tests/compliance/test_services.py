"""The workflow: states, four eyes, reasons, numbering, supersession, revocation, the gate, e-mails."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from compliance import services
from compliance.models import ComplianceSettings, GateDecision, Letter, Purpose, RecommendationRequest, RequestState
from compliance.selectors import letter_public_status
from institution.selectors import forget_instansi
from tests.compliance.conftest import build_cooperative
from tests.factories import PersonFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_request_by_head_for_own_cooperative_only(cooperative, koperasi_user, other_cooperative):
    req = services.recommendation_request(user=koperasi_user, cooperative=cooperative, purpose=Purpose.IZIN_BARU)
    assert req.state == RequestState.DIAJUKAN
    assert req.eligibility["rules"]
    assert req.eligible is False
    assert list(req.transitions.values_list("from_state", "to_state")) == [("", "diajukan")]
    with pytest.raises(PermissionDenied):
        services.recommendation_request(user=koperasi_user, cooperative=other_cooperative, purpose=Purpose.IZIN_BARU)


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang", "bank"])
def test_other_roles_cannot_request(role, cooperative):
    with pytest.raises(PermissionDenied):
        services.recommendation_request(user=UserFactory(role=role), cooperative=cooperative, purpose=Purpose.IZIN_BARU)


def test_one_open_request_per_cooperative_and_purpose(eligible, dinas_user):
    services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    with pytest.raises(ValidationError):
        services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    # another purpose is fine
    services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.EVALUASI_STATUS)


def test_database_refuses_a_second_open_request(eligible, dinas_user):
    first = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationRequest.objects.create(
            cooperative=eligible,
            purpose=Purpose.IZIN_BARU,
            requested_by=dinas_user,
            rule_set=first.rule_set,
            submitted_at=timezone.now(),
            state=RequestState.DIVERIFIKASI,
        )


def test_full_journey_with_states_and_transitions(eligible, dinas_user, bpjs_user, kepala_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.EVALUASI_STATUS)
        services.request_verify(user=bpjs_user, request=req)
        letter = services.letter_issue(user=kepala_user, request=req)
    req.refresh_from_db()
    letter.refresh_from_db()
    assert req.state == RequestState.DITERBITKAN
    assert [(t.from_state, t.to_state) for t in req.transitions.all()] == [
        ("", "diajukan"),
        ("diajukan", "diverifikasi"),
        ("diverifikasi", "diterbitkan"),
    ]
    year = timezone.localdate().year
    assert letter.number.endswith(f"/REK-KLK/{letter.number.split('/')[2]}/{year}")
    assert letter.number.startswith("0001/")
    assert letter.eligibility["passed"] is True
    assert letter.eligibility["facts"]["board_enrolled"] == 4
    assert letter.valid_until > letter.issued_on
    assert len(letter.token) >= 43  # 256 bits, url-safe
    # the PDF was rendered by the task after commit, and its hash kept
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert letter.pdf_sha256 == hashlib.sha256(bytes(letter.pdf)).hexdigest()
    assert services.letter_pdf_matches(letter=letter, data=bytes(letter.pdf))
    assert not services.letter_pdf_matches(letter=letter, data=b"%PDF-forged")


def test_four_eyes_verifier_cannot_sign(eligible, dinas_user):
    both = UserFactory(role="bpjs")
    both.groups.add(*UserFactory(role="kepala_cabang").groups.all())
    req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    services.request_verify(user=both, request=req)
    with pytest.raises(PermissionDenied):
        services.letter_issue(user=both, request=req)
    req.refresh_from_db()
    assert req.state == RequestState.DIVERIFIKASI
    assert not Letter.objects.exists()


def test_kepala_cannot_verify_and_bpjs_cannot_sign(eligible, dinas_user, bpjs_user, kepala_user):
    req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    with pytest.raises(PermissionDenied):
        services.request_verify(user=kepala_user, request=req)
    services.request_verify(user=bpjs_user, request=req)
    with pytest.raises(PermissionDenied):
        services.letter_issue(user=bpjs_user, request=req)


def test_nobody_signs_a_request_failing_at_signing_time(verified_request, kepala_user):
    coop = verified_request.cooperative
    PositionFactory(cooperative=coop, person=PersonFactory(name="Pengurus Baru"), role="pengurus", started_on=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="aturan b"):
        services.letter_issue(user=kepala_user, request=verified_request)
    verified_request.refresh_from_db()
    assert verified_request.state == RequestState.DIVERIFIKASI
    assert verified_request.eligible is False  # the failing snapshot is kept
    assert not Letter.objects.exists()


def test_failing_request_cannot_be_verified(cooperative, koperasi_user, bpjs_user):
    req = services.recommendation_request(user=koperasi_user, cooperative=cooperative, purpose=Purpose.IZIN_BARU)
    with pytest.raises(ValidationError):
        services.request_verify(user=bpjs_user, request=req)


def test_return_and_refusal_need_a_reason(eligible, dinas_user, bpjs_user):
    req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    with pytest.raises(ValidationError):
        services.request_return(user=bpjs_user, request=req, reason="  ")
    with pytest.raises(ValidationError):
        services.request_refuse(user=bpjs_user, request=req, reason="")
    req.refresh_from_db()
    assert req.state == RequestState.DIAJUKAN


def test_return_then_resubmit(eligible, koperasi_user, bpjs_user, dinas_user):
    from cooperatives.services import cooperative_access_grant

    cooperative_access_grant(user=koperasi_user, cooperative=eligible)
    req = services.recommendation_request(user=koperasi_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    services.request_return(user=bpjs_user, request=req, reason="Lampirkan daftar karyawan terbaru.")
    req.refresh_from_db()
    assert req.state == RequestState.DIKEMBALIKAN
    assert req.reason == "Lampirkan daftar karyawan terbaru."
    # requesting again resubmits the returned request instead of opening a second one
    again = services.recommendation_request(user=koperasi_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    assert again.pk == req.pk
    assert again.state == RequestState.DIAJUKAN
    assert [t.to_state for t in req.transitions.all()] == ["diajukan", "dikembalikan", "diajukan"]
    assert req.transitions.get(to_state="dikembalikan").reason == "Lampirkan daftar karyawan terbaru."


def test_refusal_by_kepala_after_verification(verified_request, kepala_user):
    services.request_refuse(user=kepala_user, request=verified_request, reason="Data karyawan diragukan.")
    verified_request.refresh_from_db()
    assert verified_request.state == RequestState.DITOLAK
    assert verified_request.decided_by == kepala_user
    # closed: a new request may be opened
    services.recommendation_request(user=verified_request.requested_by, cooperative=verified_request.cooperative, purpose=Purpose.IZIN_BARU)


def test_kepala_cannot_refuse_before_verification(eligible, dinas_user, kepala_user):
    req = services.recommendation_request(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    with pytest.raises(PermissionDenied):
        services.request_refuse(user=kepala_user, request=req, reason="x")


def test_numbers_sequence_per_year_and_configurable_code(issue_letter):
    from institution.models import Instansi

    Instansi.objects.filter(pk=1).update(letter_code="REK-TEST")  # the code is the Instansi's (issue 17)
    forget_instansi()  # a queryset update sends no signal: drop the per-process copy
    config = ComplianceSettings.current()
    config.validity_months = 3
    config.save()
    a = issue_letter(build_cooperative(name="K1"), render=False)
    b = issue_letter(build_cooperative(name="K2"), render=False)
    c = issue_letter(build_cooperative(name="K3"), issued_on=date(2025, 11, 20), render=False)
    assert a.sequence == 1
    assert b.sequence == 2
    assert b.number == f"0002/REK-TEST/{b.number.split('/')[2]}/{b.year}"
    assert c.number == "0001/REK-TEST/XI/2025"
    assert c.valid_until == date(2026, 2, 19)


def test_validity_default_six_months(issue_letter, eligible):
    letter = issue_letter(eligible, issued_on=date(2026, 8, 31), render=False)
    assert letter.valid_until == date(2027, 2, 27)


def test_new_letter_supersedes_the_old(issue_letter, eligible):
    first = issue_letter(eligible, render=False)
    second = issue_letter(eligible, render=False)
    first.refresh_from_db()
    assert first.superseded_by == second
    assert first.superseded_at is not None
    assert letter_public_status(first)["status"] == "superseded"
    assert letter_public_status(second)["status"] == "valid"


def test_revocation_by_kepala_with_reason(issue_letter, eligible, kepala_user, bpjs_user, dinas_user, django_capture_on_commit_callbacks):
    dinas_user.email = "dinas@example.test"
    dinas_user.save()
    letter = issue_letter(eligible, render=False)
    with pytest.raises(PermissionDenied):
        services.letter_revoke(user=bpjs_user, letter=letter, reason="x")
    with pytest.raises(ValidationError):
        services.letter_revoke(user=kepala_user, letter=letter, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_revoke(user=kepala_user, letter=letter, reason="Data kepesertaan tidak benar.")
    letter.refresh_from_db()
    assert letter_public_status(letter)["status"] == "revoked"
    assert "dicabut" in mail.outbox[-1].subject


def test_expiry_follows_the_date(issue_letter, eligible):
    letter = issue_letter(eligible, issued_on=timezone.localdate() - timedelta(days=400), render=False)
    assert letter_public_status(letter)["status"] == "expired"
    assert letter.status_on(letter.valid_until) == "valid"
    assert letter.status_on(letter.valid_until + timedelta(days=1)) == "expired"


def test_notifications_after_commit_to_head_and_dinas(eligible, koperasi_user, dinas_user, bpjs_user, django_capture_on_commit_callbacks):
    from cooperatives.services import cooperative_access_grant

    koperasi_user.email, dinas_user.email = "ketua@example.test", "dinas@example.test"
    koperasi_user.save()
    dinas_user.save()
    cooperative_access_grant(user=koperasi_user, cooperative=eligible)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        req = services.recommendation_request(user=koperasi_user, cooperative=eligible, purpose=Purpose.IZIN_BARU)
    assert mail.outbox == []  # nothing is sent before commit
    for callback in callbacks:
        callback()
    # One outbox message per person (issue 17: each through his own channel, with its own status).
    assert len(mail.outbox) == 2
    assert {to for m in mail.outbox for to in m.to} == {"ketua@example.test", "dinas@example.test"}
    with django_capture_on_commit_callbacks(execute=True):
        services.request_return(user=bpjs_user, request=req, reason="Lengkapi NPP.")
    assert "Dikembalikan" in mail.outbox[-1].subject
    assert "Lengkapi NPP." in mail.outbox[-1].body


# ------------------------------------------------------------ the gate


def test_gate_accepts_a_valid_letter_and_keeps_it(issue_letter, eligible, dinas_user):
    letter = issue_letter(eligible, render=False)
    decision = services.gate_record(
        user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU, outcome="disetujui", decision_number="503/12/2026"
    )
    assert decision.letter == letter


def test_gate_refuses_without_letter(eligible, dinas_user):
    with pytest.raises(ValidationError):
        services.gate_record(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU, outcome="disetujui")
    assert not GateDecision.objects.exists()


def test_gate_refuses_an_expired_letter(issue_letter, eligible, dinas_user):
    issue_letter(eligible, issued_on=timezone.localdate() - timedelta(days=400), render=False)
    with pytest.raises(ValidationError):
        services.gate_record(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU, outcome="disetujui")


def test_gate_refuses_a_revoked_letter(issue_letter, eligible, dinas_user, kepala_user):
    letter = issue_letter(eligible, render=False)
    services.letter_revoke(user=kepala_user, letter=letter, reason="Salah data.")
    with pytest.raises(ValidationError):
        services.gate_record(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU, outcome="disetujui")


def test_gate_refuses_a_wrong_purpose_letter(issue_letter, eligible, dinas_user):
    issue_letter(eligible, purpose=Purpose.IZIN_BARU, render=False)
    with pytest.raises(ValidationError):
        services.gate_record(user=dinas_user, cooperative=eligible, purpose=Purpose.EVALUASI_STATUS, outcome="aktif")


def test_gate_refuses_another_cooperatives_letter(issue_letter, eligible, dinas_user):
    issue_letter(eligible, render=False)
    other = build_cooperative(name="Koperasi Lain")
    with pytest.raises(ValidationError):
        services.gate_record(user=dinas_user, cooperative=other, purpose=Purpose.IZIN_BARU, outcome="disetujui")


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang", "koperasi", "bank"])
def test_gate_only_for_dinas(role, issue_letter, eligible):
    issue_letter(eligible, render=False)
    with pytest.raises(PermissionDenied):
        services.gate_record(user=UserFactory(role=role), cooperative=eligible, purpose=Purpose.IZIN_BARU, outcome="disetujui")


def test_gate_outcome_must_match_purpose(issue_letter, eligible, dinas_user):
    issue_letter(eligible, render=False)
    with pytest.raises(ValidationError):
        services.gate_record(user=dinas_user, cooperative=eligible, purpose=Purpose.IZIN_BARU, outcome="aktif")
