from django.urls import path

from portal.views import members as views

app_name = "members"
urlpatterns = [
    path("", views.ParticipantListView.as_view(), name="list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("<slug:slug>/", views.ParticipantDetailView.as_view(), name="detail"),
]
