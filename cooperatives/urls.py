from django.urls import path

from cooperatives import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.cooperative_list_view, name="list"),
    path("<int:pk>/", views.cooperative_detail_view, name="detail"),
]
