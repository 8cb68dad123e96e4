"""The source documents in full, their original files, and where they disagree."""

import io

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.pages import page_of
from sources.highlight import highlighted_text
from sources.models import Citation, Conflict, Source, SourceFile

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
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    original = SourceFile.objects.defer("content").filter(source=source).first()
    # Many records quote the same passage: the database sends each once.
    passages = Citation.objects.filter(source=source).order_by().values_list("passage", "locator")
    cited = frozenset(passages.distinct())
    text = source.text()
    context = {
        "source": source,
        "original": original,
        "text": highlighted_text(text, cited) if text else None,
        "citation_count": len(cited),
    }
    return render(request, "sources/source_detail.html", context)


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
def conflicts(request):
    page = page_of(request, Conflict.objects.with_claims(), CONFLICTS_PER_PAGE)
    return render(request, "sources/conflicts.html", {"conflicts": page, "page_obj": page})


@require_safe
def conflict_detail(request, slug):
    conflict = get_object_or_404(Conflict.objects.with_claims(), slug=slug)
    return render(request, "sources/conflict_detail.html", {"conflict": conflict})
