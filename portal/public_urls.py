"""Public pages (no login), mounted at the site root in ``kolaka_jamsostek/urls.py``."""

from django.urls import path

from portal import public_views

app_name = "public"

urlpatterns = [
    path("program/", public_views.programmes, name="programmes"),
    path("kalkulator/", public_views.calculator, name="calculator"),
    path("dasar-hukum/", public_views.legal_basis, name="legal_basis"),
]
