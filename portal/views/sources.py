"""The source documents in full, and where they disagree."""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from core.pages import page_of
from sources.highlight import highlighted_text
from sources.models import Citation, Conflict, Source

CONFLICTS_PER_PAGE = 50


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
        context["text"] = highlighted_text(self.object.filename, cited)
        context["citation_count"] = len(cited)
        return context


@require_safe
def conflicts(request):
    page = page_of(request, Conflict.objects.with_claims(), CONFLICTS_PER_PAGE)
    return render(request, "sources/conflicts.html", {"conflicts": page, "page_obj": page})


class ConflictDetailView(DetailView):
    queryset = Conflict.objects.with_claims()
    template_name = "sources/conflict_detail.html"
    context_object_name = "conflict"
    http_method_names = ["get", "head"]
