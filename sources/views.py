"""The source documents in full, and where they disagree."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sources.highlight import highlighted_text
from sources.models import Citation, Conflict, Source


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    cited = frozenset(Citation.objects.filter(source=source).values_list("passage", "locator"))
    context = {
        "source": source,
        "text": highlighted_text(source.filename, cited),
        "citation_count": len(cited),
    }
    return render(request, "sources/source_detail.html", context)


@require_safe
def conflicts(request):
    context = {"conflicts": Conflict.objects.with_claims().select_related("about_type")}
    return render(request, "sources/conflicts.html", context)
