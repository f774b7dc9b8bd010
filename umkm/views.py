from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.pagination import paginate
from core.roles import Role, role_required
from enrollment.selectors import people_with_participations, person_status_on
from regions.selectors import kecamatan_list, village_list
from umkm.models import Business, Scale
from umkm.selectors import business_list

UMKM_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


@role_required(*UMKM_ROLES)
def business_list_view(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "scale", "official", "kecamatan", "desa", "kbli")}
    context = {
        "page": paginate(request, business_list(filters=filters)),
        "filters": filters,
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
    return render(request, "umkm/detail.html", {"business": business, "owner": owner, **person_status_on(owner, timezone.localdate())})
