"""A Popolo-style export (https://www.popoloproject.com/) of organisations, people and memberships."""

from django.http import JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import JSONRenderer

from members.models import Participant, Person
from sources.models import with_citations
from sources.partialdates import Precision
from workinggroups.models import Body, Membership


def popolo_date(day, precision):
    """Popolo dates keep their precision: YYYY, YYYY-MM or YYYY-MM-DD."""
    if day is None:
        return None
    return {Precision.YEAR: f"{day:%Y}", Precision.MONTH: f"{day:%Y-%m}"}.get(
        precision, day.isoformat()
    )


def sources_of(record, request):
    return [
        {"url": request.build_absolute_uri(c.get_absolute_url()), "note": c.passage}
        for c in record.citation_list
    ]


@extend_schema(
    summary="Popolo export of organisations, people and memberships",
    responses={200: OpenApiResponse(description="A Popolo JSON document.")},
)
@api_view(["GET"])
@renderer_classes([JSONRenderer])
def popolo_export(request):
    bodies = Body.objects.prefetch_related(with_citations(), "other_names")
    participants = Participant.objects.prefetch_related(with_citations(), "name_variants")
    organizations = [
        {
            "id": f"body/{body.slug}",
            "name": body.name,
            "classification": body.get_kind_display(),
            "parent_id": f"body/{body.parent_id}" if body.parent_id else None,
            "founding_date": popolo_date(body.established, body.established_precision),
            "other_names": [{"name": n.name} for n in body.other_names.all()],
            "sources": sources_of(body, request),
        }
        for body in bodies
    ] + [
        {
            "id": f"participant/{p.slug}",
            "name": p.name,
            "classification": p.get_kind_display(),
            "identifiers": [{"scheme": "ISO 3166-1 alpha-2", "identifier": p.iso_code}]
            if p.iso_code
            else [],
            "other_names": [{"name": v.name} for v in p.name_variants.all()],
            "sources": sources_of(p, request),
        }
        for p in participants
    ]
    persons = [
        {
            "id": f"person/{p.slug}",
            "name": p.name,
            "summary": p.title,
            "sources": sources_of(p, request),
        }
        for p in Person.objects.prefetch_related(with_citations())
    ]
    memberships = []
    for m in Membership.objects.prefetch_related(with_citations()):
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
        memberships.append(row)
    return JsonResponse(
        {"organizations": organizations, "persons": persons, "memberships": memberships},
        json_dumps_params={"ensure_ascii": False},
    )
