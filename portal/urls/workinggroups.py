from django.urls import path

from portal.views import workinggroups as views

app_name = "workinggroups"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("matrix/", views.membership_matrix, name="matrix"),
    path("<slug:slug>/", views.BodyDetailView.as_view(), name="detail"),
]
