"""A Popolo-style export (https://www.popoloproject.com/) of organisations, people and memberships."""

import functools
import itertools
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.views.decorators.http import condition
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from core.origin import absolute_url
from core.partialdates import Precision
from members.models import Participant, Person
from sources.models import KnowledgeVersion, with_citations
from workinggroups.models import Body, Membership

# Records read and written out at a time.
CHUNK = 500


def popolo_date(day, precision):
    """Popolo dates keep their precision: YYYY, YYYY-MM or YYYY-MM-DD."""
    if day is None:
        return None
    return {Precision.YEAR: f"{day:%Y}", Precision.MONTH: f"{day:%Y-%m}"}.get(
        precision, day.isoformat()
    )


def sources_of(record, request):
    return [
        {"url": absolute_url(request, c.get_absolute_url()), "note": c.passage}
        for c in record.citation_list
    ]


@extend_schema(
    summary="Popolo export of organisations, people and memberships",
    responses={200: OpenApiResponse(description="A Popolo JSON document.")},
)
@api_view(["GET"])
# It only reads, so anyone may: any other method is a 405. The editors' permission would look for
# a model's queryset, which this view has not, and answer an editor's POST with a 500.
@permission_classes([AllowAny])
@renderer_classes([JSONRenderer])
@condition(etag_func=lambda request: f'"popolo-{KnowledgeVersion.current()}"')
def popolo_export(request):
    # Streamed, a few hundred records at a time: at 100 times the data, the document built whole
    # took a worker from 78 to 247 MB. Streamed answers are not cached; the ETag spares a re-read.
    return StreamingHttpResponse(popolo_document(request), content_type="application/json")


def popolo_document(request):
    """The export as JSON text, piece by piece, as json.dumps would write it whole."""
    dumps = functools.partial(json.dumps, cls=DjangoJSONEncoder, ensure_ascii=False)
    parts = [
        (
            "organizations",
            itertools.chain(
                organizations_of_bodies(request), organizations_of_participants(request)
            ),
        ),
        ("persons", persons(request)),
        ("memberships", memberships(request)),
    ]
    for number, (key, rows) in enumerate(parts):
        yield ("{" if number == 0 else "], ") + dumps(key) + ": ["
        for position, row in enumerate(rows):
            yield (", " if position else "") + dumps(row)
    yield "]}"


def organizations_of_bodies(request):
    bodies = Body.objects.prefetch_related(with_citations(), "other_names")
    for body in bodies.iterator(chunk_size=CHUNK):
        yield {
            "id": f"body/{body.slug}",
            "name": body.name,
            "classification": body.get_kind_display(),
            "parent_id": f"body/{body.parent_id}" if body.parent_id else None,
            "founding_date": popolo_date(body.established, body.established_precision),
            "other_names": [{"name": n.name} for n in body.other_names.all()],
            "sources": sources_of(body, request),
        }


def organizations_of_participants(request):
    participants = Participant.objects.prefetch_related(with_citations(), "name_variants")
    for p in participants.iterator(chunk_size=CHUNK):
        yield {
            "id": f"participant/{p.slug}",
            "name": p.name,
            "classification": p.get_kind_display(),
            "identifiers": [{"scheme": "ISO 3166-1 alpha-2", "identifier": p.iso_code}]
            if p.iso_code
            else [],
            "other_names": [{"name": v.name} for v in p.name_variants.all()],
            "sources": sources_of(p, request),
        }


def persons(request):
    for p in Person.objects.prefetch_related(with_citations()).iterator(chunk_size=CHUNK):
        yield {
            "id": f"person/{p.slug}",
            "name": p.name,
            "summary": p.title,
            "sources": sources_of(p, request),
        }


def memberships(request):
    # Body by body in the order the site lists them (a membership's default order is by key).
    listed = Membership.objects.order_by(
        "body__position", "body__name", "role", "participant", "person"
    )
    for m in listed.prefetch_related(with_citations()).iterator(chunk_size=CHUNK):
        row = {
            "id": f"membership/{m.slug}",
            "organization_id": f"body/{m.body_id}",
            "role": m.get_role_display(),
            "start_date": popolo_date(m.since, m.since_precision),
            "end_date": popolo_date(m.until, m.until_precision),
            "sources": sources_of(m, request),
        }
        if m.person_id:
            row["person_id"] = f"person/{m.person_id}"
        else:
            row["member"] = {"@type": "Organization", "id": f"participant/{m.participant_id}"}
        yield row
