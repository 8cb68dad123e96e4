"""The admin's shared editorial workflow, and the provenance models' own pages.

Every record admin: citations edited next to the record, history with diffs and revert
(django-simple-history), a mark on records changed by hand (which reloading keeps), a warning when a
record is saved without a citation, and CSV export of selected rows.
"""

import csv

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from core.widgets import SELECT_LIMIT
from sources.models import Citation, Conflict, ConflictClaim, Source


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ["source", "passage", "locator"]
    verbose_name_plural = "Citations: the passages this record rests on"


@admin.action(description="Export selected rows to CSV")
def export_csv(modeladmin, request, queryset):
    fields = [f for f in queryset.model._meta.concrete_fields]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{queryset.model._meta.model_name}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([f.name for f in fields])
    for row in queryset.values_list(*[f.attname for f in fields]):
        writer.writerow(row)
    return response


class SlugBoxWhenMany(admin.RelatedFieldListFilter):
    """A filter on a related record that lists the records while they are few, as the public
    filters do, and past that takes a slug in a text box: the list would grow with the data."""

    too_many = False

    def field_choices(self, field, request, model_admin):
        self.too_many = field.related_model._default_manager.count() > SELECT_LIMIT
        if self.too_many:
            return []
        return super().field_choices(field, request, model_admin)

    def has_output(self):
        return self.too_many or super().has_output()

    @property
    def template(self):
        return "admin/slug_filter.html" if self.too_many else "admin/filter.html"

    def choices(self, changelist):
        if not self.too_many:
            yield from super().choices(changelist)
            return
        kept = {self.lookup_kwarg, self.lookup_kwarg_isnull, PAGE_VAR}
        yield {
            "name": self.lookup_kwarg,
            "value": (self.lookup_val or [""])[-1],
            "others": [
                (k, v)
                for k, values in changelist.filter_params.items()
                if k not in kept
                for v in values
            ],
            "all": changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]
            ),
        }


class RecordAdmin(SimpleHistoryAdmin):
    """Shared by every knowledge-base record."""

    inlines = [CitationInline]
    actions = [export_csv]
    list_per_page = 50
    readonly_fields = ["updated_at", "edited_by_hand"]

    def get_queryset(self, request):
        # One annotation instead of a query per row for the citations column.
        return (
            super().get_queryset(request).annotate(citation_count=Count("citations", distinct=True))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.insert(0, "slug")  # the slug is the record's identity
        return readonly

    @admin.display(description="citations", ordering="citation_count")
    def citations_count(self, obj):
        return obj.citation_count

    @admin.display(description="edited", boolean=True, ordering="edited_by_hand")
    def edited(self, obj):
        return obj.edited_by_hand

    def save_model(self, request, obj, form, change):
        obj.edited_by_hand = True
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        if not record.citations.exists():
            messages.warning(
                request,
                f"“{record}” has no citation yet. Add the passage of a source it rests on, below, so "
                "that readers can check it.",
            )


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "short_title", "kind", "speaks_for", "filename"]
    search_fields = ["title", "summary"]
    list_filter = ["kind"]
    # The file is part of the project, not of the data: a path an editor could set would let a
    # public page show any file the server can read.
    readonly_fields = ["filename"]

    def has_add_permission(self, request):
        return False  # sources are files shipped with the project

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["short_passage", "source", "content_type", "object_id", "locator"]
    list_select_related = ["source", "content_type"]
    list_filter = [("source", SlugBoxWhenMany), "content_type"]
    search_fields = ["passage", "object_id", "locator"]
    actions = [export_csv]

    @admin.display(description="passage")
    def short_passage(self, obj):
        return obj.passage[:90]


class ConflictClaimInline(admin.TabularInline):
    model = ConflictClaim
    extra = 0
    fields = ["slug", "claim"]


@admin.register(Conflict)
class ConflictAdmin(RecordAdmin):
    list_display = ["title", "kind", "about_type", "about_id", "citations_count", "edited"]
    list_select_related = ["about_type"]
    list_filter = ["kind", "edited_by_hand"]
    search_fields = ["title", "summary", "slug"]
    inlines = [ConflictClaimInline, CitationInline]


@admin.register(ConflictClaim)
class ConflictClaimAdmin(RecordAdmin):
    list_display = ["claim", "conflict", "citations_count", "edited"]
    list_select_related = ["conflict"]
    list_filter = [("conflict", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["claim", "conflict__title"]
    autocomplete_fields = ["conflict"]
