"""Routes of /api/v1/ (included by kolaka_jamsostek.urls) and of the schema and its viewers."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import docs_assets, schema, views  # noqa: F401  (schema registers the security scheme)

router = SimpleRouter(trailing_slash=True)
router.register("cooperatives", views.CooperativeViewSet, basename="cooperative")
router.register("businesses", views.BusinessViewSet, basename="business")
router.register("people", views.PersonViewSet, basename="person")
router.register("participations", views.ParticipationViewSet, basename="participation")
router.register("verifications", views.VerificationViewSet, basename="verification")
router.register("disbursements", views.DisbursementViewSet, basename="disbursement")

router.register("recommendation-requests", views.RecommendationRequestViewSet, basename="recommendation-request")
router.register("letters", views.LetterViewSet, basename="letter")

v1_patterns = [
    # A letter number contains slashes (0042/REK-ABC/XI/2026): it is matched up to the final /status.
    re_path(r"^letters/(?P<number>[^?#]{1,40}?)/status$", views.LetterStatusView.as_view(), name="letter-status"),
    *router.urls,
]

schema_patterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Served from the application (drf-spectacular-sidecar), without inline scripts or external fonts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"), name="swagger-ui"),
    # Redoc injects its generated styles as <style> elements: allowed on this page only (scripts stay 'self').
    path(
        "api/redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    # The Redoc bundle with its CDN logo replaced by ours (api/docs_assets.py).
    path("api/redoc/redoc.standalone.js", docs_assets.redoc_bundle_view, name="redoc-bundle"),
]

# Appended after every /api/ route (kolaka_jamsostek.urls): unmatched API paths get a JSON 404.
fallback_patterns = [re_path(r"^api/", views.not_found)]
