from django.shortcuts import render
from django.utils import timezone

from core.pagination import paginate
from core.roles import Role, role_required
from cooperatives.models import CooperativeStatus, CooperativeType, last_book_year
from cooperatives.selectors import STAFF_VIEW_ROLES, cooperative_get, cooperative_list
from enrollment.selectors import people_with_participations, person_status_on
from regions.selectors import kecamatan_list, village_list


@role_required(*STAFF_VIEW_ROLES)
def cooperative_list_view(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "jenis", "status", "kecamatan", "desa")}
    page = paginate(request, cooperative_list(user=request.user, filters=filters))
    context = {
        "page": page,
        "filters": filters,
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
    today = timezone.localdate()
    positions = list(
        cooperative.positions.current(today).select_related("person").order_by("role", "person__name")
    )
    people = {p.pk: p for p in people_with_participations().filter(pk__in=[pos.person_id for pos in positions])}
    rows = [{"position": pos, "person": people[pos.person_id], **person_status_on(people[pos.person_id], today)} for pos in positions]
    context = {
        "cooperative": cooperative,
        "rows": rows,
        "meetings": cooperative.annual_meetings.all()[:5],
        "status_changes": cooperative.status_changes.select_related("changed_by")[:10],
        "last_book_year": last_book_year(today),
        "covered": bool(rows) and all(row["status"] in ("aktif", "menunggak") for row in rows),
    }
    return render(request, "cooperatives/detail.html", context)
