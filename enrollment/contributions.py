"""Monthly contribution calculator on the dated rate tables (domain-reference §3).

Amounts are whole Rupiah, rounded half up per programme and payer, as a payment slip shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.formatting import tanggal
from enrollment.models import BpuBracket, Programme, PuRate, Relief, RiskClass, Segment


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ContributionLine:
    programme: str
    base: int  # the wage the percentage applies to (after any cap); the income bracket for BPU
    rate_pct: Decimal | None
    employer: int  # what each payer pays, after any relief
    worker: int
    government: int  # paid by the central government, not billed
    note: str = ""
    recomposed: int = 0  # JKP: taken out of the employer's JKK bill (already inside ``employer`` of JKK)
    recomposed_pct: Decimal | None = None
    government_pct: Decimal | None = None
    legal_basis: str = ""  # of the rate row or bracket
    row_from: date | None = None  # the rate row's start, for the legal-basis page anchor
    relief_amount: int = 0  # taken off the base amount
    relief_name: str = ""
    relief_basis: str = ""
    relief_pct: Decimal | None = None

    @property
    def total(self) -> int:
        """What is paid for the programme: the payers' amounts after relief and the government's share."""
        return self.employer + self.worker + self.government

    @property
    def base_amount(self) -> int:
        """The amount before any relief."""
        return self.total + self.relief_amount

    @property
    def programme_name(self) -> str | Promise:
        return Programme(self.programme).label


@dataclass(frozen=True)
class ContributionEstimate:
    segment: str
    amount: int  # the wage or income entered
    as_of: date
    lines: list[ContributionLine] = field(default_factory=list)

    @property
    def employer_total(self) -> int:
        return sum(line.employer for line in self.lines)

    @property
    def worker_total(self) -> int:
        return sum(line.worker for line in self.lines)

    @property
    def government_total(self) -> int:
        return sum(line.government for line in self.lines)

    @property
    def relief_total(self) -> int:
        return sum(line.relief_amount for line in self.lines)

    @property
    def payable_total(self) -> int:
        """What employer and worker pay (the government's JKP share is not billed)."""
        return self.employer_total + self.worker_total

    @property
    def base_payable_total(self) -> int:
        """What employer and worker would pay without reliefs."""
        return self.payable_total + self.relief_total

    @property
    def total(self) -> int:
        return self.employer_total + self.worker_total + self.government_total

    @property
    def reliefs(self) -> list[tuple[str, str]]:
        """The reliefs applied (name, legal basis), once each."""
        seen: dict[str, str] = {}
        for line in self.lines:
            if line.relief_name:
                seen.setdefault(line.relief_name, line.relief_basis)
        return list(seen.items())


def pu_rates_on(as_of: date, risk_class: str) -> dict[str, PuRate]:
    """The PU rate in force on ``as_of`` for each programme (JKK for the given risk class)."""
    rows = PuRate.objects.in_force(as_of).filter(risk_class__in=("", risk_class))
    found: dict[str, PuRate] = {}
    for rate in rows.order_by("programme", "-effective_from"):
        if rate.programme == Programme.JKK and rate.risk_class != risk_class:
            continue
        found.setdefault(rate.programme, rate)
    return found


def reliefs_on(segment: str, as_of: date) -> list[Relief]:
    return list(Relief.objects.in_force(as_of).filter(segment=segment).order_by("-discount_pct", "pk"))


def _relief_for(programme: str, reliefs: list[Relief], **condition) -> Relief | None:
    """The largest relief in force for the programme whose condition holds (reliefs do not add up)."""
    for relief in reliefs:
        if programme in relief.programmes and relief.applies(**condition):
            return relief
    return None


def _discount(amount: int, relief: Relief | None) -> int:
    return _round(Decimal(amount) * relief.discount_pct / 100) if relief else 0


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def contribution_pu(
    *,
    wage: int,
    risk_class: str,
    as_of: date,
    programmes: tuple[str, ...] | None = None,
    sector: str = "",
    workers: int | None = None,
    reliefs: list[Relief] | None = None,
) -> ContributionEstimate:
    """Monthly PU contribution per programme (employer, worker, government) for a wage.

    Reliefs in force on ``as_of`` whose condition holds (sector, employer size) are taken off the
    employer's and worker's base amounts.
    """
    if wage is None or int(wage) < 0:
        raise ValidationError({"wage": _("Upah harus berupa angka Rupiah yang tidak negatif.")})
    if risk_class not in RiskClass.values:
        raise ValidationError({"risk_class": _("Pilih kelas risiko JKK.")})
    wage = int(wage)
    wanted = programmes or tuple(Programme.values)
    rates = pu_rates_on(as_of, risk_class)
    missing = [p for p in wanted if p not in rates]
    if missing:
        raise ValidationError(
            _("Tarif %(programmes)s belum tersedia untuk tanggal %(date)s.") % {"programmes": ", ".join(missing), "date": tanggal(as_of)}
        )
    reliefs = reliefs_on(Segment.PU, as_of) if reliefs is None else reliefs
    lines = []
    for programme in Programme.values:
        if programme not in wanted:
            continue
        rate = rates[programme]
        base = min(wage, rate.wage_cap) if rate.wage_cap else wage
        note = _("upah dibatasi Rp %(cap)s") % {"cap": _money(rate.wage_cap)} if rate.wage_cap and wage > rate.wage_cap else ""
        employer = _round(base * rate.employer_pct / 100)
        worker = _round(base * rate.worker_pct / 100)
        relief = _relief_for(programme, reliefs, sector=sector, workers=workers)
        employer_off, worker_off = _discount(employer, relief), _discount(worker, relief)
        lines.append(
            ContributionLine(
                programme=programme,
                base=base,
                rate_pct=rate.total_pct,
                employer=employer - employer_off,
                worker=worker - worker_off,
                government=_round(base * rate.government_pct / 100),
                note=note,
                recomposed=_round(base * rate.recomposed_pct / 100),
                recomposed_pct=rate.recomposed_pct,
                government_pct=rate.government_pct,
                legal_basis=rate.legal_basis,
                row_from=rate.effective_from,
                relief_amount=employer_off + worker_off,
                relief_name=relief.name if relief and (employer_off or worker_off) else "",
                relief_basis=relief.legal_basis if relief and (employer_off or worker_off) else "",
                relief_pct=relief.discount_pct if relief else None,
            )
        )
    return ContributionEstimate(segment="PU", amount=wage, as_of=as_of, lines=lines)


def bpu_bracket_on(income: int, as_of: date) -> BpuBracket:
    brackets = BpuBracket.objects.in_force(as_of)
    bracket = brackets.filter(income_from__lte=income).order_by("-effective_from", "-income_from").first()
    if bracket is None:
        bracket = brackets.order_by("-effective_from", "income_from").first()
    if bracket is None:
        raise ValidationError(_("Tabel iuran BPU belum tersedia untuk tanggal %(date)s.") % {"date": tanggal(as_of)})
    return bracket


def contribution_bpu(
    *,
    income: int,
    as_of: date,
    include_jht: bool = False,
    sector: str = "",
    state_budget: bool = False,
    reliefs: list[Relief] | None = None,
) -> ContributionEstimate:
    """Monthly BPU contribution from the income bracket table; JHT optional, no JP.

    Reliefs in force on ``as_of`` apply according to the sector and to who pays (PP 50/2025 does
    not apply when the contribution is paid from the APBN/APBD: ``state_budget``).
    """
    if income is None or int(income) < 0:
        raise ValidationError({"income": _("Penghasilan harus berupa angka Rupiah yang tidak negatif.")})
    income = int(income)
    bracket = bpu_bracket_on(income, as_of)
    reliefs = reliefs_on(Segment.BPU, as_of) if reliefs is None else reliefs
    amounts = [(Programme.JKK, bracket.jkk), (Programme.JKM, bracket.jkm)] + ([(Programme.JHT, bracket.jht)] if include_jht else [])
    lines = []
    for programme, amount in amounts:
        relief = _relief_for(programme, reliefs, sector=sector, state_budget=state_budget)
        off = _discount(amount, relief)
        lines.append(
            ContributionLine(
                programme,
                bracket.income_from,
                None,
                0,
                amount - off,
                0,
                legal_basis=bracket.legal_basis,
                row_from=bracket.effective_from,
                relief_amount=off,
                relief_name=relief.name if relief and off else "",
                relief_basis=relief.legal_basis if relief and off else "",
                relief_pct=relief.discount_pct if relief and off else None,
            )
        )
    return ContributionEstimate(segment="BPU", amount=income, as_of=as_of, lines=lines)


def participation_contribution(participation, as_of: date, *, reliefs: dict[str, list[Relief]] | None = None) -> ContributionEstimate:
    """The monthly contribution of a recorded participation on its reported wage or income, with
    the reliefs its payer and sector allow (a sponsor's bill, the Dinas's figures)."""
    reliefs = reliefs or {}
    if participation.segment == Segment.BPU:
        return contribution_bpu(
            income=participation.wage,
            as_of=as_of,
            include_jht=participation.jht,
            sector=participation.sector,
            state_budget=participation.paid_from_state_budget,
            reliefs=reliefs.get(Segment.BPU),
        )
    return contribution_pu(
        wage=participation.wage,
        risk_class=participation.risk_class or RiskClass.RENDAH,
        as_of=as_of,
        programmes=tuple(participation.programmes) or None,
        sector=participation.sector,
        reliefs=reliefs.get(Segment.PU),
    )
