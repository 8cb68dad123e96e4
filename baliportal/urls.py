from django.contrib import admin
from django.urls import include, path

from baliportal import health
from portal.views import home as views
from portal.views.members import world_map
from search import views as search

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("search/", search.search, name="search"),
    path("map/", world_map, name="map"),
    # Before the portal's pages: each record page's history/, feed and report form.
    path("", include("changes.urls")),
    path("members/", include("portal.urls.members")),
    path("groups/", include("portal.urls.workinggroups")),
    path("", include("portal.urls.meetings")),
    path("", include("portal.urls.sources")),
    path("api/v1/", include("baliportal.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.home.page_not_found"
handler500 = "portal.views.home.server_error"
