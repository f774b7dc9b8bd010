from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import paginate
from core.roles import Role, has_role, role_required
from outreach import selectors, services
from outreach.forms import AttendanceForm, EventForm, SignInSheetForm
from outreach.models import OutreachAttendance, OutreachEvent
from regions.selectors import kecamatan_list

VIEW_ROLES = (Role.DINAS, Role.BPJS, Role.KEPALA_CABANG, Role.ADMIN)
WRITE_ROLES = (Role.DINAS,)


@role_required(*VIEW_ROLES)
def event_list_view(request):
    filters = {"kecamatan": request.GET.get("kecamatan", "").strip()[:8]}
    can_edit = has_role(request.user, *WRITE_ROLES)
    form = EventForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                event = services.event_create(created_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Kegiatan sosialisasi dicatat."))
                return redirect(event.get_absolute_url())
    page = paginate(request, selectors.event_list(filters=filters))
    return render(
        request,
        "outreach/list.html",
        {"page": page, "form": form, "filters": filters, "kecamatan": kecamatan_list(), "can_edit": can_edit},
    )


@role_required(*VIEW_ROLES)
def event_detail_view(request, pk):
    event = get_object_or_404(OutreachEvent.objects.select_related("kecamatan").prefetch_related("banks"), pk=pk)
    can_edit = has_role(request.user, *WRITE_ROLES)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = AttendanceForm(request.POST or None) if can_edit else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_add(
                event=event, cooperative=data.get("cooperative"), business=data.get("business"), person=data.get("person")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Peserta ditambahkan."))
            return redirect(event.get_absolute_url())
    items = selectors.attendance_follow_up(as_of=timezone.localdate(), filters={"event": event.pk})
    return render(
        request,
        "outreach/detail.html",
        {
            "event": event,
            "items": items,
            "form": form,
            "sheet_form": SignInSheetForm() if can_edit else None,
            "can_edit": can_edit,
            "summary": selectors.follow_up_summary(items),
            "prospect_count": sum(1 for i in items if i.attendance.prospect and not i.attendance.person_id),
        },
    )


@require_POST
@role_required(*WRITE_ROLES)
def attendance_upload_view(request, pk):
    """A sign-in sheet for the event: stored as an import job that remembers the event; the
    pipeline's job page shows its preview and errors, and commits it."""
    from imports import services as import_services
    from outreach.importers import EVENT_KEY, AttendanceSheetImporter

    event = get_object_or_404(OutreachEvent, pk=pk)
    form = SignInSheetForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = import_services.job_create(
                user=request.user,
                importer_key=AttendanceSheetImporter.key,
                uploaded=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
                details={EVENT_KEY: event.pk},
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("imports:job", pk=job.pk)
    for message in [m for errors in form.errors.values() for m in errors]:
        messages.error(request, message)
    return redirect(event.get_absolute_url())


@require_POST
@role_required(*WRITE_ROLES)
def attendance_remove_view(request, pk, attendance_pk):
    attendance = get_object_or_404(OutreachAttendance, pk=attendance_pk, event_id=pk)
    services.attendance_remove(attendance=attendance)
    messages.success(request, _("Peserta dihapus dari kegiatan."))
    return redirect("outreach:detail", pk=pk)
