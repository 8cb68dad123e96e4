from django.urls import path

from portal import feeds
from portal.views import meetings as views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/feed.atom", feeds.MeetingFeed(), name="atom"),
    path("meetings/meetings.ics", feeds.meetings_ical, name="ical"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document"),
    path("objectives/", views.objectives, name="objectives"),
    path("objectives/<slug:slug>/", views.objective_list_detail, name="objective_list"),
]
