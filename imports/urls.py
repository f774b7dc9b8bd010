from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("<slug:key>/templat/", views.template_view, name="template"),
    path("<slug:key>/unggah/", views.upload_view, name="upload"),
    path("berkas/<int:pk>/", views.job_view, name="job"),
    path("berkas/<int:pk>/progres/", views.progress_view, name="progress"),
    path("berkas/<int:pk>/simpan/", views.commit_view, name="commit"),
    path("berkas/<int:pk>/pemetaan/", views.mapping_view, name="mapping"),
    path("berkas/<int:pk>/ulang/", views.rerun_view, name="rerun"),
    path("berkas/<int:pk>/baris-ditolak/", views.errors_download_view, name="errors"),
    path("berkas/<int:pk>/rekonsiliasi/", views.reconciliation_view, name="reconciliation"),
]
