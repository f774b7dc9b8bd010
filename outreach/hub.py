"""The outreach section of the cooperative hub (``cooperatives.hub``): the sosialisasi events the
cooperative attended."""

from cooperatives.hub import register_panel
from core.roles import Role, has_role
from outreach.models import OutreachAttendance

PANEL_ROWS = 10


def outreach_panel(request, cooperative):
    if not has_role(request.user, Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG):
        return None
    attendances = list(
        OutreachAttendance.objects.filter(cooperative=cooperative)
        .select_related("event", "event__kecamatan")
        .order_by("-event__held_on", "-pk")[:PANEL_ROWS]
    )
    return {"order": 30, "template": "cooperatives/panels/outreach.html", "context": {"attendances": attendances}}


def register():
    register_panel(outreach_panel)
