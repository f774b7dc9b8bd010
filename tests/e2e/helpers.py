"""Arranging situations for the browser journeys through the real services."""

from __future__ import annotations

import io
import re

from django.utils import timezone

from cooperatives.models import BOARD_ROLES, SUPERVISOR_ROLES, Cooperative, Position
from enrollment.services import participation_upsert
from enrollment.status import add_months, latest_due_month

VERIFY_URL = re.compile(r"https?://[^/\s]+(/verifikasi/[^/\s]+/)")


def enrol_uncovered_board(cooperative: Cooperative, *, first_kpj: int = 99_000_000_001) -> list:
    """Register every current board member or supervisor without an active participation as an
    active BPU participant (JKK and JKM), as the branch does when he comes to enrol."""
    today = timezone.localdate()
    due = latest_due_month("BPU", today)
    created = []
    positions = Position.objects.current(today).filter(cooperative=cooperative).select_related("person")
    for index, position in enumerate(p for p in positions if p.role in BOARD_ROLES or p.role in SUPERVISOR_ROLES):
        if position.person.participations.active(today).exists():
            continue
        participation, _created = participation_upsert(
            person=position.person,
            kpj=f"{first_kpj + index:011d}",
            segment="BPU",
            jkk=True,
            jkm=True,
            wage=1_000_000,
            started_on=add_months(due, -12),
            last_paid_month=due,
            source="e2e",
        )
        created.append(participation)
    return created


def eligibility(cooperative: Cooperative, purpose: str) -> dict:
    from compliance.selectors import eligibility_for

    return eligibility_for(cooperative, purpose)


def issue_letter(ctx, cooperative: Cooperative, purpose: str):
    """A letter through the whole workflow: the Dinas asks, a BPJS officer verifies, the branch head signs."""
    from compliance import services

    request = services.recommendation_request(user=ctx.users["dinas"], cooperative=cooperative, purpose=purpose)
    services.request_verify(user=ctx.users["bpjs"], request=request)
    request.refresh_from_db()
    return services.letter_issue(user=ctx.users["kepala"], request=request)


def eligible_cooperative(ctx, *, exclude: Cooperative | None = None) -> Cooperative:
    """An active cooperative other than the demo one, without any request yet, made eligible for a
    status evaluation."""
    from compliance.models import Purpose, RecommendationRequest

    today = timezone.localdate()
    asked = RecommendationRequest.objects.values("cooperative_id")
    candidates = Cooperative.objects.active(today).exclude(pk=(exclude or ctx.demo_cooperative).pk).exclude(pk__in=asked)
    from cooperatives.services import cooperative_scale_set

    for cooperative in candidates.order_by("pk"):
        if not cooperative.scale:  # rule c needs the employer's scale (Perpres 109/2013 Pasal 6 ayat 3)
            cooperative_scale_set(cooperative=cooperative, capital=250_000_000, annual_sales=900_000_000, source="Laporan RAT (uji)")
        enrol_uncovered_board(cooperative, first_kpj=98_000_000_001 + cooperative.pk * 10)
        if eligibility(cooperative, Purpose.EVALUASI_STATUS)["passed"]:
            return cooperative
    raise AssertionError("no active cooperative of the demo set can be made eligible")


def failing_rules(snapshot: dict) -> list[str]:
    return [f"{rule['code']}: {rule['evidence']}" for rule in snapshot["rules"] if not rule["passed"]]


def umkm_workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
