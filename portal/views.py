"""The cooperative head's portal. Every view takes the cooperative through ``cooperative_get``
(404 for another cooperative's) and every object through a selector bound to that cooperative."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.selectors import cooperative_get, cooperative_queryset_for
from core.roles import Role, has_role, role_required
from enrollment.models import RiskClass
from portal import integrations, selectors, services
from portal.forms import DelegateInviteForm, EstimateForm, MemberAddForm, MemberCorrectForm, MemberEndForm

PORTAL_ROLES = (Role.KOPERASI,)


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where the form has the field)."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field_name if field_name in form.fields else None, error.messages)
    else:
        form.add_error(None, exc.messages)


def _context(request, cooperative, **extra) -> dict:
    return {
        "cooperative": cooperative,
        "is_ketua": selectors.is_ketua(user=request.user, cooperative=cooperative),
        "my_cooperative_count": len(cooperative_queryset_for(request.user).values_list("pk", flat=True)[:2]),
        **extra,
    }


@role_required(*PORTAL_ROLES)
def portal_index(request):
    """His cooperative's page; with several cooperatives he picks one."""
    cooperatives = list(cooperative_queryset_for(request.user).select_related("desa", "desa__parent").order_by("name"))
    if len(cooperatives) == 1:
        return redirect("portal:cooperative", pk=cooperatives[0].pk)
    return render(request, "portal/index.html", {"cooperatives": cooperatives})


@role_required(*PORTAL_ROLES)
def cooperative_home(request, pk):
    """One page: coverage, arrears, what blocks the recommendation, requests and letters, RAT, bank checks."""
    cooperative = cooperative_get(user=request.user, pk=pk)
    today = timezone.localdate()
    rows = selectors.member_rows(cooperative=cooperative, as_of=today)
    summary = selectors.coverage_summary(rows)
    estimate = selectors.missing_estimate(rows=rows, as_of=today) if summary.missing else None
    context = _context(
        request,
        cooperative,
        today=today,
        rows=rows,
        summary=summary,
        estimate=estimate,
        rat=selectors.rat_status(cooperative=cooperative, as_of=today),
        checks=integrations.eligibility_checks(cooperative),
        purposes=integrations.recommendation_purposes(),
        paperwork=integrations.requests_and_letters(cooperative, user=request.user),
        bank_checks=integrations.bank_checks(cooperative),
        verify_url=integrations.verify_url(),
    )
    return render(request, "portal/cooperative.html", context)


