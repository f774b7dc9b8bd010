"""The Redoc bundle as the API reference page loads it: drf-spectacular-sidecar's file with its one
outside request (the "API docs by Redocly" logo from a CDN) pointed at our own logo, so the page
asks nothing from outside (the CSP would block it anyway, as a visible violation)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import drf_spectacular_sidecar
from django.http import HttpResponse
from django.templatetags.static import static
from django.views.decorators.http import require_GET

CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
BUNDLE = Path(drf_spectacular_sidecar.__file__).parent / "static" / "drf_spectacular_sidecar" / "redoc" / "bundles" / "redoc.standalone.js"


@lru_cache(maxsize=1)
def redoc_bundle() -> str:
    return BUNDLE.read_text(encoding="utf-8").replace(CDN_LOGO, static("img/favicon.svg"))


@require_GET
def redoc_bundle_view(request):
    response = HttpResponse(redoc_bundle(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
