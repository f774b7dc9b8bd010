"""Thin views of the recommendation workflow, the letters, the gate and the public verification."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import access_log, client_ip
from compliance import permissions, selectors, services
from compliance.forms import GateForm, LookupForm, NoteForm, PdfCheckForm, ReasonForm, RequestForm
from compliance.models import GateDecision, LetterStatus, Purpose, RequestState
from cooperatives.selectors import cooperative_get, cooperative_queryset_for
from core import ratelimit
from core.pagination import paginate
from core.roles import Role, has_role, role_required

STAFF = (Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)
PUBLIC_LIMIT_PER_MINUTE = 30


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _flash_errors(request, exc: ValidationError) -> None:
    for message in _errors(exc):
        messages.error(request, message)


# ---------------------------------------------------------------- requests


def _default_state(user) -> str:
    if has_role(user, Role.BPJS):
        return RequestState.DIAJUKAN
    if has_role(user, Role.KEPALA_CABANG):
        return RequestState.DIVERIFIKASI
    return ""


@role_required(*STAFF, Role.KOPERASI)
def request_list_view(request):
    state = request.GET.get("state", None)
    if state is None:
        state = _default_state(request.user)
    if state not in RequestState.values:
        state = ""
    filters = {"state": state, "purpose": request.GET.get("purpose", "").strip(), "q": request.GET.get("q", "").strip()[:100]}
    if filters["purpose"] not in Purpose.values:
        filters["purpose"] = ""
    page = paginate(request, selectors.request_list(user=request.user, filters=filters))
    today = timezone.localdate()
    rows = [{"req": r, "age": selectors.age_in_working_days(r.submitted_at, today)} for r in page.object_list]
    return render(
        request,
        "compliance/request_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "states": RequestState.choices,
            "purposes": Purpose.choices,
            "can_request": has_role(request.user, *permissions.REQUEST_ROLES),
            "can_see_gate": has_role(request.user, *STAFF),
        },
    )


@role_required(*permissions.REQUEST_ROLES)
def request_create_view(request):
    """Choose a cooperative and a purpose, see the live check, submit."""
    own = (
        list(cooperative_queryset_for(request.user).order_by("name")[:50])
        if has_role(request.user, Role.KOPERASI) and not has_role(request.user, Role.DINAS)
        else None
    )
    q = request.GET.get("q", "").strip()[:100]
    results = []
    if own is None and q:
        results = list(cooperative_queryset_for(request.user).filter(name__icontains=q).select_related("desa").order_by("name")[:20])
    chosen, check, purpose = None, None, request.GET.get("purpose", Purpose.IZIN_BARU)
    if purpose not in Purpose.values:
        purpose = Purpose.IZIN_BARU
    source = request.POST if request.method == "POST" else request.GET
    coop_id = source.get("cooperative")
    if coop_id:
        chosen = cooperative_get(user=request.user, pk=coop_id)
    elif own and len(own) == 1:
        chosen = own[0]
    form = RequestForm(initial={"cooperative": chosen.pk if chosen else None, "purpose": purpose})
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid() and chosen is not None:
            try:
                req = services.recommendation_request(user=request.user, cooperative=chosen, purpose=form.cleaned_data["purpose"])
            except ValidationError as exc:
                _flash_errors(request, exc)
            else:
                messages.success(request, _("Permohonan rekomendasi diajukan."))
                return redirect(req.get_absolute_url())
        purpose = request.POST.get("purpose") if request.POST.get("purpose") in Purpose.values else purpose
    if chosen is not None:
        check = selectors.eligibility_for(chosen, purpose)
    return render(
        request,
        "compliance/request_form.html",
        {
            "form": form,
            "own": own,
            "q": q,
            "results": results,
            "chosen": chosen,
            "check": check,
            "purpose": purpose,
            "purposes": Purpose.choices,
        },
    )


def _actions_for(user, req) -> dict:
    return {
        "can_verify": permissions.can_verify(user, req),
        "can_return": permissions.can_return(user, req),
        "can_refuse": permissions.can_refuse(user, req),
        "can_sign": permissions.can_sign(user, req),
        "can_resubmit": permissions.can_resubmit(user, req),
    }


@role_required(*STAFF, Role.KOPERASI)
def request_detail_view(request, pk):
    req = selectors.request_get(user=request.user, pk=pk)
    transitions = list(req.transitions.select_related("actor"))
    letter = getattr(req, "letter", None) if req.state == RequestState.DITERBITKAN else None
    context = {
        "req": req,
        "check": req.eligibility,
        "transitions": transitions,
        "letter": letter,
        "age": selectors.age_in_working_days(req.submitted_at),
        "reason_form": ReasonForm(),
        "note_form": NoteForm(),
        **_actions_for(request.user, req),
    }
    return render(request, "compliance/request_detail.html", context)


def _request_action(request, pk, action):
    req = selectors.request_get(user=request.user, pk=pk)
    try:
        if action == "verify":
            services.request_verify(user=request.user, request=req, note=request.POST.get("note", ""))
            messages.success(request, _("Permohonan diverifikasi dan diteruskan kepada Kepala Kantor Cabang."))
        elif action == "return":
            services.request_return(user=request.user, request=req, reason=request.POST.get("reason", ""))
            messages.success(request, _("Permohonan dikembalikan kepada koperasi."))
        elif action == "refuse":
            services.request_refuse(user=request.user, request=req, reason=request.POST.get("reason", ""))
            messages.success(request, _("Permohonan ditolak."))
        elif action == "sign":
            letter = services.letter_issue(user=request.user, request=req)
            messages.success(request, _("Surat %(number)s diterbitkan; PDF sedang dibuat.") % {"number": letter.number})
            return redirect(letter.get_absolute_url())
        elif action == "resubmit":
            services.request_resubmit(user=request.user, request=req, note=request.POST.get("note", ""))
            messages.success(request, _("Permohonan diajukan ulang."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    except PermissionDenied as exc:
        if not exc.args:
            raise
        messages.error(request, str(exc))
    return redirect(req.get_absolute_url())


@require_POST
@role_required(*permissions.VERIFY_ROLES)
def request_verify_view(request, pk):
    return _request_action(request, pk, "verify")


@require_POST
@role_required(*permissions.RETURN_ROLES)
def request_return_view(request, pk):
    return _request_action(request, pk, "return")


@require_POST
@role_required(*permissions.REFUSE_ROLES)
def request_refuse_view(request, pk):
    return _request_action(request, pk, "refuse")


@require_POST
@role_required(*permissions.SIGN_ROLES)
def request_sign_view(request, pk):
    return _request_action(request, pk, "sign")


@require_POST
@role_required(*permissions.REQUEST_ROLES)
def request_resubmit_view(request, pk):
    return _request_action(request, pk, "resubmit")


# ---------------------------------------------------------------- letters


@role_required(*STAFF, Role.KOPERASI)
def letter_list_view(request):
    status = request.GET.get("status", "")
    if status not in ("valid", "expiring", "expired", "revoked", "superseded"):
        status = ""
    filters = {
        "status": status,
        "purpose": request.GET.get("purpose", "") if request.GET.get("purpose") in Purpose.values else "",
        "q": request.GET.get("q", "").strip()[:100],
    }
    today = timezone.localdate()
    page = paginate(request, selectors.letter_list(user=request.user, filters=filters, as_of=today))
    rows = [
        {
            "letter": letter,
            "status": letter.status_on(today),
            "age": selectors.working_days_between(letter.issued_on, today),
            "days_left": (letter.valid_until - today).days,
        }
        for letter in page.object_list
    ]
    return render(request, "compliance/letter_list.html", {"page": page, "rows": rows, "filters": filters, "purposes": Purpose.choices})


@role_required(*STAFF, Role.KOPERASI)
def letter_detail_view(request, pk):
    letter = selectors.letter_get(user=request.user, pk=pk)
    from compliance.pdf import qr_svg_data_uri

    return render(
        request,
        "compliance/letter_detail.html",
        {
            "letter": letter,
            "status": letter.status_on(timezone.localdate()),
            "public": selectors.letter_public_status(letter),
            "qr": qr_svg_data_uri(letter.verification_url),
            "check": letter.eligibility,
            "reason_form": ReasonForm(),
            "can_revoke": permissions.can_revoke(request.user, letter),
        },
    )


@role_required(*STAFF, Role.KOPERASI)
def letter_download_view(request, pk):
    """The PDF through a permission check (never a public media URL); every download is logged."""
    letter = selectors.letter_get(user=request.user, pk=pk)
    if not letter.pdf_rendered_at:
        # The background worker has not run yet: render now rather than make the user wait.
        services.letter_pdf_render(letter=letter)
    access_log(user=request.user, action="download", target=f"letter:{letter.pk}", details={"number": letter.number}, request=request)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    filename = "rekomendasi-" + letter.number.replace("/", "-") + ".pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*permissions.REVOKE_ROLES)
def letter_revoke_view(request, pk):
    letter = selectors.letter_get(user=request.user, pk=pk)
    try:
        services.letter_revoke(user=request.user, letter=letter, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Surat %(number)s dicabut.") % {"number": letter.number})
    return redirect(letter.get_absolute_url())


# ---------------------------------------------------------------- the gate


@role_required(*STAFF)
def gate_list_view(request):
    qs = GateDecision.objects.select_related("cooperative", "letter", "recorded_by").order_by("-decided_on", "-pk")
    page = paginate(request, qs)
    return render(request, "compliance/gate_list.html", {"page": page, "can_record": has_role(request.user, Role.DINAS)})


@role_required(Role.DINAS)
def gate_create_view(request):
    q = request.GET.get("q", "").strip()[:100]
    results = list(cooperative_queryset_for(request.user).filter(name__icontains=q).order_by("name")[:20]) if q else []
    source = request.POST if request.method == "POST" else request.GET
    chosen = cooperative_get(user=request.user, pk=source["cooperative"]) if source.get("cooperative") else None
    form = GateForm(initial={"cooperative": chosen.pk if chosen else None, "decided_on": timezone.localdate()})
    if request.method == "POST":
        form = GateForm(request.POST)
        if form.is_valid() and chosen is not None:
            data = form.cleaned_data
            try:
                services.gate_record(
                    user=request.user,
                    cooperative=chosen,
                    purpose=data["purpose"],
                    outcome=data["outcome"],
                    decided_on=data["decided_on"],
                    decision_number=data["decision_number"],
                    notes=data["notes"],
                )
            except ValidationError as exc:
                _flash_errors(request, exc)
            else:
                messages.success(request, _("Keputusan dicatat."))
                return redirect("compliance:gate_list")
    letters = []
    if chosen is not None:
        today = timezone.localdate()
        letters = [{"letter": letter, "status": letter.status_on(today)} for letter in selectors.letters_for_cooperative(chosen)[:10]]
    return render(request, "compliance/gate_form.html", {"form": form, "q": q, "results": results, "chosen": chosen, "letters": letters})


# ---------------------------------------------------------------- public verification


def _throttled(request):
    """A per-IP limit on the public pages (``core.ratelimit``); the 429 answer, or ``None``."""
    hit = ratelimit.hit("verify", client_ip(request) or "unknown", limit=PUBLIC_LIMIT_PER_MINUTE)
    if hit.allowed:
        return None
    response = render(request, "compliance/throttled.html", status=429)
    response["Retry-After"] = str(hit.retry_after)
    return response


def verify_lookup_view(request):
    """Look a letter up by its number (a public form)."""
    if (refused := _throttled(request)) is not None:
        return refused
    form = LookupForm(request.GET or None)
    not_found = False
    if form.is_bound and form.is_valid():
        letter = selectors.letter_by_number(form.cleaned_data["nomor"])
        if letter is not None:
            return redirect("compliance:verify", token=letter.token)
        not_found = True
    return render(request, "compliance/verify_lookup.html", {"form": form, "not_found": not_found})


def verify_view(request, token):
    """The public page of a letter: VALID / EXPIRED / REVOKED / SUPERSEDED, no personal data."""
    if (refused := _throttled(request)) is not None:
        return refused
    letter = selectors.letter_by_token(token)
    if letter is None:
        raise Http404
    form = PdfCheckForm()
    pdf_result = None
    if request.method == "POST":
        form = PdfCheckForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["berkas"].read()
            pdf_result = services.letter_pdf_matches(letter=letter, data=data)
    public = selectors.letter_public_status(letter)
    return render(
        request,
        "compliance/verify.html",
        {"public": public, "status_class": public["status"], "form": form, "pdf_result": pdf_result, "statuses": LetterStatus},
    )
