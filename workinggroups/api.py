"""API resources for bodies and memberships."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from core.api import record_viewset_schema
from core.api_filters import RecordFilterMixin
from members.models import Participant, Person
from sources.api import RecordSerializer, RecordViewSet, record_fields
from sources.models import with_citations
from workinggroups.models import Body, BodyName, Membership, Office


class BodyFilter(RecordFilterMixin):
    parent = django_filters.ModelChoiceFilter(queryset=Body.objects.all(), to_field_name="slug")
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=200)

    class Meta:
        model = Body
        fields = ["kind", "parent", "search", "updated_since"]


class OfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Office
        fields = [
            "slug",
            "label",
            "organisation",
            "city",
            "country",
            "address",
            "phone",
            "email",
            "website",
        ]


class BodySerializer(RecordSerializer):
    other_names = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    offices = OfficeSerializer(many=True, read_only=True)
    established_display = serializers.CharField(read_only=True)

    class Meta:
        model = Body
        fields = record_fields(
            "name",
            "short_name",
            "kind",
            "parent",
            "established",
            "established_precision",
            "established_display",
            "description",
            "mandate",
            "other_names",
            "offices",
        )


@record_viewset_schema("bodies")
class BodyViewSet(RecordViewSet):
    serializer_class = BodySerializer
    filterset_class = BodyFilter
    ordering_fields = ["slug", "name", "kind", "established", "updated_at"]

    def get_queryset(self):
        return Body.objects.prefetch_related(
            with_citations(),
            Prefetch("other_names", queryset=BodyName.objects.all()),
            Prefetch("offices", queryset=Office.objects.all()),
        )


class MembershipFilter(RecordFilterMixin):
    body = django_filters.ModelChoiceFilter(queryset=Body.objects.all(), to_field_name="slug")
    participant = django_filters.ModelChoiceFilter(
        queryset=Participant.objects.all(), to_field_name="slug"
    )
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), to_field_name="slug")
    as_of = django_filters.DateFilter(method="active_on", label="Held on this date (YYYY-MM-DD)")

    class Meta:
        model = Membership
        fields = ["body", "participant", "person", "role", "as_of", "updated_since"]

    def active_on(self, queryset, name, value):
        return queryset.active_on(value)


class MembershipSerializer(RecordSerializer):
    period_display = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = record_fields(
            "body",
            "participant",
            "person",
            "role",
            "since",
            "since_precision",
            "until",
            "until_precision",
            "period_display",
            "note",
        )


@record_viewset_schema("memberships and roles")
class MembershipViewSet(RecordViewSet):
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["slug", "role", "since", "until", "updated_at"]

    def get_queryset(self):
        return Membership.objects.with_related().prefetch_related(with_citations())
