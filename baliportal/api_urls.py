"""The JSON API, version 1."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import routers

from changes.api import ChangeViewSet
from core.origin import on_site
from exports import popolo
from knowledge.schema import SchemaView
from meetings.api import DocumentViewSet, FigureViewSet, MeetingViewSet, ObjectiveListViewSet
from members.api import NationalMeasureViewSet, ParticipantViewSet, PersonViewSet
from sources.api import CitationViewSet, ConflictViewSet, SentenceMarkViewSet, SourceViewSet
from workinggroups.api import BodyViewSet, MembershipViewSet


class APIRootView(routers.APIRootView):
    """The API's front page, its links on the configured site rather than the request's host."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {name: on_site(request, url) for name, url in response.data.items()}
        return response


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


router = Router()
router.register("participants", ParticipantViewSet, basename="participant")
router.register("bodies", BodyViewSet, basename="body")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("people", PersonViewSet, basename="person")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("documents", DocumentViewSet, basename="document")
router.register("objectives", ObjectiveListViewSet, basename="objectivelist")
router.register("national-measures", NationalMeasureViewSet, basename="nationalmeasure")
router.register("figures", FigureViewSet, basename="figure")
router.register("conflicts", ConflictViewSet, basename="conflict")
router.register("sources", SourceViewSet, basename="source")
router.register("citations", CitationViewSet, basename="citation")
router.register("sentence-marks", SentenceMarkViewSet, basename="sentencemark")
router.register("changes", ChangeViewSet, basename="change")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("export/popolo.json", popolo.popolo_export, name="popolo"),
    path("schema/", SchemaView.as_view(api_version="1"), name="schema"),
    # The split view serves its start-up script as a file: no inline script, so the strict CSP holds.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
