from django.urls import path

from cooperatives import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.cooperative_list_view, name="list"),
    path("baru/", views.cooperative_form_view, name="create"),
    path("<int:pk>/", views.cooperative_detail_view, name="detail"),
    path("<int:pk>/ubah/", views.cooperative_form_view, name="edit"),
    path("<int:pk>/status/", views.cooperative_status_view, name="status"),
    path("<int:pk>/rat/", views.annual_meeting_view, name="annual_meeting"),
    path("<int:pk>/jabatan/", views.position_add_view, name="position_add"),
    path("<int:pk>/jabatan/<int:position_pk>/akhiri/", views.position_end_view, name="position_end"),
]