@role_required(*PORTAL_ROLES)
def members(request, pk):
    """The board, supervisors and employees: list, add (by NIK), links to correct and end."""
    cooperative = cooperative_get(user=request.user, pk=pk)
    today = timezone.localdate()
    form = MemberAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.member_add(cooperative=cooperative, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s ditambahkan sebagai %(role)s.") % {"name": result.supplied.name, "role": result.position.get_role_display()},
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("portal:members", pk=cooperative.pk)
    rows = selectors.member_rows(cooperative=cooperative, as_of=today)
    context = _context(
        request,
        cooperative,
        rows=rows,
        summary=selectors.coverage_summary(rows),
        ended=selectors.ended_positions(cooperative=cooperative),
        form=form,
    )
    return render(request, "portal/members.html", context, status=400 if form.is_bound and form.errors else 200)


@role_required(*PORTAL_ROLES)
def member_correct(request, pk, position_pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    position = selectors.member_position_get(cooperative=cooperative, pk=position_pk)
    form = MemberCorrectForm(request.POST if request.method == "POST" else None, initial=selectors.supplied_initial(position))
    if request.method == "POST" and form.is_valid():
        try:
            supplied = services.member_correct(cooperative=cooperative, position=position, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Data %(name)s diperbarui.") % {"name": supplied.name})
            return redirect("portal:members", pk=cooperative.pk)
    return render(
        request,
        "portal/member_form.html",
        _context(request, cooperative, position=position, form=form, mode="correct"),
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*PORTAL_ROLES)
def member_end(request, pk, position_pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    position = selectors.member_position_get(cooperative=cooperative, pk=position_pk)
    form = MemberEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_end(cooperative=cooperative, position=position, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Jabatan %(role)s %(name)s diakhiri.") % {"role": position.get_role_display(), "name": position.holder.name},
            )
            return redirect("portal:members", pk=cooperative.pk)
    return render(
        request,
        "portal/member_form.html",
        _context(request, cooperative, position=position, form=form, mode="end"),
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*PORTAL_ROLES)
def estimate(request, pk):
    """What enrolling the missing people costs per month, per programme, on today's rates; printable."""
    cooperative = cooperative_get(user=request.user, pk=pk)
    today = timezone.localdate()
    form = EstimateForm(request.GET or None)
    risk_class, default_wage, default_income = RiskClass.RENDAH, selectors.DEFAULT_PU_WAGE, selectors.DEFAULT_BPU_INCOME
    if form.is_bound and form.is_valid():
        risk_class = form.cleaned_data["risk_class"] or risk_class
        default_wage = form.cleaned_data["default_wage"] if form.cleaned_data["default_wage"] is not None else default_wage
        default_income = form.cleaned_data["default_income"] if form.cleaned_data["default_income"] is not None else default_income
    rows = selectors.member_rows(cooperative=cooperative, as_of=today)
    choices = {}
    for row in rows:
        key = row.position.pk
        segment = request.GET.get(f"seg_{key}")
        amount = request.GET.get(f"amt_{key}")
        if segment or amount:
            choices[key] = (segment, amount)
    result = selectors.missing_estimate(
        rows=rows, as_of=today, risk_class=risk_class, default_wage=default_wage, default_income=default_income, choices=choices
    )
    context = _context(
        request,
        cooperative,
        form=form,
        result=result,
        today=today,
        default_wage=default_wage,
        default_income=default_income,
        risk_label=RiskClass(risk_class).label,
        summary=selectors.coverage_summary(rows),
    )
    return render(request, "portal/estimate.html", context)


@role_required(*PORTAL_ROLES)
def delegates(request, pk):
    """Who may act for the cooperative; the ketua invites a sekretaris or bendahara."""
    cooperative = cooperative_get(user=request.user, pk=pk)
    ketua = selectors.is_ketua(user=request.user, cooperative=cooperative)
    form = DelegateInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not ketua:
            raise PermissionDenied
        if form.is_valid():
            try:
                result = services.delegate_invite(user=request.user, cooperative=cooperative, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Undangan untuk %(name)s dikirim ke %(email)s.")
                    % {"name": result.access.user.display_name, "email": result.access.user.email},
                )
                return redirect("portal:delegates", pk=cooperative.pk)
    context = _context(request, cooperative, accesses=selectors.delegate_list(cooperative=cooperative), form=form)
    return render(request, "portal/delegates.html", context, status=400 if form.is_bound and form.errors else 200)


@require_POST
@role_required(*PORTAL_ROLES)
def delegate_withdraw(request, pk, access_pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    access = selectors.delegate_get(cooperative=cooperative, pk=access_pk)
    try:
        services.delegate_withdraw(user=request.user, cooperative=cooperative, access=access)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Akses %(name)s dicabut.") % {"name": access.user.display_name})
    return redirect("portal:delegates", pk=cooperative.pk)


@require_POST
@role_required(*PORTAL_ROLES)
def recommendation_request(request, pk):
    """Ask BPJS for a recommendation for a purpose (the compliance workflow takes it from here)."""
    cooperative = cooperative_get(user=request.user, pk=pk)
    purpose = request.POST.get("purpose", "")
    if purpose not in dict(integrations.recommendation_purposes()):
        messages.error(request, _("Pilih tujuan rekomendasi."))
        return redirect("portal:cooperative", pk=cooperative.pk)
    try:
        integrations.recommendation_request(user=request.user, cooperative=cooperative, purpose=purpose)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Permohonan rekomendasi diajukan. Petugas BPJS Ketenagakerjaan akan memeriksanya."))
    return redirect(reverse("portal:cooperative", args=[cooperative.pk]) + "#rekomendasi")


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """An invited delegate sets his password through the one-time link in his e-mail."""

    template_name = "portal/invitation_accept.html"
    success_url = reverse_lazy("portal:invitation_done")
    post_reset_login = False

    def get_user(self, uidb64):
        """Only an invited ``koperasi`` account that still has an active binding (a withdrawn
        invitation's link stops working)."""
        user = super().get_user(uidb64)
        if user is None or not has_role(user, Role.KOPERASI) or not selectors.has_active_access(user=user):
            return None
        return user


def invitation_done(request):
    return render(request, "portal/invitation_done.html")
