"""The admin's shared editorial workflow, and the provenance models' own pages.

Every record admin: citations edited next to the record, history with diffs and revert
(django-simple-history), a mark on records changed by hand (which reloading keeps), a warning when a
record is saved without a citation, and CSV export of selected rows.
"""

import csv
import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from core.text import normalise, spreadsheet_safe
from core.widgets import SELECT_LIMIT
from sources.adding import correct_text, publish_draft, save_draft
from sources.admin_forms import SourceAddForm, SourceChangeForm
from sources.coverage import selected_occurrences
from sources.editing import (
    delete_records,
    mark_cited_record_edited,
    record_changed,
)
from sources.models import (
    Citation,
    Conflict,
    ConflictClaim,
    Record,
    SentenceMark,
    Source,
    SourceDraft,
    SourceFile,
    Tombstone,
)


def citation_from_source_page(request) -> dict | None:
    """The citation a source page's "Cite for… a new record" asks for (cite_source, cite_passage,
    cite_offset in the address), as the inline's initial row; None if there is none."""
    source = Source.objects.filter(pk=request.GET.get("cite_source", "")[:120]).first()
    passage = normalise(request.GET.get("cite_passage", ""))
    if source is None or not passage:
        return None
    _count, locator = selected_occurrences(
        source.text(), passage, request.GET.get("cite_offset", "")
    )
    locator = locator or ""
    return {"source": source.pk, "passage": passage, "locator": locator}


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ["source", "passage", "locator"]
    verbose_name_plural = "Citations: the passages this record rests on"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        prefilled = citation_from_source_page(request)
        if prefilled is None or (obj is not None and not obj._state.adding):
            return formset

        class PrefilledForm(formset.form):
            def has_changed(self):
                # A row filled in from the address is saved as it stands; emptied, it is dropped.
                return bool(self.data.get(self.add_prefix("passage"), "").strip())

        class PrefilledFormSet(formset):
            form = PrefilledForm
            extra = max(formset.extra, 1)

            def __init__(self, *args, **kwargs):
                kwargs.setdefault("initial", [prefilled])
                super().__init__(*args, **kwargs)

        return PrefilledFormSet


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
        writer.writerow([spreadsheet_safe(value) for value in row])
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


