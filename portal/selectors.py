"""Reads for the cooperative head's portal, always for one cooperative already scoped by
``cooperatives.selectors.cooperative_get`` (404 for anyone else's)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import Promise

from cooperatives.models import (
    BOARD_ROLES,
    AnnualMeeting,
    Cooperative,
    CooperativeAccess,
    Position,
    PositionRole,
    last_book_year,
)
from core.forms import MAX_AMOUNT
from core.money import RupiahError, parse_rupiah
from core.roles import UserLike
from enrollment.contributions import ContributionEstimate, contribution_bpu, contribution_pu
from enrollment.models import Participation, Programme, RiskClass
from enrollment.selectors import person_status_on

COVERED_STATUSES = ("aktif", "menunggak")


@dataclass(frozen=True)
class PersonView:
    """All a cooperative's portal shows of a person: the name his cooperative supplied (the
    register's name for a position recorded by the Dinas) and the masked NIK. The register's
    phone, address, birth date and other positions never reach a portal page."""

    pk: int
    name: str
    masked_nik: str


def person_view(position: Position) -> PersonView:
    """The person of ``position`` as his cooperative may see him (``supplied`` and ``person`` joined)."""
    supplied = getattr(position, "supplied", None) if _supplied_loaded(position) else None
    name = supplied.name if supplied is not None else position.person.name
    return PersonView(pk=position.person_id, name=name, masked_nik=position.person.masked_nik)


def _supplied_loaded(position: Position) -> bool:
    try:
        position.supplied  # noqa: B018 - a reverse one-to-one raises when there is no row
    except Position.supplied.RelatedObjectDoesNotExist:
        return False
    return True


def with_holder(position: Position) -> Position:
    """``position.holder``: the ``PersonView`` templates show instead of ``position.person``."""
    position.holder = person_view(position)  # type: ignore[attr-defined]  # for the templates
    return position


@dataclass
class MemberRow:
    position: Position
    person: PersonView
    participation: Participation | None
    status: str | None
    programmes: list[str]
    arrears: int

    @property
    def is_covered(self) -> bool:
        return self.status in COVERED_STATUSES

    @property
    def is_board(self) -> bool:
        return self.position.role in BOARD_ROLES


def member_rows(*, cooperative: Cooperative, as_of: date) -> list[MemberRow]:
    """The current board, supervisors and employees with their best participation (two queries)."""
    positions = (
        Position.objects.current(as_of)
        .filter(cooperative=cooperative)
        .select_related("person", "supplied")
        .prefetch_related(Prefetch("person__participations", queryset=Participation.objects.order_by("-started_on")))
        .order_by("role", "person__name", "pk")
    )
    order = {role: index for index, role in enumerate(PositionRole.values)}
    rows = []
    for position in positions:
        position.cooperative = cooperative  # the estimate compares NPPs without a query per row
        status = person_status_on(position.person, as_of)
        rows.append(
            MemberRow(
                position=with_holder(position),
                person=position.holder,
                participation=status["participation"],
                status=status["status"],
                programmes=status["programmes"],
                arrears=status["arrears"],
            )
        )
    rows.sort(key=lambda row: (order.get(row.position.role, 99), row.person.name.lower()))
    return rows


def member_position_get(*, cooperative: Cooperative, pk: int | str) -> Position:
    """A position of this cooperative (current or ended); 404 for any other cooperative's."""
    try:
        return with_holder(Position.objects.select_related("person", "supplied").get(cooperative=cooperative, pk=pk))
    except (Position.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def holder_names(*, cooperative: Cooperative, person_ids: Iterable[int]) -> dict[int, str]:
    """Person id -> the name this cooperative supplied for her (its latest position; one query)."""
    names: dict[int, str] = {}
    positions = (
        Position.objects.filter(cooperative=cooperative, person_id__in=person_ids)
        .select_related("person", "supplied")
        .order_by("started_on", "pk")
    )
    for position in positions:
        names[position.person_id] = person_view(position).name
    return names


def supplied_initial(position: Position) -> dict:
    """What the correction form starts from: only what this cooperative supplied (a position the
    Dinas recorded starts from the register's name, with no phone or address)."""
    supplied = position.supplied if _supplied_loaded(position) else None
    if supplied is None:
        return {"name": position.person.name, "phone": "", "address": ""}
    return {"name": supplied.name, "phone": supplied.phone, "address": supplied.address}


def ended_positions(*, cooperative: Cooperative, limit: int = 20) -> list[Position]:
    return [
        with_holder(position)
        for position in Position.objects.filter(cooperative=cooperative, ended_on__isnull=False)
        .select_related("person", "supplied")
        .order_by("-ended_on", "pk")[:limit]
    ]


@dataclass
class CoverageSummary:
    total: int
    covered: int
    paid_up: int
    in_arrears: int
    missing: int
    arrears_months: int

    @property
    def share(self) -> float | None:
        return self.covered / self.total if self.total else None

    @property
    def all_covered(self) -> bool:
        return self.total > 0 and self.missing == 0


def coverage_summary(rows: list[MemberRow]) -> CoverageSummary:
    return CoverageSummary(
        total=len(rows),
        covered=sum(1 for r in rows if r.is_covered),
        paid_up=sum(1 for r in rows if r.status == "aktif"),
        in_arrears=sum(1 for r in rows if r.status == "menunggak"),
        missing=sum(1 for r in rows if not r.is_covered),
        arrears_months=sum(r.arrears for r in rows if r.status == "menunggak"),
    )


@dataclass
class RatStatus:
    required_year: int
    held: AnnualMeeting | None
    meetings: list[AnnualMeeting]

    @property
    def is_ok(self) -> bool:
        return self.held is not None


def rat_status(*, cooperative: Cooperative, as_of: date) -> RatStatus:
    """Whether the RAT of the book year that must be held by ``as_of`` was held (same rule as
    ``Cooperative.objects.active``)."""
    year = last_book_year(as_of)
    meetings = list(AnnualMeeting.objects.filter(cooperative=cooperative).order_by("-book_year")[:5])
    held = next((m for m in meetings if m.book_year >= year and m.held_on and m.held_on <= as_of), None)
    return RatStatus(required_year=year, held=held, meetings=meetings)


def access_for(*, user: UserLike, cooperative: Cooperative) -> CooperativeAccess | None:
    return CooperativeAccess.objects.filter(user=user, cooperative=cooperative, is_active=True).first()


def has_active_access(*, user: UserLike) -> bool:
    return CooperativeAccess.objects.filter(user=user, is_active=True).exists()


def is_ketua(*, user: UserLike, cooperative: Cooperative) -> bool:
    access = access_for(user=user, cooperative=cooperative)
    return access is not None and access.role == CooperativeAccess.AccessRole.KETUA


def delegate_list(*, cooperative: Cooperative) -> list[CooperativeAccess]:
    """Everyone bound to the cooperative (ketua and delegates), withdrawn ones last."""
    return list(
        CooperativeAccess.objects.filter(cooperative=cooperative)
        .select_related("user", "invited_by")
        .order_by("-is_active", "role", "user__username")
    )


def delegate_get(*, cooperative: Cooperative, pk: int | str) -> CooperativeAccess:
    try:
        return CooperativeAccess.objects.select_related("user").get(cooperative=cooperative, pk=pk)
    except (CooperativeAccess.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Contribution estimate for the people who are missing -------------------------------------

DEFAULT_PU_WAGE = 3_000_000
DEFAULT_BPU_INCOME = 1_000_000
SEGMENT_CHOICES = (("PU", "PU"), ("BPU", "BPU"))


@dataclass
class EstimateLine:
    row: MemberRow
    segment: str
    amount: int
    estimate: ContributionEstimate | None
    error: str = ""


@dataclass
class ProgrammeTotal:
    programme: str
    employer: int = 0
    worker: int = 0
    government: int = 0
    recomposed: int = 0  # JKP: inside the employer's JKK amount (PP 6/2025 Pasal 11), not billed again
    relief: int = 0  # taken off the base amounts
    legal_bases: list[str] = field(default_factory=list)  # of the rate rows and reliefs used

    @property
    def name(self) -> str | Promise:
        return Programme(self.programme).label

    @property
    def payable(self) -> int:
        return self.employer + self.worker


@dataclass
class MissingEstimate:
    as_of: date
    risk_class: str
    lines: list[EstimateLine] = field(default_factory=list)
    totals: list[ProgrammeTotal] = field(default_factory=list)

    @property
    def employer_total(self) -> int:
        return sum(t.employer for t in self.totals)

    @property
    def worker_total(self) -> int:
        return sum(t.worker for t in self.totals)

    @property
    def government_total(self) -> int:
        return sum(t.government for t in self.totals)

    @property
    def payable_total(self) -> int:
        return self.employer_total + self.worker_total

    @property
    def annual_total(self) -> int:
        return self.payable_total * 12

    @property
    def relief_total(self) -> int:
        return sum(t.relief for t in self.totals)

    @property
    def base_payable_total(self) -> int:
        """What employer and workers would pay without the reliefs in force."""
        return self.payable_total + self.relief_total

    @property
    def reliefs(self) -> list[tuple[str, str]]:
        """The reliefs applied (name, legal basis), once each."""
        seen: dict[str, str] = {}
        for line in self.lines:
            for name, basis in line.estimate.reliefs if line.estimate else ():
                seen.setdefault(name, basis)
        return list(seen.items())


def _with_this_employer(row: MemberRow) -> bool:
    """The participation is a wage-earner one through this cooperative's own NPP."""
    participation, own_npp = row.participation, row.position.cooperative.npp
    return participation is not None and participation.segment == "PU" and bool(own_npp) and participation.npp == own_npp


def default_segment(row: MemberRow) -> str:
    """Employees are wage earners (PU, through the cooperative as employer); board members and
    supervisors usually join as BPU. A participation through another employer is not this
    cooperative's business: it neither sets the segment nor shows its wage here."""
    if row.participation is not None and (row.participation.segment == "BPU" or _with_this_employer(row)):
        return row.participation.segment
    return "PU" if row.position.role == PositionRole.KARYAWAN else "BPU"


def known_wage(row: MemberRow) -> int | None:
    """The last wage reported for this member through this cooperative (never another employer's)."""
    return row.participation.wage if row.participation is not None and _with_this_employer(row) and row.participation.wage else None


def parse_amount(raw: object, default: int) -> int:
    """A Rupiah amount typed as ``3.500.000``, ``3500000`` or ``Rp 3.500.000`` (``core.money``)."""
    if raw in (None, ""):
        return default
    try:
        return parse_rupiah(str(raw)[:40], max_value=MAX_AMOUNT)
    except RupiahError as exc:
        raise ValidationError(exc.message) from None


def missing_estimate(
    *,
    rows: list[MemberRow],
    as_of: date,
    risk_class: str = RiskClass.RENDAH,
    default_wage: int = DEFAULT_PU_WAGE,
    default_income: int = DEFAULT_BPU_INCOME,
    choices: dict[int, tuple[str | None, object]] | None = None,
) -> MissingEstimate:
    """Monthly cost of enrolling every member not covered today, per person and per programme.

    ``choices`` maps a position pk to the segment and amount the head typed; a lapsed member's
    last reported wage is the default before the page-wide default.
    """
    from django.utils.translation import gettext as _

    choices = choices or {}
    result = MissingEstimate(as_of=as_of, risk_class=risk_class)
    computed: dict[tuple[str, int], ContributionEstimate] = {}  # the rate tables are read once per distinct amount
    totals = {code: ProgrammeTotal(code) for code in Programme.values}
    for row in rows:
        if row.is_covered:
            continue
        chosen_segment, chosen_amount = choices.get(row.position.pk, (None, None))
        segment = chosen_segment if chosen_segment in ("PU", "BPU") else default_segment(row)
        known = known_wage(row)
        fallback = known or (default_wage if segment == "PU" else default_income)
        try:
            amount = parse_amount(chosen_amount, fallback)
        except ValidationError:
            result.lines.append(
                EstimateLine(row, segment, 0, None, _("Isi jumlah Rupiah berupa angka bulat, paling besar Rp 1.000.000.000."))
            )
            continue
        try:
            estimate = computed.get((segment, amount))
            if estimate is None:
                if segment == "PU":
                    estimate = contribution_pu(wage=amount, risk_class=risk_class, as_of=as_of)
                else:
                    estimate = contribution_bpu(income=amount, as_of=as_of)
                computed[(segment, amount)] = estimate
        except ValidationError as exc:
            result.lines.append(EstimateLine(row, segment, amount, None, " ".join(exc.messages)))
            continue
        result.lines.append(EstimateLine(row, segment, amount, estimate))
        for line in estimate.lines:
            total = totals[line.programme]
            total.employer += line.employer
            total.worker += line.worker
            total.government += line.government
            total.recomposed += line.recomposed
            total.relief += line.relief_amount
            for basis in (line.legal_basis, line.relief_basis):
                if basis and basis not in total.legal_bases:
                    total.legal_bases.append(basis)
    result.totals = [t for t in totals.values() if t.employer or t.worker or t.government]
    return result
