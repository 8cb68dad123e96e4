"""Citing while reading: the editor's record search and the citation a source page sends.

Both answer JSON to the source page's script (static/js/cite.js), and only to an editor (staff who
may add citations): anyone else gets a 403 and learns nothing.
"""

from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST, require_safe

from core.api import log
from core.text import normalise
from sources.coverage import records_by_key, selected_occurrences
from sources.editing import can_cite, mark_cited_record_edited
from sources.models import KNOWLEDGE_APPS, Citation, Record, Source

RESULTS_PER_KIND = 5
QUERY_LENGTH = 200
PASSAGE_LONGEST = 5000
# The field that names a record of each model, the first of these it has.
NAME_FIELDS = ("name", "title", "claim", "label", "wording", "text", "description")

NOT_AN_EDITOR = "Sign in as an editor who may add citations to do this."


def refused():
    return JsonResponse({"detail": NOT_AN_EDITOR}, status=403)


def bad_request(detail: str, errors: dict | None = None):
    return JsonResponse({"detail": detail, "errors": errors or {}}, status=400)


def record_models():
    """Every kind of record a passage can be cited for, in the knowledge apps' order."""
    for label in KNOWLEDGE_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, Record):
                yield model


def name_field(model) -> str | None:
    names = {f.name for f in model._meta.concrete_fields}
    return next((name for name in NAME_FIELDS if name in names), None)


@require_safe
def record_search(request):
    """Records of any kind whose slug or name holds every word typed: up to 5 of each kind."""
    if not can_cite(request.user):
        return refused()
    words = request.GET.get("q", "")[:QUERY_LENGTH].split()[:8]
    if not words or sum(len(word) for word in words) < 2:
        return JsonResponse({"results": []})
    keys = []
    # One query per kind of record: an editor's keystrokes, never a reader's page.
    for model in record_models():
        field = name_field(model)
        condition = Q()
        for word in words:
            either = Q(slug__icontains=word)
            if field:
                either |= Q(**{f"{field}__icontains": word})
            condition &= either
        content_type = ContentType.objects.get_for_model(model)
        slugs = model._default_manager.filter(condition).order_by("pk")[:RESULTS_PER_KIND]
        keys += [(content_type.id, slug) for slug in slugs.values_list("pk", flat=True)]
    records = records_by_key(keys)
    results = []
    for content_type_id, slug in keys:
        record = records.get((content_type_id, slug))
        if record is None:
            continue
        opts = record._meta
        results.append(
            {
                "record_type": f"{opts.app_label}.{opts.model_name}",
                "kind": str(opts.verbose_name),
                "slug": slug,
                "label": str(record),
                "url": record.get_absolute_url(),
            }
        )
    return JsonResponse({"results": results})


@require_POST
def cite(request, slug):
    """Cite a passage of the source for a record: 201 with the record's address, or 400 saying why."""
    if not can_cite(request.user):
        return refused()
    source = get_object_or_404(Source, slug=slug)
    record_type = request.POST.get("record_type", "")
    model = None
    if record_type.count(".") == 1:
        app_label, model_name = record_type.split(".")
        if app_label in KNOWLEDGE_APPS:
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                model = None
    if model is None or not issubclass(model, Record):
        return bad_request(
            "Choose the kind of record to cite the passage for.",
            {"record_type": ["Not a kind of record of the knowledge base."]},
        )
    record = model._default_manager.filter(pk=request.POST.get("record", "")[:120]).first()
    if record is None:
        return bad_request(
            f"There is no {model._meta.verbose_name} of that slug.",
            {"record": ["No such record."]},
        )
    passage = normalise(request.POST.get("passage", ""))
    if not passage:
        return bad_request("Select a passage of the text first.", {"passage": ["Empty."]})
    if len(passage) > PASSAGE_LONGEST:
        return bad_request(
            f"Cite at most {PASSAGE_LONGEST:,} characters: a fact rests on a sentence or a few.",
            {"passage": ["Too long."]},
        )
    count, locator = selected_occurrences(source.text(), passage, request.POST.get("offset", ""))
    if locator is None:
        return bad_request(
            f"This passage occurs {count} times in the source and no heading or "
            "sentence before the one you selected singles it out. Select a longer passage.",
            {"passage": ["Occurs more than once."]},
        )
    citation = Citation(record=record, source=source, passage=passage, locator=locator)
    try:
        citation.full_clean()
    except ValidationError as error:
        messages = [message for field in error.message_dict.values() for message in field]
        return bad_request(" ".join(messages), error.message_dict)
    with transaction.atomic():
        citation.save()
        mark_cited_record_edited(citation.content_type_id, citation.object_id)
        log(request, record, CHANGE, f"Cited from {source.short_title}: “{passage[:80]}”.")
    return JsonResponse(
        {
            "record": str(record),
            "url": record.get_absolute_url(),
            "citation": {
                "passage": citation.passage,
                "locator": citation.locator,
                "url": citation.get_absolute_url(),
            },
        },
        status=201,
    )
