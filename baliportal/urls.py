from django.contrib import admin
from django.urls import include, path

from baliportal import health, search, views
from members.views import world_map

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("search/", search.search, name="search"),
    path("map/", world_map, name="map"),
    path("members/", include("members.urls")),
    path("groups/", include("workinggroups.urls")),
    path("", include("meetings.urls")),
    path("", include("sources.urls")),
    path("api/v1/", include("baliportal.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "baliportal.views.page_not_found"
handler500 = "baliportal.views.server_error"
