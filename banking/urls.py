from django.urls import path

from banking import views

app_name = "banking"

urlpatterns = [
    path("periksa/", views.lookup_view, name="lookup"),
    path("pemeriksaan/", views.verification_list_view, name="verification_list"),
]
