"""The bank-check section of the cooperative hub (``cooperatives.hub``): the checks about its board
and employees made while they held their position, for the roles that see every check."""

from banking.selectors import VERIFICATION_ALL_ROLES, verifications_for_cooperative
from cooperatives.hub import register_panel
from core.roles import has_role

PANEL_ROWS = 10


def bank_panel(request, cooperative):
    if not has_role(request.user, *VERIFICATION_ALL_ROLES):
        return None
    checks = list(verifications_for_cooperative(cooperative)[:PANEL_ROWS])
    return {"order": 40, "template": "cooperatives/panels/bank.html", "context": {"checks": checks}}


def register():
    register_panel(bank_panel)
