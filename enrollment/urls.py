from django.urls import path

from enrollment import sponsor_views, views

app_name = "enrollment"

urlpatterns = [
    path("peserta/", views.person_list_view, name="person_list"),
    path("tarif/", views.rate_table_view, name="rates"),
    path("penanggung-iuran/", sponsor_views.sponsor_list_view, name="sponsor_list"),
    path("penanggung-iuran/<int:pk>/", sponsor_views.sponsor_detail_view, name="sponsor_detail"),
]
