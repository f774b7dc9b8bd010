from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views

admin.site.site_header = "Kolaka Jamsostek"
admin.site.site_title = "Kolaka Jamsostek"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("cari/", core_views.search, name="search"),
    path("akun/", include("accounts.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("kepesertaan/", include("enrollment.urls")),
    path("koperasi/", include("cooperatives.urls")),
    path("umkm/", include("umkm.urls")),
    path("wilayah/", include("regions.urls")),
    path("impor/", include("imports.urls")),
    path("dasbor/", include("dashboard.urls")),
    path("sosialisasi/", include("outreach.urls")),
    path("portal/", include("portal.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("", include("compliance.urls")),  # /rekomendasi/ and the public /verifikasi/
    path("", include("portal.public_urls")),
]

# Each feature app appends its own routes here (web first, then the API under /api/v1/).
api_v1_patterns: list = []
urlpatterns += [path("bank/", include("banking.urls"))]
from api.urls import fallback_patterns as api_fallback_patterns  # noqa: E402
from api.urls import schema_patterns, v1_patterns  # noqa: E402

api_v1_patterns += v1_patterns
urlpatterns += schema_patterns
urlpatterns += [path("api/v1/", include((api_v1_patterns, "api"), namespace="api"))]
urlpatterns += api_fallback_patterns

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
