"""The JSON API, version 1."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from exports import popolo
from meetings.api import DocumentViewSet, FigureViewSet, MeetingViewSet, ObjectiveListViewSet
from members.api import NationalMeasureViewSet, ParticipantViewSet, PersonViewSet
from sources.api import CitationViewSet, ConflictViewSet, SourceViewSet
from workinggroups.api import BodyViewSet, MembershipViewSet

router = DefaultRouter()
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

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("export/popolo.json", popolo.popolo_export, name="popolo"),
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    # The split view serves its start-up script as a file: no inline script, so the strict CSP holds.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