class OpenedVersionForm(forms.ModelForm):
    """Carries the version of the record the form was opened on, and refuses to save over another."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by NoStaleSaves.get_form, on the form class it builds for one request.
    model_admin = request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            _, version = self.model_admin.current_version(self.request, self.instance)
            self.initial["opened_version"] = version

    def clean(self):
        # Checked first, so that the editor hears of the newer version before anything else.
        # Locks the rows it reads until the save commits (the admin's change view is atomic).
        updated, version = self.model_admin.current_version(self.request, self.instance, lock=True)
        if updated is None:
            raise ValidationError(
                "This record was deleted by another editor since you opened it. Nothing was saved."
            )
        if self.cleaned_data.get("opened_version") != version:
            opts = self.instance._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[quote(self.instance.pk)],
                current_app=self.model_admin.admin_site.name,
            )
            when = dateformat.format(timezone.localtime(updated), "j F Y, H:i:s T")
            raise ValidationError(
                format_html(
                    "This record was changed by another editor since you opened it (at {}). "
                    'Open the newer version: <a href="{}">{}</a>. Nothing was saved.',
                    when,
                    url,
                    url,
                )
            )
        return super().clean()


class NoStaleSaves:
    """ModelAdmin mixin: a change form saved over a version changed since it was opened (the
    record, or a row of its inlines) is refused, with a link to the newer version."""

    def get_form(self, request, obj=None, **kwargs):
        if obj is None or "form" in kwargs:
            return super().get_form(request, obj, **kwargs)
        # Mix the version field into self.form; declared fields shown read-only are removed, as
        # ModelAdmin.get_form does for self.form.
        readonly = self.get_readonly_fields(request, obj)
        attrs = dict.fromkeys(f for f in readonly if f in self.form.declared_fields)
        attrs.update(model_admin=self, request=request)
        form = type(self.form.__name__, (OpenedVersionForm, self.form), attrs)
        return super().get_form(request, obj, form=form, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if "updated_at" in readonly else [*readonly, "updated_at"]

    def get_fields(self, request, obj=None):
        # An admin that lists its fields must still render the version its form was opened on.
        fields = list(super().get_fields(request, obj))
        return fields if obj is None or "opened_version" in fields else [*fields, "opened_version"]

    def current_version(self, request, obj, lock=False):
        """(The latest save of the record or of a row its inlines edit, a digest of all those rows)."""
        # Ordered by key alone: an ordering by a related field would join it, and PostgreSQL locks
        # no nullable side of an outer join.
        rows = type(obj)._default_manager.filter(pk=obj.pk).order_by("pk")
        row = (rows.select_for_update(of=("self",)) if lock else rows).values().first()
        if row is None:
            return None, ""
        digest, latest = hashlib.sha256(repr(sorted(row.items())).encode()), row["updated_at"]
        for formset, inline in self.get_formsets_with_inlines(request, obj):
            children = formset(instance=obj, queryset=inline.get_queryset(request)).get_queryset()
            if lock:
                children = children.select_for_update(of=("self",))
            for child in children.order_by("pk").values():
                digest.update(repr(sorted(child.items())).encode())
                latest = max(latest, child.get("updated_at") or latest)
        return latest, digest.hexdigest()[:32]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert is checked and saved as the change form is, under the row lock; Django runs its
        # change form in a transaction, django-simple-history's revert form does not.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()  # the record's version moves (the API's ETag too)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # A record edited in an inline row changed too: its own version (and API ETag) moves.
        for row in formset.forms:
            if row.has_changed() and hasattr(row.instance, "updated_at"):
                row.instance.updated_at = timezone.now()
        super().save_formset(request, form, formset, change)


class RecordAdmin(NoStaleSaves, SimpleHistoryAdmin):
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
        # Also when only the citations below changed: the record's citations are then the editor's.
        record_changed(obj, created=not change)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        delete_records([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        delete_records(queryset, user=request.user)

    def save_formset(self, request, form, formset, change):
        """Records edited inline (a meeting's roles, a body's memberships) are the editor's too,
        and those deleted inline stay deleted, as on their own pages."""
        if not issubclass(formset.model, Record):
            super().save_formset(request, form, formset, change)
            return
        instances = formset.save(commit=False)
        delete_records(formset.deleted_objects, user=request.user)
        for instance in instances:
            record_changed(instance, created=instance._state.adding)
            instance.save()
        formset.save_m2m()

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
class SourceAdmin(NoStaleSaves, SimpleHistoryAdmin):
    """Sources: added from a file or pasted text through a draft the editor checks before
    publishing; changed, their text corrected as a new version. Never deleted (citations rest on them)."""

    list_display = ["title", "short_title", "kind", "speaks_for", "edited"]
    search_fields = ["title", "summary"]
    list_filter = ["kind", "edited_by_hand"]
    form = SourceChangeForm
    fields = [
        "title",
        "short_title",
        "kind",
        "author",
        "original_url",
        "speaks_for_text",
        "speaks_for_note",
        "summary",
        "text",
        "correction_note",
        "missing_citations",
        "original_file",
        "versions",
        "filename",
        "edited_by_hand",
    ]
    # The seed's file name is read by the loader only, from its own listing of fixtures/sources/.
    readonly_fields = [
        "missing_citations",
        "original_file",
        "versions",
        "filename",
        "edited_by_hand",
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="edited", boolean=True, ordering="edited_by_hand")
    def edited(self, obj):
        return obj.edited_by_hand

    @admin.display(description="Original file")
    def original_file(self, obj):
        original = SourceFile.objects.defer("content").filter(source=obj).first()
        if original is None:
            return "none"
        return format_html(
            '<a href="{}">{}</a>, {} ({} bytes), SHA-256 {}',
            reverse("sources:original", args=[obj.pk]),
            original.download_name,
            original.get_format_display(),
            original.size,
            original.sha256,
        )

    @admin.display(description="Text versions")
    def versions(self, obj):
        rows = obj.texts.select_related("created_by").order_by("-number").defer("text")
        return format_html_join(
            "",
            "<p>{}: {}{}{}</p>",
            (
                (
                    version.number,
                    dateformat.format(timezone.localtime(version.created_at), "j F Y, H:i"),
                    f", by {version.created_by}" if version.created_by else "",
                    f": {version.note}" if version.note else "",
                )
                for version in rows
            ),
        )

    @admin.display(description="Citations whose passage is missing")
    def missing_citations(self, obj):
        return (
            citation_links(Citation.objects.filter(source=obj, missing_since__isnull=False))
            or "none"
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("add/<int:draft_id>/", preview, name="sources_source_preview"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """Step 1 of 2: the details and the file (or text); a valid upload becomes a draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SourceAddForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                draft = save_draft(form.instance, form.upload, user=request.user)
            except ValidationError as error:
                form._update_errors(error)
            else:
                return redirect("admin:sources_source_preview", draft.pk)
        drafts = SourceDraft.objects.filter(created_by=request.user).defer("content", "text")
        return self.source_page(
            request,
            "admin/sources/source/add_source.html",
            {"title": "Add a source", "form": form, "drafts": drafts, "add": True},
        )

    def preview_view(self, request, draft_id):
        """Step 2 of 2: the extracted text to check; publish it or discard it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        # An editor's draft is theirs alone until published.
        draft = SourceDraft.objects.filter(pk=draft_id, created_by=request.user).first()
        if draft is None:
            raise Http404(
                "There is no such draft of yours; it may have been published or discarded."
            )
        errors = []
        if request.method == "POST" and "discard" in request.POST:
            draft.delete()
            messages.info(request, f"The draft “{draft.fields.get('title')}” was discarded.")
            return redirect("admin:sources_source_changelist")
        if request.method == "POST" and "publish" in request.POST:
            try:
                source = publish_draft(draft, user=request.user)
            except ValidationError as error:
                errors = [
                    message for messages_ in error.message_dict.values() for message in messages_
                ]
            else:
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=[source],
                    action_flag=ADDITION,
                    change_message="Added from an upload.",
                    single_object=True,
                )
                messages.success(
                    request,
                    format_html(
                        'The source “{}” is published at <a href="{}">{}</a>. Cite its passages '
                        "from the records they support.",
                        source,
                        source.get_absolute_url(),
                        source.get_absolute_url(),
                    ),
                )
                return redirect("admin:sources_source_change", source.pk)
        return self.source_page(
            request,
            "admin/sources/source/preview_source.html",
            {"title": "Check the text before publishing", "draft": draft, "errors": errors},
        )

    def source_page(self, request, template, context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "has_view_permission": self.has_view_permission(request),
                **context,
            },
        )

    def save_model(self, request, obj, form, change):
        obj.edited_by_hand = True  # the editor's now: reloading keeps it
        super().save_model(request, obj, form, change)
        text = form.cleaned_data.get("text")
        if text is None or not form.text_changed(text):
            return
        missing = correct_text(
            obj, text, user=request.user, note=form.cleaned_data.get("correction_note", "")
        )
        if missing:
            messages.warning(
                request,
                format_html(
                    "The corrected text no longer holds the passage of {} citation(s); they are "
                    "flagged, not deleted. Quote each again from the new text, or delete it: {}",
                    len(missing),
                    citation_links(missing),
                ),
            )
        else:
            messages.info(request, "The text was corrected; every citation's passage is in it.")


def citation_links(citations):
    """A list of links to the citations' admin pages, naming the record and the passage."""
    return format_html_join(
        "",
        '<br><a href="{}">{} {}: “{}”</a>',
        (
            (
                reverse("admin:sources_citation_change", args=[citation.pk]),
                citation.content_type.model,
                citation.object_id,
                citation.passage[:80],
            )
            for citation in citations
        ),
    )


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["short_passage", "source", "content_type", "object_id", "locator", "missing"]
    list_select_related = ["source", "content_type"]
    list_filter = [
        ("source", SlugBoxWhenMany),
        "content_type",
        ("missing_since", admin.EmptyFieldListFilter),
    ]
    search_fields = ["passage", "object_id", "locator"]
    actions = [export_csv]

    @admin.display(description="passage")
    def short_passage(self, obj):
        return obj.passage[:90]

    @admin.display(description="passage missing since", ordering="missing_since")
    def missing(self, obj):
        # Set when a correction of the source's text removed the passage.
        return obj.missing_since or ""

    # A citation changed here marks its record (and the one it was moved from) as edited by hand,
    # so that reloading the knowledge base keeps the record's citations as the editor left them.
    def save_model(self, request, obj, form, change):
        if change:
            mark_cited_record_edited(form.initial["content_type"], form.initial["object_id"])
        super().save_model(request, obj, form, change)
        mark_cited_record_edited(obj.content_type_id, obj.object_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        mark_cited_record_edited(obj.content_type_id, obj.object_id)

    def delete_queryset(self, request, queryset):
        cited = set(queryset.values_list("content_type_id", "object_id"))
        super().delete_queryset(request, queryset)
        for content_type_id, object_id in cited:
            mark_cited_record_edited(content_type_id, object_id)


@admin.register(SentenceMark)
class SentenceMarkAdmin(SimpleHistoryAdmin):
    """Sentences an editor marked as carrying no fact; the coverage page links here to add one."""

    list_display = ["short_text", "source", "reason", "marked_by", "marked_at"]
    list_select_related = ["source", "marked_by"]
    list_filter = ["source", "reason"]
    search_fields = ["text", "note"]
    fields = ["source", "text", "reason", "note", "marked_by", "marked_at"]
    readonly_fields = ["marked_by", "marked_at"]

    @admin.display(description="sentence")
    def short_text(self, obj):
        return obj.text[:90]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.marked_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # Back to the coverage page the editor came from, unless they asked for another form.
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(obj.get_absolute_url())


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Records editors deleted, which reloading does not bring back. Deleting a tombstone lets the
    next reload restore the record from the knowledge base."""

    list_display = ["slug", "content_type", "deleted_by", "deleted_at"]
    list_select_related = ["content_type", "deleted_by"]
    list_filter = ["content_type"]
    search_fields = ["slug"]

    def has_add_permission(self, request):
        return False  # written by deletions only

    def has_change_permission(self, request, obj=None):
        return False


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
