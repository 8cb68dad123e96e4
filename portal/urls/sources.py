from django.urls import path

from portal.views import citing
from portal.views import sources as views

app_name = "sources"
urlpatterns = [
    path("sources/", views.source_list, name="list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="detail"),
    path("sources/<slug:slug>/original", views.source_original, name="original"),
    path("sources/<slug:slug>/coverage/", views.coverage, name="coverage"),
    path("sources/<slug:slug>/cite/", citing.cite, name="cite"),
    path("editing/records/", citing.record_search, name="record_search"),
    path("disagreements/", views.conflicts, name="conflicts"),
    path("disagreements/<slug:slug>/", views.ConflictDetailView.as_view(), name="conflict"),
]
