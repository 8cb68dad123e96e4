import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.admin_forms import partial_date_form
from meetings.admin_forms import MeetingAdminForm
from meetings.models import (
    DOCUMENT_DATES,
    OBJECTIVE_LIST_DATES,
    Document,
    Figure,
    Meeting,
    MeetingRole,
    Objective,
    ObjectiveList,
    Outcome,
)
from sources.admin import RecordAdmin, SlugBoxWhenMany
from sources.editing import record_changed


class MeetingForm(MeetingAdminForm):
    class Meta:
        model = Meeting
        exclude = ["starts_on", "ends_on", "date_precision"]


class MeetingRoleInline(admin.TabularInline):
    model = MeetingRole
    extra = 0
    fields = ["slug", "role", "participant", "person", "body"]
    autocomplete_fields = ["participant", "person", "body"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["slug", "verb", "description", "document", "body"]
    autocomplete_fields = ["document", "body"]


@admin.action(description="Duplicate as the next meeting of its series")
def duplicate_as_next(modeladmin, request, queryset):
    for meeting in queryset:
        if not meeting.series or meeting.ordinal is None:
            messages.error(
                request, f"“{meeting}” has no series and number, so it has no next meeting."
            )
            continue
        ordinal = meeting.ordinal + 1
        base = meeting.slug.removesuffix(f"-{meeting.ordinal}")
        slug = f"{base}-{ordinal}" if base != meeting.slug else f"{meeting.slug}-next"
        year = meeting.starts_on.year + 1
        draft = Meeting(
            slug=slug,
            title=f"{meeting.title} (next: number {ordinal})",
            kind=meeting.kind,
            body=meeting.body,
            series=meeting.series,
            ordinal=ordinal,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            date_precision="year",
        )
        try:
            with transaction.atomic():
                draft.full_clean()
                record_changed(draft, created=True)
                draft.save()
        except (ValidationError, IntegrityError) as error:  # e.g. the next meeting already exists
            messages.error(request, f"Could not create the next meeting after “{meeting}”: {error}")
            continue
        messages.warning(
            request,
            f"Created “{draft.title}” ({slug}) as a draft dated {year}: correct its title, date and place, "
            "and add the passage it rests on.",
        )


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    form = MeetingForm
    list_display = [
        "title",
        "kind",
        "date",
        "place",
        "body",
        "ordinal",
        "citations_count",
        "edited",
    ]
    list_select_related = ["body", "country"]
    list_filter = [
        "kind",
        "date_precision",
        ("body", SlugBoxWhenMany),
        ("country", SlugBoxWhenMany),
        "edited_by_hand",
    ]
    search_fields = ["title", "city", "summary", "slug"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["body", "country"]
    inlines = [MeetingRoleInline, OutcomeInline, *RecordAdmin.inlines]
    actions = [*RecordAdmin.actions, duplicate_as_next]

    @admin.display(description="date", ordering="starts_on")
    def date(self, obj):
        return obj.date_display

    @admin.display(description="place")
    def place(self, obj):
        return obj.place_display


DocumentForm = partial_date_form(Document, DOCUMENT_DATES)


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    form = DocumentForm
    list_display = ["title", "kind", "dated", "adopted_at", "body", "citations_count", "edited"]
    list_select_related = ["adopted_at", "body"]
    list_filter = ["kind", ("body", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["adopted_at", "body"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["slug", "position", "text"]


ObjectiveListForm = partial_date_form(ObjectiveList, OBJECTIVE_LIST_DATES)


@admin.register(ObjectiveList)
class ObjectiveListAdmin(RecordAdmin):
    form = ObjectiveListForm
    list_display = ["title", "agreed", "meeting", "citations_count", "edited"]
    list_select_related = ["meeting"]
    search_fields = ["title"]
    autocomplete_fields = ["meeting", "previous"]
    inlines = [ObjectiveInline, *RecordAdmin.inlines]


@admin.register(Objective)
class ObjectiveAdmin(RecordAdmin):
    list_display = ["__str__", "objective_list", "citations_count", "edited"]
    list_select_related = ["objective_list"]
    list_filter = [("objective_list", SlugBoxWhenMany)]
    search_fields = ["text"]
    autocomplete_fields = ["objective_list"]


@admin.register(MeetingRole)
class MeetingRoleAdmin(RecordAdmin):
    list_display = ["__str__", "role", "meeting", "citations_count", "edited"]
    list_select_related = ["meeting", "participant", "person", "body"]
    list_filter = ["role"]
    search_fields = ["meeting__title", "participant__name", "person__name"]
    autocomplete_fields = ["meeting", "participant", "person", "body"]


@admin.register(Outcome)
class OutcomeAdmin(RecordAdmin):
    list_display = ["__str__", "verb", "meeting", "document", "citations_count", "edited"]
    list_select_related = ["meeting", "document"]
    list_filter = ["verb"]
    search_fields = ["description", "meeting__title"]
    autocomplete_fields = ["meeting", "document", "body"]


@admin.register(Figure)
class FigureAdmin(RecordAdmin):
    list_display = [
        "label",
        "value_display",
        "year",
        "participant",
        "body",
        "meeting",
        "citations_count",
        "edited",
    ]
    list_select_related = ["participant", "body", "meeting"]
    list_filter = ["year", ("body", SlugBoxWhenMany), "edited_by_hand"]
    search_fields = ["label", "context"]
    autocomplete_fields = ["participant", "body", "meeting"]
