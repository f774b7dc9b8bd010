"""Public pages, no login: the programmes in plain Bahasa Indonesia, the contribution calculator and
the legal basis of every figure in force on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from enrollment.contributions import contribution_bpu, contribution_pu
from enrollment.models import RiskClass
from portal import integrations
from portal import legal_basis as legal
from portal.forms import CalculatorForm


def programmes(request):
    figures = legal.calculator_figures(timezone.localdate())
    return render(request, "public/programmes.html", {"verify_url": integrations.verify_url(), "figures": figures})


def _fragment_wanted(request) -> bool:
    """An htmx swap of the result, not a history restore (which needs the whole page)."""
    htmx: Any = getattr(request, "htmx", None)  # django-htmx's HtmxDetails, absent outside its middleware
    return bool(htmx) and not htmx.history_restore_request and htmx.target in (None, "calc-result")


def calculator(request):
    """BPU (UMKM actor) or PU (employer) monthly contribution on the dated rate rows, with the
    reliefs the sector and the payer allow. A full page without JavaScript; htmx swaps only the
    result (same URL, ``Vary: HX-Request`` so a cache never serves the fragment as the page)."""
    fragment = _fragment_wanted(request)
    data = request.GET
    amount_key = "wage" if data.get("jenis") == "pu" else "income"
    if fragment and not data.get(amount_key, "").strip():
        # Switching between PU and BPU before typing an amount: the hint, not an error.
        data = None
    form = CalculatorForm(data or None)
    estimate = None
    error = ""
    workers = 1
    as_of = timezone.localdate()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        as_of = data.get("tanggal") or as_of
        try:
            if data["jenis"] == "pu":
                workers = data["workers"]
                estimate = contribution_pu(
                    wage=data["wage"],
                    risk_class=data["risk_class"] or RiskClass.RENDAH,
                    as_of=as_of,
                    sector=data.get("sektor") or "",
                    workers=workers,
                )
            else:
                estimate = contribution_bpu(
                    income=data["income"],
                    as_of=as_of,
                    include_jht=data["include_jht"],
                    sector=data.get("sektor") or "",
                    state_budget=data.get("pembayar") == "apbn_apbd",
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "form": form,
        "estimate": estimate,
        "error": error,
        "workers": workers,
        "as_of": as_of,
        "risk_label": RiskClass(form.cleaned_data.get("risk_class") or RiskClass.RENDAH).label
        if estimate and estimate.segment == "PU"
        else "",
        "verify_url": integrations.verify_url(),
    }
    invalid = (form.is_bound and form.errors) or error
    if fragment:
        # An htmx swap answers 200 with the messages inside the result: a 4xx would be treated as
        # an error response (django-htmx's debug handler replaces the whole document with it).
        response = render(request, "public/_calculator_result.html", context)
    else:
        context["figures"] = legal.calculator_figures(as_of)
        response = render(request, "public/calculator.html", context, status=400 if invalid else 200)
    patch_vary_headers(response, ("HX-Request",))
    return response


def legal_basis(request):
    """Every rule and rate in force on a chosen date, with its source: the same rows the calculator,
    the estimates and the eligibility check use."""
    as_of = timezone.localdate()
    error = ""
    raw = request.GET.get("tanggal", "").strip()
    if raw:
        try:
            as_of = date.fromisoformat(raw[:10])
        except ValueError:
            error = _("Tanggal tidak dikenali; gunakan format TTTT-BB-HH. Ditampilkan ketentuan hari ini.")
    context = {"as_of": as_of, "error": error, **legal.in_force(as_of)}
    return render(request, "public/legal_basis.html", context)
