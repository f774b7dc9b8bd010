"""The compliance section of the cooperative hub (``cooperatives.hub``): its requests and letters
with their states, the gate decisions, and the actions the role may take from there."""

from django.urls import reverse
from django.utils import timezone

from compliance.models import GateDecision, Purpose, RequestState
from compliance.selectors import STAFF_ROLES, letter_queryset_for, request_queryset_for
from cooperatives.hub import register_panel
from core.roles import Role, has_role

OPEN_STATES = (RequestState.DIAJUKAN, RequestState.DIVERIFIKASI, RequestState.DIKEMBALIKAN)
PANEL_ROWS = 10


def compliance_panel(request, cooperative):
    user = request.user
    if not has_role(user, *STAFF_ROLES):
        return None
    today = timezone.localdate()
    requests = list(
        request_queryset_for(user)
        .filter(cooperative=cooperative)
        .select_related("requested_by")
        .defer("eligibility")
        .order_by("-submitted_at", "-pk")[:PANEL_ROWS]
    )
    letters = [
        {"letter": letter, "status": letter.status_on(today)}
        for letter in letter_queryset_for(user)
        .filter(cooperative=cooperative)
        .defer("pdf", "eligibility")
        .order_by("-issued_on", "-sequence")[:PANEL_ROWS]
    ]
    decisions = list(
        GateDecision.objects.filter(cooperative=cooperative)
        .select_related("letter", "recorded_by")
        .order_by("-decided_on", "-pk")[:PANEL_ROWS]
    )
    is_dinas = has_role(user, Role.DINAS)
    open_purposes = {r.purpose for r in requests if r.state in OPEN_STATES}
    request_url = reverse("compliance:request_create")
    actions = []
    if is_dinas:
        for value, label in Purpose.choices:
            if value not in open_purposes:
                actions.append({"url": f"{request_url}?cooperative={cooperative.pk}&purpose={value}", "label": label, "kind": "request"})
    return {
        "order": 10,
        "template": "cooperatives/panels/compliance.html",
        "context": {
            "requests": requests,
            "letters": letters,
            "decisions": decisions,
            "request_actions": actions,
            "can_record_decision": is_dinas,
            "gate_url": f"{reverse('compliance:gate_create')}?cooperative={cooperative.pk}",
            "open_states": OPEN_STATES,
        },
    }


def register():
    register_panel(compliance_panel)
