"""The action predicates of ``compliance/permissions.py``: what each role may do in each state, the
reasons they give, and the services and the request page agreeing with them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from compliance import permissions, services
from compliance.models import Letter, RecommendationRequest, RequestState

pytestmark = pytest.mark.django_db

ACTIONS = {
    "verify": permissions.can_verify,
    "return": permissions.can_return,
    "refuse": permissions.can_refuse,
    "sign": permissions.can_sign,
    "resubmit": permissions.can_resubmit,
}
# state -> role -> the actions allowed (the requester is the Dinas, nobody has verified yet)
ALLOWED = {
    RequestState.DIAJUKAN: {"bpjs": {"verify", "return", "refuse"}, "kepala": set(), "dinas": set(), "koperasi": set()},
    RequestState.DIVERIFIKASI: {"bpjs": {"return", "refuse"}, "kepala": {"refuse", "sign"}, "dinas": set(), "koperasi": set()},
    RequestState.DIKEMBALIKAN: {"bpjs": set(), "kepala": set(), "dinas": {"resubmit"}, "koperasi": {"resubmit"}},
    RequestState.DITOLAK: {"bpjs": set(), "kepala": set(), "dinas": set(), "koperasi": set()},
    RequestState.DITERBITKAN: {"bpjs": set(), "kepala": set(), "dinas": set(), "koperasi": set()},
}


@pytest.fixture
def users(bpjs_user, kepala_user, dinas_user, koperasi_user):
    return {"bpjs": bpjs_user, "kepala": kepala_user, "dinas": dinas_user, "koperasi": koperasi_user}


@pytest.mark.parametrize("state", list(ALLOWED))
def test_each_role_may_take_exactly_its_actions_in_each_state(state, users, cooperative):
    request = RecommendationRequest(cooperative=cooperative, state=state, requested_by=users["dinas"])
    for role, user in users.items():
        allowed = {action for action, predicate in ACTIONS.items() if predicate(user, request)}
        assert allowed == ALLOWED[state][role], (state, role)


def test_the_reasons_name_role_state_and_four_eyes(users, cooperative):
    submitted = RecommendationRequest(cooperative=cooperative, state=RequestState.DIAJUKAN, requested_by=users["bpjs"])
    assert isinstance(permissions.verify_refusal(users["kepala"], submitted), PermissionDenied)
    own = permissions.verify_refusal(users["bpjs"], submitted)
    assert isinstance(own, PermissionDenied)
    assert "sendiri" in str(own)
    verified = RecommendationRequest(cooperative=cooperative, state=RequestState.DIVERIFIKASI, verified_by=users["kepala"])
    assert "empat mata" in str(permissions.sign_refusal(users["kepala"], verified))
    assert isinstance(permissions.verify_refusal(users["bpjs"], verified), ValidationError)
    refused = RecommendationRequest(cooperative=cooperative, state=RequestState.DITOLAK)
    assert isinstance(permissions.refuse_refusal(users["bpjs"], refused), ValidationError)


def test_revoke_is_for_the_branch_head_and_only_once(users, cooperative):
    letter = Letter(cooperative=cooperative)
    assert permissions.can_revoke(users["kepala"], letter)
    assert not permissions.can_revoke(users["bpjs"], letter)
    letter.revoked_at = timezone.now()
    assert isinstance(permissions.revoke_refusal(users["kepala"], letter), ValidationError)


def test_the_service_raises_what_the_predicate_answers_and_the_page_hides_the_button(verified_request, bpjs_user, kepala_user, client):
    assert not permissions.can_sign(bpjs_user, verified_request)
    with pytest.raises(PermissionDenied):
        services.letter_issue(user=bpjs_user, request=verified_request)
    verified_request.verified_by = kepala_user
    verified_request.save(update_fields=["verified_by"])
    with pytest.raises(PermissionDenied, match="empat mata"):
        services.letter_issue(user=kepala_user, request=verified_request)
    client.force_login(kepala_user)
    page = client.get(verified_request.get_absolute_url())
    assert page.status_code == 200
    assert page.context["can_sign"] is False
    assert page.context["can_refuse"] is True
