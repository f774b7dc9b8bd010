from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import identifiers
from core.pagination import paginate
from core.roles import Role, role_required
from core.search import read_search_request
from enrollment.models import BpuBracket, PuRate
from enrollment.selectors import person_list, person_status_on

PEOPLE_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


@role_required(*PEOPLE_ROLES)
def person_list_view(request):
    """People with masked NIK; one search box (name, NIK, KPJ, phone). The form is POSTed so a
    NIK never lands in a URL or log; a name search is redirected to its GET address."""
    found = read_search_request(request, ("q",), base_url=reverse("enrollment:person_list"))
    if found.redirect_url:
        return redirect(found.redirect_url)
    search = found.search
    nik_error = found.error
    if search.get("nik"):
        nik_error = _nik_problem(search.get("nik"))
    page = paginate(request, person_list(search=search))
    today = timezone.localdate()
    rows = [{"person": p, **person_status_on(p, today)} for p in page]
    context = {"page": page, "rows": rows, "filters": found.filters, "search": search, "nik_error": nik_error}
    return render(request, "enrollment/person_list.html", context)


def _nik_problem(nik: str) -> str:
    """Why a 16-digit search cannot be a NIK (shown next to the box), or ''."""
    try:
        identifiers.parse_nik(nik)
    except ValidationError as exc:
        return _("Bukan NIK yang sah: %(reason)s") % {"reason": exc.messages[0]}
    return ""


@role_required(Role.ADMIN, Role.DINAS, Role.BPJS, Role.KEPALA_CABANG)
def rate_table_view(request):
    return render(
        request,
        "enrollment/rates.html",
        {"pu_rates": PuRate.objects.all(), "bpu_brackets": BpuBracket.objects.all()},
    )
