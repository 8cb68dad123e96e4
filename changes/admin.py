"""The reports queue, and each editor's public name. Everything a reader wrote is shown escaped
(read-only fields and format_html), never as HTML."""

from django.contrib import admin
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from changes.history import PAGES
from changes.models import PublicName, Report
from changes.reports import decide
from core.links import slug_url
from sources.models import KnowledgeVersion


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "kind", "about", "status", "short_message", "decided_by"]
    list_filter = ["status", "kind"]
    search_fields = ["message", "correction", "evidence", "record_id"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "about",
        "created_at",
        "message",
        "correction",
        "evidence",
        "email",
        "status",
        "editor_note",
        "duplicate_of",
        "decided_by",
        "decided_at",
        "reader_told_at",
    ]
    # What the reader sent stays as they sent it; editors decide, and note why.
    readonly_fields = [
        "kind",
        "about",
        "created_at",
        "message",
        "correction",
        "evidence",
        "email",
        "decided_by",
        "decided_at",
        "reader_told_at",
    ]
    raw_id_fields = ["duplicate_of"]
    list_select_related = ["record_type", "decided_by"]

    def has_add_permission(self, request):
        return False  # reports come from readers only

    @admin.display(description="about")
    def about(self, report):
        if not report.record_id:
            return "a source to add" if report.kind == Report.Kind.SOURCE else "—"
        label = f"{report.record_type.model} {report.record_id}"
        links = []
        try:
            admin_url = reverse(
                f"admin:{report.record_type.app_label}_{report.record_type.model}_change",
                args=[report.record_id],
            )
            links.append(format_html('<a href="{}">{}</a>', admin_url, label))
            links.append(format_html('(<a href="{}history/">its history</a>)', admin_url))
        except NoReverseMatch:
            links.append(format_html("{}", label))
        page = PAGES.get(f"{report.record_type.app_label}.{report.record_type.model}")
        if page:
            links.append(format_html('(<a href="{}">page</a>)', slug_url(page, report.record_id)))
        return format_html(" ".join(["{}"] * len(links)), *links)

    @admin.display(description="what is wrong")
    def short_message(self, report):
        return report.message if len(report.message) <= 80 else report.message[:79] + "…"

    def save_model(self, request, obj, form, change):
        decide(
            report=obj,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["editor_note"],
            duplicate_of=form.cleaned_data.get("duplicate_of"),
            editor=request.user,
        )


@admin.register(PublicName)
class PublicNameAdmin(admin.ModelAdmin):
    """An editor's own public name: each editor sees and sets only theirs."""

    list_display = ["name"]
    fields = ["name"]

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.filter(user=request.user)

    def has_add_permission(self, request):
        allowed = super().has_add_permission(request)
        return allowed and not PublicName.objects.filter(user=request.user).exists()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
        super().save_model(request, obj, form, change)
        # The public history shows the name: cached pages of it must render afresh.
        transaction.on_commit(KnowledgeVersion.bump)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(KnowledgeVersion.bump)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(KnowledgeVersion.bump)
