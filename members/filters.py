"""Filters over participants, shared by the members directory and the API."""

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.widgets import FastSelect
from members.models import Participant
from workinggroups.models import Body, Membership


@extend_schema_field(OpenApiTypes.STR)
class BodySlugFilter(django_filters.ModelChoiceFilter):
    """A body, given by its slug."""


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="matching", label="Name", max_length=200)
    kind = django_filters.ChoiceFilter(
        choices=Participant.Kind.choices, empty_label="Any kind", widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        choices=Participant.Status.choices, empty_label="Any status", widget=FastSelect
    )
    founding = django_filters.ChoiceFilter(
        label="Founding member",
        choices=[("true", "Yes"), ("false", "No")],
        method="is_founding",
        empty_label="Either",
        widget=FastSelect,
    )
    body = BodySlugFilter(
        queryset=Body.objects.all(),
        to_field_name="slug",
        widget=FastSelect,
        method="in_body",
        label="In body",
        empty_label="Any body",
        error_messages={"invalid_choice": "No body has the slug “%(value)s”."},
    )
    role = django_filters.ChoiceFilter(
        choices=Membership.Role.choices,
        method="in_body",
        label="Role",
        empty_label="Any role",
        widget=FastSelect,
    )
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("kind", "kind"), ("status", "status")),
        label="Sort by",
        empty_label="Name",
        widget=FastSelect,
    )

    class Meta:
        model = Participant
        fields = ["q", "kind", "status", "founding", "body", "role"]

    def matching(self, queryset, name, value):
        matching = Participant.objects.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(name_variants__name__icontains=value)
        )
        return queryset.filter(pk__in=matching.values("pk"))

    def is_founding(self, queryset, name, value):
        return queryset.filter(founding=value == "true")

    def in_body(self, queryset, name, value):
        # Body and role are applied together in filter_queryset, on the same membership row.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        body = self.form.cleaned_data.get("body")
        role = self.form.cleaned_data.get("role")
        if body or role:
            memberships = Membership.objects.filter(participant__isnull=False)
            if body:
                memberships = memberships.filter(body=body)
            if role:
                memberships = memberships.filter(role=role)
            queryset = queryset.filter(pk__in=memberships.values("participant"))
        return queryset
