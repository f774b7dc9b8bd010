from django.urls import path

from enrollment import views

app_name = "enrollment"

urlpatterns = [
    path("peserta/", views.person_list_view, name="person_list"),
    path("tarif/", views.rate_table_view, name="rates"),
]
