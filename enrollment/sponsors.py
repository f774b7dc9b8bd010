"""Reads for the sponsor programmes (APBD, Dana Desa, CSR): people covered, quota left, the monthly
bill from the dated rate rows (with the reliefs the payer allows) and who lapsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from enrollment.contributions import ContributionEstimate, participation_contribution, reliefs_on
from enrollment.models import Participation, ParticipationQuerySet, Relief, Segment, SponsorProgramme


@dataclass
class SponsorSummary:
    programme: SponsorProgramme
    registered: int  # current participations (not ended)
    covered: int  # active today
    bill: int = 0  # monthly contributions of the people covered
    bill_before_reliefs: int = 0
    reliefs: list[tuple[str, str]] = field(default_factory=list)
    lapsed: list[Participation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def quota_left(self) -> int:
        return max(0, self.programme.quota - self.registered)

    @property
    def over_quota(self) -> int:
        return max(0, self.registered - self.programme.quota)


def _bill(summaries: dict[int, SponsorSummary], participations, as_of: date) -> None:
    """Add each covered participation's contribution to its programme's bill; the rate rows are
    read once per distinct (income, programmes, sector, payer)."""
    from django.core.exceptions import ValidationError

    reliefs: dict[str, list[Relief]] = {Segment.BPU: reliefs_on(Segment.BPU, as_of), Segment.PU: reliefs_on(Segment.PU, as_of)}
    memo: dict[tuple, ContributionEstimate | str] = {}
    for participation in participations:
        summary = summaries[participation.sponsor_programme_id]
        key = (
            participation.segment,
            participation.wage,
            tuple(participation.programmes),
            participation.risk_class,
            participation.sector,
            participation.paid_from_state_budget,
        )
        if key not in memo:
            try:
                memo[key] = participation_contribution(participation, as_of, reliefs=reliefs)
            except ValidationError as exc:
                memo[key] = " ".join(exc.messages)
        estimate = memo[key]
        if isinstance(estimate, str):
            if estimate not in summary.errors:
                summary.errors.append(estimate)
            continue
        summary.bill += estimate.payable_total
        summary.bill_before_reliefs += estimate.base_payable_total
        for relief in estimate.reliefs:
            if relief not in summary.reliefs:
                summary.reliefs.append(relief)


def sponsor_summaries(*, as_of: date, programmes=None) -> list[SponsorSummary]:
    """One summary per programme, in a fixed number of queries (programmes, covered people, lapsed)."""
    qs = programmes if programmes is not None else SponsorProgramme.objects.all()
    current = ParticipationQuerySet.current_q(as_of, prefix="participations__")
    qs = qs.annotate(registered=Count("participations", filter=current, distinct=True)).order_by("-budget_year", "name")
    summaries = {p.pk: SponsorSummary(programme=p, registered=p.registered, covered=0) for p in qs}
    if not summaries:
        return []
    base = Participation.objects.filter(sponsor_programme_id__in=list(summaries))
    covered = list(base.active(as_of).select_related("sponsor_programme"))
    for participation in covered:
        summaries[participation.sponsor_programme_id].covered += 1
    _bill(summaries, covered, as_of)
    for participation in base.lapsed(as_of).select_related("person").order_by("person__name"):
        summaries[participation.sponsor_programme_id].lapsed.append(participation)
    return list(summaries.values())
