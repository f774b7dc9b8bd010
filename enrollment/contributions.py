"""Monthly contribution calculator on the dated rate tables (domain-reference §3).

Amounts are whole Rupiah, rounded half up per programme and payer, as a payment slip shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enrollment.models import BpuBracket, Programme, PuRate, RiskClass


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ContributionLine:
    programme: str
    base: int  # the wage the percentage applies to (after any cap); the income bracket for BPU
    rate_pct: Decimal | None
    employer: int
    worker: int
    government: int
    note: str = ""

    @property
    def total(self) -> int:
        return self.employer + self.worker + self.government

    @property
    def programme_name(self) -> str:
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
    def payable_total(self) -> int:
        """What employer and worker pay (the government's JKP share is not billed)."""
        return self.employer_total + self.worker_total

    @property
    def total(self) -> int:
        return self.employer_total + self.worker_total + self.government_total


def pu_rates_on(as_of: date, risk_class: str) -> dict[str, PuRate]:
    """The PU rate in force on ``as_of`` for each programme (JKK for the given risk class)."""
    rows = PuRate.objects.filter(effective_from__lte=as_of).filter(risk_class__in=("", risk_class))
    found: dict[str, PuRate] = {}
    for rate in rows.order_by("programme", "-effective_from"):
        if rate.programme == Programme.JKK and rate.risk_class != risk_class:
            continue
        found.setdefault(rate.programme, rate)
    return found


def contribution_pu(*, wage: int, risk_class: str, as_of: date, programmes: tuple[str, ...] | None = None) -> ContributionEstimate:
    """Monthly PU contribution per programme (employer, worker, government) for a wage."""
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
            _("Tarif %(programmes)s belum tersedia untuk tanggal %(date)s.")
            % {"programmes": ", ".join(missing), "date": as_of.strftime("%d-%m-%Y")}
        )
    lines = []
    for programme in Programme.values:
        if programme not in wanted:
            continue
        rate = rates[programme]
        base = min(wage, rate.wage_cap) if rate.wage_cap else wage
        note = (
            _("upah dibatasi Rp %(cap)s") % {"cap": f"{rate.wage_cap:,}".replace(",", ".")}
            if rate.wage_cap and wage > rate.wage_cap
            else ""
        )
        lines.append(
            ContributionLine(
                programme=programme,
                base=base,
                rate_pct=rate.total_pct,
                employer=_round(base * rate.employer_pct / 100),
                worker=_round(base * rate.worker_pct / 100),
                government=_round(base * rate.government_pct / 100),
                note=note,
            )
        )
    return ContributionEstimate(segment="PU", amount=wage, as_of=as_of, lines=lines)


def bpu_bracket_on(income: int, as_of: date) -> BpuBracket:
    table_date = (
        BpuBracket.objects.filter(effective_from__lte=as_of).order_by("-effective_from").values_list("effective_from", flat=True).first()
    )
    if table_date is None:
        raise ValidationError(_("Tabel iuran BPU belum tersedia untuk tanggal %(date)s.") % {"date": as_of.strftime("%d-%m-%Y")})
    bracket = BpuBracket.objects.filter(effective_from=table_date, income_from__lte=income).order_by("-income_from").first()
    if bracket is None:
        bracket = BpuBracket.objects.filter(effective_from=table_date).order_by("income_from").first()
    return bracket


def contribution_bpu(*, income: int, as_of: date, include_jht: bool = False) -> ContributionEstimate:
    """Monthly BPU contribution from the income bracket table; JHT optional, no JP."""
    if income is None or int(income) < 0:
        raise ValidationError({"income": _("Penghasilan harus berupa angka Rupiah yang tidak negatif.")})
    income = int(income)
    bracket = bpu_bracket_on(income, as_of)
    lines = [
        ContributionLine(Programme.JKK, bracket.income_from, None, 0, bracket.jkk, 0),
        ContributionLine(Programme.JKM, bracket.income_from, None, 0, bracket.jkm, 0),
    ]
    if include_jht:
        lines.append(ContributionLine(Programme.JHT, bracket.income_from, None, 0, bracket.jht, 0))
    return ContributionEstimate(segment="BPU", amount=income, as_of=as_of, lines=lines)
