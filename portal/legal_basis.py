"""Reads of the legal figures in force on a date, for the public legal-basis page (/dasar-hukum/)
and the calculator's explanations. The same dated rows the calculator, the estimates and the
eligibility check use: nothing here is a figure of its own."""

from __future__ import annotations

from datetime import date

from compliance.models import RuleSet
from core.scale import SCALE_ORDER
from enrollment.models import BpuBracket, PaymentRule, ProgrammeObligation, PuRate, Relief, RiskClass
from umkm.services import scale_criteria_on


def pu_anchor(programme: str, risk_class: str = "") -> str:
    return f"pu-{programme.lower()}" + (f"-{risk_class}" if risk_class else "")


def in_force(as_of: date) -> dict:
    """Every rate, bracket, relief, obligation, scale criterion and eligibility limit in force."""
    risk_order = list(RiskClass.values)
    pu_rates = sorted(
        PuRate.objects.in_force(as_of),
        key=lambda r: (["JKK", "JKM", "JHT", "JP", "JKP"].index(r.programme), risk_order.index(r.risk_class) if r.risk_class else 0),
    )
    for rate in pu_rates:
        rate.anchor = pu_anchor(rate.programme, rate.risk_class)
    brackets = list(BpuBracket.objects.in_force(as_of).order_by("income_from"))
    obligations = sorted(ProgrammeObligation.objects.in_force(as_of), key=lambda o: SCALE_ORDER.index(o.scale))
    rule_set = RuleSet.objects.filter(effective_from__lte=as_of).order_by("-effective_from").first()
    return {
        "pu_rates": pu_rates,
        "bpu_brackets": brackets,
        "bpu_minimum": brackets[0] if brackets else None,
        "reliefs": list(Relief.objects.in_force(as_of).order_by("segment", "effective_from")),
        "obligations": obligations,
        "scale_criteria": scale_criteria_on(as_of),
        "rule_set": rule_set,
        "payment_rule": PaymentRule.objects.in_force(as_of).first(),
    }


def calculator_figures(as_of: date) -> dict:
    """The figures the calculator's "how to read" notes quote, from the rows in force."""
    rates = {(r.programme, r.risk_class): r for r in PuRate.objects.in_force(as_of).order_by("effective_from")}
    brackets = BpuBracket.objects.in_force(as_of).order_by("income_from")
    minimum = brackets.first()
    return {
        "jkk": [(RiskClass(risk).label, rates[("JKK", risk)].total_pct) for risk in RiskClass.values if ("JKK", risk) in rates],
        "jp": rates.get(("JP", "")),
        "jkp": rates.get(("JKP", "")),
        "bpu_minimum": minimum,
        "bpu_minimum_total": (minimum.jkk + minimum.jkm) if minimum else None,
        "reliefs": list(Relief.objects.in_force(as_of).order_by("segment", "effective_from")),
    }
