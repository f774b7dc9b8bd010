from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import otp_views, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("verifikasi/", otp_views.otp_verify_view, name="otp_verify"),
    path("verifikasi/aktifkan/", otp_views.otp_setup_view, name="otp_setup"),
]
