from django.urls import path

from umkm import views

app_name = "umkm"

urlpatterns = [
    path("", views.business_list_view, name="list"),
    path("baru/", views.business_form_view, name="create"),
    path("<int:pk>/", views.business_detail_view, name="detail"),
    path("<int:pk>/ubah/", views.business_form_view, name="edit"),
]
