from django.contrib import admin

from members.models import NameVariant, NationalMeasure, Participant, Person
from sources.admin import RecordAdmin, SlugBoxWhenMany


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 0
    fields = ["slug", "name"]


@admin.register(Participant)
class ParticipantAdmin(RecordAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "status",
        "founding",
        "iso_code",
        "citations_count",
        "edited",
    ]
    list_filter = ["kind", "status", "founding", "edited_by_hand"]
    search_fields = ["name", "short_name", "iso_code", "name_variants__name", "slug"]
    inlines = [NameVariantInline, *RecordAdmin.inlines]


@admin.register(NameVariant)
class NameVariantAdmin(RecordAdmin):
    list_display = ["name", "participant", "citations_count", "edited"]
    list_select_related = ["participant"]
    list_filter = ["edited_by_hand"]
    search_fields = ["name", "participant__name"]
    autocomplete_fields = ["participant"]


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ["name", "title", "participant", "citations_count", "edited"]
    list_select_related = ["participant"]
    list_filter = [("participant", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["participant"]


@admin.register(NationalMeasure)
class NationalMeasureAdmin(RecordAdmin):
    list_display = ["title", "participant", "kind", "year", "citations_count", "edited"]
    list_select_related = ["participant"]
    list_filter = ["kind", "year", ("participant", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["title", "description", "participant__name"]
    autocomplete_fields = ["participant", "amends"]
