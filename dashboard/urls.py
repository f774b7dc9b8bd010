from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("laporan.pdf", views.report_pdf, name="report_pdf"),
    path("daftar-kerja/", views.worklists, name="worklists"),
    path("daftar/umkm/", views.umkm_list, name="umkm_list"),
    path("daftar/koperasi/", views.coop_list, name="coop_list"),
    path("daftar/peserta/", views.participant_list, name="participant_list"),
    path("daftar/sosialisasi/", views.attendee_list, name="attendee_list"),
    path("ekspor/<int:pk>/", views.export_detail, name="export_detail"),
    path("ekspor/<int:pk>/unduh/", views.export_download, name="export_download"),
]
