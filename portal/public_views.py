"""Public pages, no login: the programmes in plain Bahasa Indonesia and the contribution calculator."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from enrollment.contributions import contribution_bpu, contribution_pu
from enrollment.models import RiskClass
from portal import integrations
from portal.forms import CalculatorForm


def programmes(request):
    return render(request, "public/programmes.html", {"verify_url": integrations.verify_url()})


def calculator(request):
    """BPU (UMKM actor) or PU (employer) monthly contribution on the dated rate tables."""
    form = CalculatorForm(request.GET or None)
    estimate = None
    error = ""
    workers = 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        as_of = data.get("tanggal") or timezone.localdate()
        try:
            if data["jenis"] == "pu":
                estimate = contribution_pu(wage=data["wage"], risk_class=data["risk_class"] or RiskClass.RENDAH, as_of=as_of)
                workers = data["workers"]
            else:
                estimate = contribution_bpu(income=data["income"], as_of=as_of, include_jht=data["include_jht"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "form": form,
        "estimate": estimate,
        "error": error,
        "workers": workers,
        "risk_label": RiskClass(form.cleaned_data.get("risk_class") or RiskClass.RENDAH).label
        if estimate and estimate.segment == "PU"
        else "",
        "verify_url": integrations.verify_url(),
    }
    template = "public/_calculator_result.html" if request.htmx else "public/calculator.html"
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)
