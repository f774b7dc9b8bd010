"""Routes: the workflow under /rekomendasi/ and the public verification under /verifikasi/."""

from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("rekomendasi/", views.request_list_view, name="request_list"),
    path("rekomendasi/ajukan/", views.request_create_view, name="request_create"),
    path("rekomendasi/<int:pk>/", views.request_detail_view, name="request_detail"),
    path("rekomendasi/<int:pk>/verifikasi/", views.request_verify_view, name="request_verify"),
    path("rekomendasi/<int:pk>/kembalikan/", views.request_return_view, name="request_return"),
    path("rekomendasi/<int:pk>/tolak/", views.request_refuse_view, name="request_refuse"),
    path("rekomendasi/<int:pk>/tandatangani/", views.request_sign_view, name="request_sign"),
    path("rekomendasi/<int:pk>/ajukan-ulang/", views.request_resubmit_view, name="request_resubmit"),
    path("rekomendasi/surat/", views.letter_list_view, name="letter_list"),
    path("rekomendasi/surat/<int:pk>/", views.letter_detail_view, name="letter_detail"),
    path("rekomendasi/surat/<int:pk>/unduh/", views.letter_download_view, name="letter_download"),
    path("rekomendasi/surat/<int:pk>/cabut/", views.letter_revoke_view, name="letter_revoke"),
    path("rekomendasi/keputusan/", views.gate_list_view, name="gate_list"),
    path("rekomendasi/keputusan/catat/", views.gate_create_view, name="gate_create"),
    path("verifikasi/", views.verify_lookup_view, name="verify_lookup"),
    path("verifikasi/<str:token>/", views.verify_view, name="verify"),
]
