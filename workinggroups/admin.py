from django.contrib import admin
from django.db import models

from core.admin_forms import partial_date_form
from sources.admin import RecordAdmin, SlugBoxWhenMany
from workinggroups.models import (
    BODY_DATES,
    MEMBERSHIP_DATES,
    Body,
    BodyName,
    Membership,
    Office,
    StatedCount,
)

BodyForm = partial_date_form(Body, BODY_DATES)
MembershipForm = partial_date_form(Membership, MEMBERSHIP_DATES)


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    fields = ["slug", "participant", "person", "role", "since_text", "until_text", "note"]
    autocomplete_fields = ["participant", "person"]


class BodyNameInline(admin.TabularInline):
    model = BodyName
    extra = 0
    fields = ["slug", "name", "former"]


# Addresses typed without a scheme are https (Django 6's default; silences its warning).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class OfficeInline(admin.StackedInline):
    model = Office
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Body)
class BodyAdmin(RecordAdmin):
    form = BodyForm
    list_display = [
        "name",
        "short_name",
        "kind",
        "parent",
        "established",
        "citations_count",
        "edited",
    ]
    list_select_related = ["parent"]
    list_filter = ["kind", ("parent", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["name", "short_name", "description", "slug"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline, BodyNameInline, OfficeInline, *RecordAdmin.inlines]


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    form = MembershipForm
    list_display = ["__str__", "body", "role", "period", "citations_count", "edited"]
    list_select_related = ["body", "participant", "person"]
    list_filter = ["role", ("body", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["participant__name", "person__name", "body__name", "note"]
    autocomplete_fields = ["body", "participant", "person"]

    @admin.display(description="period")
    def period(self, obj):
        return obj.period_display


@admin.register(BodyName)
class BodyNameAdmin(RecordAdmin):
    list_display = ["name", "body", "former", "citations_count", "edited"]
    list_select_related = ["body"]
    list_filter = ["former", "edited_by_hand"]
    search_fields = ["name", "body__name"]
    autocomplete_fields = ["body"]


@admin.register(Office)
class OfficeAdmin(RecordAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["label", "body", "city", "country", "citations_count", "edited"]
    list_select_related = ["body", "country"]
    list_filter = [("body", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["label", "city", "address", "organisation"]
    autocomplete_fields = ["body", "country"]


@admin.register(StatedCount)
class StatedCountAdmin(RecordAdmin):
    list_display = ["wording", "subject", "value", "body", "citations_count", "edited"]
    list_select_related = ["body"]
    list_filter = ["subject", "edited_by_hand"]
    search_fields = ["wording"]
    autocomplete_fields = ["body"]
