import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from kolaka_jamsostek.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def bare(request):
    """The baseline: a bare Django JSON view (no database, no DRF)."""
    return JsonResponse({"ok": True})


@csrf_exempt
def plain_lookup(request):
    """A plain Django NIK lookup: the person by NIK from the JSON body, answered as JSON (no key
    check, no receipt, no DRF): what the verification costs at the least."""
    from enrollment.models import Person

    nik = json.loads(request.body or b"{}").get("nik", "")
    person = Person.objects.filter(nik=nik).values("pk", "desa_id").first()
    return JsonResponse({"found": person is not None})


urlpatterns = [path("bench/bare/", bare), path("bench/lookup/", plain_lookup), *project_urlpatterns]
