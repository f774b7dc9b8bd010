from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("<int:pk>/", views.cooperative_home, name="cooperative"),
    path("<int:pk>/orang/", views.members, name="members"),
    path("<int:pk>/orang/<int:position_pk>/ubah/", views.member_correct, name="member_correct"),
    path("<int:pk>/orang/<int:position_pk>/akhiri/", views.member_end, name="member_end"),
    path("<int:pk>/perkiraan-iuran/", views.estimate, name="estimate"),
    path("<int:pk>/delegasi/", views.delegates, name="delegates"),
    path("<int:pk>/delegasi/<int:access_pk>/cabut/", views.delegate_withdraw, name="delegate_withdraw"),
    path("<int:pk>/rekomendasi/ajukan/", views.recommendation_request, name="recommendation_request"),
    path("undangan/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("undangan/selesai/", views.invitation_done, name="invitation_done"),
]
