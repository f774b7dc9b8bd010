"""The Dinas's page per sponsor programme: people covered, quota left, monthly bill, who lapsed."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.roles import Role, role_required
from enrollment.models import SponsorProgramme
from enrollment.sponsors import sponsor_summaries

SPONSOR_ROLES = (Role.ADMIN, Role.DINAS, Role.BPJS)


@role_required(*SPONSOR_ROLES)
def sponsor_list_view(request):
    today = timezone.localdate()
    return render(request, "enrollment/sponsor_list.html", {"summaries": sponsor_summaries(as_of=today), "today": today})


@role_required(*SPONSOR_ROLES)
def sponsor_detail_view(request, pk):
    programme = get_object_or_404(SponsorProgramme, pk=pk)
    today = timezone.localdate()
    (summary,) = sponsor_summaries(as_of=today, programmes=SponsorProgramme.objects.filter(pk=programme.pk))
    return render(request, "enrollment/sponsor_detail.html", {"summary": summary, "programme": programme, "today": today})
