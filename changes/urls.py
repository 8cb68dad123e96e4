"""/changes/, each record page's history/, feed and report form, and the source suggestion form.

Included before the portal's own URLs: `<page>/history/` is one segment deeper than any record
page, so no record's slug is shadowed.
"""

from django.urls import path

from changes import feeds, views
from changes.history import PAGES

app_name = "changes"

# Where each kind of record's page lives (portal/urls/), for the addresses under it.
RECORD_PAGES = {
    "participant": "members/<slug:slug>/",
    "person": "members/people/<slug:slug>/",
    "body": "groups/<slug:slug>/",
    "meeting": "meetings/<slug:slug>/",
    "document": "documents/<slug:slug>/",
    "objectivelist": "objectives/<slug:slug>/",
    "source": "sources/<slug:slug>/",
    "conflict": "disagreements/<slug:slug>/",
}
assert {label.split(".")[1] for label in PAGES} == set(RECORD_PAGES)

urlpatterns = [
    path("changes/", views.change_list, name="list"),
    path("changes/feed.atom", feeds.ChangesFeed(), name="feed"),
    path("report/suggest-a-source/", views.suggest_source, name="suggest-source"),
    path("report/sent/", views.report_sent, name="report-sent"),
    path("report/<slug:kind>/<slug:slug>/", views.report_error, name="report"),
]
for kind, page in RECORD_PAGES.items():
    urlpatterns += [
        path(f"{page}history/", views.record_history, {"kind": kind}, name=f"{kind}-history"),
        path(
            f"{page}history/feed.atom",
            feeds.RecordChangesFeed(),
            {"kind": kind},
            name=f"{kind}-feed",
        ),
    ]
