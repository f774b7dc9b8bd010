from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("saya/", views.mine, name="mine"),
    path("laporan-pengiriman/", views.delivery_report_hook, name="delivery_report"),
]
