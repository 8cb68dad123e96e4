from django.urls import path

from portal.views import sources as views

app_name = "sources"
urlpatterns = [
    path("sources/<slug:slug>/", views.source_detail, name="detail"),
    path("sources/<slug:slug>/original", views.source_original, name="original"),
    path("disagreements/", views.conflicts, name="conflicts"),
    path("disagreements/<slug:slug>/", views.conflict_detail, name="conflict"),
]
