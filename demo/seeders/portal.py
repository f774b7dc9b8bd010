"""The demo cooperative head's morning: an issued letter to download, and a board change behind
what is missing today.

Story: about three months ago the demo cooperative obtained a recommendation for a licence (letter
issued then, still valid, downloadable from the head's page). A month ago its bendahara changed;
the new bendahara is not enrolled yet, so today the cooperative misses one person (the core seed's
story) and its status-evaluation request is returned (the compliance seeder, which runs after this
one). The letter's purpose differs from that request's so the evaluation story stays one request.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError

from cooperatives.models import Position, PositionRole
from cooperatives.services import position_add, position_end
from enrollment.models import Participation
from enrollment.status import latest_due_month

logger = logging.getLogger(__name__)

PREVIOUS_BENDAHARA = "Nur Aisyah Lamaramba"
LETTER_AGE_DAYS = 95
BOARD_CHANGE_AGE_DAYS = 30


def seed(ctx) -> None:
    if ctx.demo_cooperative is None:
        return
    from compliance import services
    from compliance.models import Purpose
    from demo.seed import _next_kpj, new_person

    coop = ctx.demo_cooperative
    current = Position.objects.filter(cooperative=coop, role=PositionRole.BENDAHARA, ended_on__isnull=True).select_related("person").first()
    if current is None:
        return
    new_bendahara, original_start = current.person, current.started_on
    change_on = ctx.today - timedelta(days=BOARD_CHANGE_AGE_DAYS)
    issued_on = ctx.today - timedelta(days=LETTER_AGE_DAYS)
    if original_start >= issued_on:
        return
    try:
        # The previous bendahara held the office until a month ago and was an active BPU participant.
        current.delete()
        previous = new_person(ctx, coop.desa, gender="P", name=PREVIOUS_BENDAHARA)
        previous.save()
        Participation.objects.create(
            person=previous,
            kpj=_next_kpj(ctx),
            segment="BPU",
            jkk=True,
            jkm=True,
            wage=1_500_000,
            started_on=original_start,
            last_paid_month=latest_due_month("BPU", ctx.today),
            source="demo",
        )
        previous_position = position_add(cooperative=coop, person=previous, role=PositionRole.BENDAHARA, started_on=original_start)
        request = services.recommendation_request(user=ctx.users["koperasi"], cooperative=coop, purpose=Purpose.IZIN_BARU)
        services.request_verify(user=ctx.users["bpjs"], request=request)
        services.letter_issue(user=ctx.users["kepala"], request=request, issued_on=issued_on)
        # The board change: she leaves, the new bendahara (not enrolled yet) takes over.
        position_end(position=previous_position, ended_on=change_on)
        position_add(cooperative=coop, person=new_bendahara, role=PositionRole.BENDAHARA, started_on=change_on)
    except ValidationError as exc:  # the demo data did not allow the story; keep the core seed's state
        logger.warning("portal demo story skipped: %s", "; ".join(exc.messages))
        if not Position.objects.filter(cooperative=coop, role=PositionRole.BENDAHARA, ended_on__isnull=True).exists():
            position_add(cooperative=coop, person=new_bendahara, role=PositionRole.BENDAHARA, started_on=original_start)
