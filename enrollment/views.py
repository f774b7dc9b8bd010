from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from core import identifiers
from core.pagination import paginate
from core.roles import Role, role_required
from enrollment.models import BpuBracket, Person, PuRate
from enrollment.selectors import people_with_participations, person_status_on

PEOPLE_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


@role_required(*PEOPLE_ROLES)
def person_list_view(request):
    """People with masked NIK. A NIK search is sent by POST so it never lands in a URL or log."""
    qs = Person.objects.all()
    q = request.GET.get("q", "").strip()
    nik_error = None
    if request.method == "POST" and request.POST.get("nik"):
        try:
            qs = qs.filter(nik=identifiers.normalize_nik(request.POST["nik"]))
        except ValidationError as exc:
            nik_error = exc.messages[0]
            qs = qs.none()
    elif q:
        qs = qs.filter(name__icontains=q)
    page = paginate(request, people_with_participations(qs.order_by("name", "pk")))
    today = timezone.localdate()
    rows = [{"person": p, **person_status_on(p, today)} for p in page]
    return render(request, "enrollment/person_list.html", {"page": page, "rows": rows, "q": q, "nik_error": nik_error})


@role_required(Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)
def rate_table_view(request):
    return render(
        request,
        "enrollment/rates.html",
        {"pu_rates": PuRate.objects.all(), "bpu_brackets": BpuBracket.objects.all()},
    )
