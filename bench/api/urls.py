from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from kolaka_jamsostek.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def bare(request):
    """The baseline: a bare Django JSON view (no database, no DRF)."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
