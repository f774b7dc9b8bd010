from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pagination import paginate
from core.roles import Role, has_role, role_required
from core.search import read_search_request
from enrollment.selectors import people_with_participations, person_status_on
from regions.selectors import kecamatan_list, village_list
from umkm.forms import BusinessForm
from umkm.models import Business, Scale
from umkm.selectors import business_list
from umkm.services import business_register

UMKM_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


LIST_FILTERS = ("q", "scale", "official", "kecamatan", "desa", "kbli")


@role_required(*UMKM_ROLES)
def business_list_view(request):
    """The register: one search box (name, owner, NIB, owner's NIK/KPJ/phone) and the filters.

    The form is POSTed so that a NIK never lands in a URL; a name search is redirected to its GET
    address (see ``core.search.read_search_request``)."""
    found = read_search_request(request, LIST_FILTERS, base_url=reverse("umkm:list"))
    if found.redirect_url:
        return redirect(found.redirect_url)
    filters = found.filters
    context = {
        "page": paginate(request, business_list(filters=filters, search=found.search)),
        "filters": filters,
        "search": found.search,
        "search_error": found.error,
        "scales": Scale.choices,
        "kecamatan": kecamatan_list(),
        "villages": village_list(kecamatan_code=filters["kecamatan"]) if filters["kecamatan"] else [],
    }
    template = "umkm/_list_table.html" if request.htmx and request.htmx.target == "results" else "umkm/list.html"
    return render(request, template, context)


@role_required(*UMKM_ROLES)
def business_detail_view(request, pk):
    business = get_object_or_404(Business.objects.select_related("owner", "desa", "desa__parent", "cooperative"), pk=pk)
    owner = people_with_participations().get(pk=business.owner_id)
    context = {"business": business, "owner": owner, "can_edit": has_role(request.user, Role.DINAS, Role.ADMIN)}
    return render(request, "umkm/detail.html", {**context, **person_status_on(owner, timezone.localdate())})


@role_required(Role.ADMIN, Role.DINAS)
def business_form_view(request, pk=None):
    """Register or correct a business; the owner is found by NIK or registered with it."""
    business = get_object_or_404(Business.objects.select_related("owner"), pk=pk) if pk else None
    if request.method == "POST":
        form = BusinessForm(request.POST, editing=business is not None)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                registration = business_register(
                    owner_nik=data.pop("owner_nik"),
                    owner_name=data.pop("owner_name"),
                    owner_phone=data.pop("owner_phone"),
                    business=business,
                    **data,
                )
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                business = registration.business
                for warning in registration.warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Data usaha tersimpan."))
                return redirect(business.get_absolute_url())
    else:
        initial = {}
        if business:
            initial = {
                f: getattr(business, f)
                for f in ("name", "kbli", "capital", "annual_sales", "worker_count", "address", "in_official_db", "source")
            }
            initial.update(nib=business.nib or "", desa=business.desa_id, owner_name=business.owner.name)
        form = BusinessForm(initial=initial, editing=business is not None)
    return render(request, "umkm/form.html", {"form": form, "business": business})
