from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives import services
from cooperatives.forms import AnnualMeetingForm, CooperativeForm, PositionAddForm, PositionEndForm, StatusChangeForm
from cooperatives.hub import cooperative_panels
from cooperatives.models import CooperativeStatus, CooperativeType, last_book_year
from cooperatives.selectors import STAFF_VIEW_ROLES, cooperative_get, cooperative_list
from core.pagination import paginate
from core.roles import Role, has_role, role_required
from core.search import read_search_request
from enrollment.selectors import people_with_participations, person_status_on
from regions.selectors import kecamatan_list, village_list

LIST_FILTERS = ("q", "jenis", "status", "kecamatan", "desa")


@role_required(*STAFF_VIEW_ROLES)
def cooperative_list_view(request):
    """The register: one search box (name, Nomor Induk, NIB, NPP, a member's name; a member's
    NIK/KPJ/phone for the roles that see people) and the filters; a NIK is only ever POSTed."""
    found = read_search_request(request, LIST_FILTERS, base_url=reverse("cooperatives:list"))
    if found.redirect_url:
        return redirect(found.redirect_url)
    filters = found.filters
    page = paginate(request, cooperative_list(user=request.user, filters=filters, search=found.search))
    context = {
        "page": page,
        "filters": filters,
        "search": found.search,
        "search_error": found.error,
        "types": CooperativeType.choices,
        "statuses": CooperativeStatus.choices,
        "kecamatan": kecamatan_list(),
        "villages": village_list(kecamatan_code=filters["kecamatan"]) if filters["kecamatan"] else [],
    }
    template = "cooperatives/_list_table.html" if request.htmx and request.htmx.target == "results" else "cooperatives/list.html"
    return render(request, template, context)


@role_required(*STAFF_VIEW_ROLES, Role.KOPERASI)
def cooperative_detail_view(request, pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    if not has_role(request.user, *STAFF_VIEW_ROLES):
        # A cooperative head's view of his cooperative is the portal, which shows his people as his
        # cooperative supplied them, never the shared register's record (issue 12).
        return redirect("portal:cooperative", pk=cooperative.pk)
    today = timezone.localdate()
    positions = list(cooperative.positions.current(today).select_related("person").order_by("role", "person__name"))
    people = {p.pk: p for p in people_with_participations().filter(pk__in=[pos.person_id for pos in positions])}
    rows = [{"position": pos, "person": people[pos.person_id], **person_status_on(people[pos.person_id], today)} for pos in positions]
    context = {
        "cooperative": cooperative,
        "rows": rows,
        "meetings": cooperative.annual_meetings.all()[:5],
        "status_changes": cooperative.status_changes.select_related("changed_by")[:10],
        "last_book_year": last_book_year(today),
        "covered": bool(rows) and all(row["status"] in ("aktif", "menunggak") for row in rows),
        "can_edit": has_role(request.user, Role.DINAS, Role.ADMIN),
        "status_form": StatusChangeForm(initial={"to_status": cooperative.status}),
        "meeting_form": AnnualMeetingForm(initial={"book_year": last_book_year(today)}),
        "position_form": PositionAddForm(initial={"started_on": today}),
        "end_form": PositionEndForm(initial={"ended_on": today}),
        "today": today,
        "panels": cooperative_panels(request, cooperative),
    }
    return render(request, "cooperatives/detail.html", context)


EDIT_ROLES = (Role.ADMIN, Role.DINAS)


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@role_required(*EDIT_ROLES)
def cooperative_form_view(request, pk=None):
    """Create or correct a cooperative (Dinas); every write goes through the service."""
    cooperative = cooperative_get(user=request.user, pk=pk) if pk else None
    if request.method == "POST":
        form = CooperativeForm(request.POST)
        if form.is_valid():
            try:
                cooperative = services.cooperative_save(cooperative=cooperative, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Data koperasi tersimpan."))
                return redirect(cooperative.get_absolute_url())
    else:
        initial = {}
        if cooperative:
            initial = {field: getattr(cooperative, field) for field in services.COOPERATIVE_FIELDS if field != "desa"}
            initial["desa"] = cooperative.desa_id
            initial["nomor_induk"] = cooperative.nomor_induk or ""
        form = CooperativeForm(initial=initial)
    return render(request, "cooperatives/form.html", {"form": form, "cooperative": cooperative})


@role_required(*EDIT_ROLES)
def cooperative_status_view(request, pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(cooperative.get_absolute_url())
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.cooperative_status_change(cooperative=cooperative, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status koperasi diubah."))
    else:
        messages.error(request, _("Status baru dan alasannya wajib diisi."))
    return redirect(cooperative.get_absolute_url())


@role_required(*EDIT_ROLES)
def annual_meeting_view(request, pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(cooperative.get_absolute_url())
    form = AnnualMeetingForm(request.POST)
    if form.is_valid():
        try:
            services.annual_meeting_record(cooperative=cooperative, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("RAT tercatat."))
    else:
        messages.error(
            request, _("Periksa kembali isian RAT: %(errors)s") % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)}
        )
    return redirect(cooperative.get_absolute_url())


@role_required(*EDIT_ROLES)
def position_add_view(request, pk):
    """The Dinas adds a board member, supervisor or employee; a new NIK is registered on the way."""
    cooperative = cooperative_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(cooperative.get_absolute_url() + "#jabatan")
    form = PositionAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa kembali isian jabatan: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(cooperative.get_absolute_url() + "#jabatan")
    data = form.cleaned_data
    try:
        position = services.position_add_by_nik(cooperative=cooperative, **data)  # the form's fields are the service's
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s tercatat sebagai %(role)s.") % {"name": position.person.name, "role": _role_label(data["role"])}
        )
    return redirect(cooperative.get_absolute_url() + "#jabatan")


@role_required(*EDIT_ROLES)
def position_end_view(request, pk, position_pk):
    cooperative = cooperative_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect(cooperative.get_absolute_url() + "#jabatan")
    position = cooperative.positions.select_related("person").filter(pk=position_pk).first()
    if position is None:
        raise Http404
    form = PositionEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tanggal selesai wajib diisi."))
        return redirect(cooperative.get_absolute_url() + "#jabatan")
    try:
        services.position_end(position=position, ended_on=form.cleaned_data["ended_on"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Jabatan %(name)s diakhiri.") % {"name": position.person.name})
    return redirect(cooperative.get_absolute_url() + "#jabatan")


def _form_errors(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _role_label(role: str) -> str:
    from cooperatives.models import PositionRole

    return str(PositionRole(role).label).lower()
