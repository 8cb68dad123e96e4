from django.urls import path

from portal.views import sources as views

app_name = "sources"
urlpatterns = [
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="detail"),
    path("disagreements/", views.conflicts, name="conflicts"),
    path("disagreements/<slug:slug>/", views.ConflictDetailView.as_view(), name="conflict"),
]
