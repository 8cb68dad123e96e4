from django.contrib import admin
from django.urls import path

from baliportal import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "baliportal.views.page_not_found"
handler500 = "baliportal.views.server_error"
