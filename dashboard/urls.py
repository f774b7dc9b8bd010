from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("laporan.pdf", views.report_pdf, name="report_pdf"),
    path("daftar-kerja/", views.worklists, name="worklists"),
    path("daftar/umkm/", views.work_list, {"kind": "umkm"}, name="umkm_list"),
    path("daftar/koperasi/", views.work_list, {"kind": "koperasi"}, name="coop_list"),
    path("daftar/peserta/", views.work_list, {"kind": "peserta"}, name="participant_list"),
    path("daftar/sosialisasi/", views.work_list, {"kind": "sosialisasi"}, name="attendee_list"),
    path("ekspor/<int:pk>/", views.export_detail, name="export_detail"),
    path("ekspor/<int:pk>/unduh/", views.export_download, name="export_download"),
]
