"""The source documents in full, and where they disagree."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.pages import page_of
from sources.highlight import highlighted_text
from sources.models import Citation, Conflict, Source

CONFLICTS_PER_PAGE = 50


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    # Many records quote the same passage: the database sends each once.
    passages = Citation.objects.filter(source=source).order_by().values_list("passage", "locator")
    cited = frozenset(passages.distinct())
    context = {
        "source": source,
        "text": highlighted_text(source.filename, cited),
        "citation_count": len(cited),
    }
    return render(request, "sources/source_detail.html", context)


@require_safe
def conflicts(request):
    page = page_of(request, Conflict.objects.with_claims(), CONFLICTS_PER_PAGE)
    return render(request, "sources/conflicts.html", {"conflicts": page, "page_obj": page})


@require_safe
def conflict_detail(request, slug):
    conflict = get_object_or_404(Conflict.objects.with_claims(), slug=slug)
    return render(request, "sources/conflict_detail.html", {"conflict": conflict})
