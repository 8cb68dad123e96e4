"""The source documents in full, their original files, how much of each the knowledge base holds,
and where they disagree."""

import io

from django.apps import apps
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from core.pages import page_of
from sources.coverage import coverage_figures, source_coverage
from sources.editing import can_cite
from sources.highlight import highlighted_text
from sources.models import KNOWLEDGE_APPS, Citation, Conflict, Record, Source, SourceFile

CONFLICTS_PER_PAGE = 50

# What a download is served as: never a type a browser would render as a page or run. An HTML
# original is served as plain text, and every original as an attachment.
DOWNLOAD_TYPES = {
    SourceFile.Format.TEXT: "text/plain; charset=utf-8",
    SourceFile.Format.MARKDOWN: "text/plain; charset=utf-8",
    SourceFile.Format.HTML: "text/plain; charset=utf-8",
    SourceFile.Format.PDF: "application/pdf",
}


@require_safe
def source_list(request):
    # Newest first: what a source speaks for, then its title.
    sources = list(Source.objects.with_text().order_by("-speaks_for", "title"))
    figures = coverage_figures(sources)
    rows = [(source, figures[source.slug]) for source in sources]
    return render(request, "sources/source_list.html", {"rows": rows})


class SourceDetailView(DetailView):
    model = Source
    template_name = "sources/source_detail.html"
    context_object_name = "source"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Many records quote the same passage: the database sends each once.
        passages = Citation.objects.filter(source=self.object).order_by()
        cited = frozenset(passages.values_list("passage", "locator").distinct())
        text = self.object.text()
        context["original"] = SourceFile.objects.defer("content").filter(source=self.object).first()
        context["text"] = highlighted_text(text, cited) if text else None
        context["citation_count"] = len(cited)
        # Only an editor's page has the controls; it is never cached (a session cookie), and
        # readers' pages, cached or not, never carry them.
        context["editing"] = can_cite(self.request.user)
        if context["editing"]:
            context["new_kinds"] = new_record_kinds(self.request.user)
        return context


@require_safe
def source_original(request, slug):
    """The file the source was made from, as an attachment named after the source."""
    original = get_object_or_404(SourceFile, source_id=slug)
    # A streamed response: the page cache keeps no copy of a file of up to 20 MB.
    return FileResponse(
        io.BytesIO(bytes(original.content)),
        as_attachment=True,
        filename=original.download_name,
        content_type=DOWNLOAD_TYPES.get(original.format, "application/octet-stream"),
    )


@require_safe
def coverage(request, slug):
    source = get_object_or_404(Source, slug=slug)
    states, figure, orphans = source_coverage(source)
    sections, current = [], None
    for state in states:
        if current is None or current["heading"] != state.unit.heading:
            current = {"heading": state.unit.heading, "units": []}
            sections.append(current)
        current["units"].append(state)
    context = {
        "source": source,
        "sections": sections,
        "figure": figure,
        "orphans": orphans,
        "may_mark": request.user.is_staff and request.user.has_perm("sources.add_sentencemark"),
    }
    return render(request, "sources/coverage.html", context)


def new_record_kinds(user) -> list[dict]:
    """[{label, url}] of the admin's add forms of the records the editor may add, by name."""
    kinds = []
    for label in KNOWLEDGE_APPS:
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            if not issubclass(model, Record) or not user.has_perm(
                f"{opts.app_label}.add_{opts.model_name}"
            ):
                continue
            try:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            except NoReverseMatch:  # not in the admin
                continue
            kinds.append({"label": str(opts.verbose_name), "url": url})
    return sorted(kinds, key=lambda kind: kind["label"])


@require_safe
def conflicts(request):
    page = page_of(request, Conflict.objects.with_claims(), CONFLICTS_PER_PAGE)
    return render(request, "sources/conflicts.html", {"conflicts": page, "page_obj": page})


class ConflictDetailView(DetailView):
    queryset = Conflict.objects.with_claims()
    template_name = "sources/conflict_detail.html"
    context_object_name = "conflict"
    http_method_names = ["get", "head"]
