from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.event_list_view, name="list"),
    path("<int:pk>/", views.event_detail_view, name="detail"),
    path("<int:pk>/daftar-hadir/", views.attendance_upload_view, name="attendance_upload"),
    path("<int:pk>/peserta/<int:attendance_pk>/hapus/", views.attendance_remove_view, name="attendance_remove"),
]
