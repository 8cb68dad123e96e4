"""Filters over meetings, shared by the timeline page and the API."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q

from core.widgets import FastSelect
from meetings.models import Meeting
from members.models import Participant
from workinggroups.models import Body

YEAR_BOUNDS = {"min_value": 1900, "max_value": 2100}


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="matching", label="Search", max_length=200)
    kind = django_filters.ChoiceFilter(
        choices=Meeting.Kind.choices, empty_label="Any type", widget=FastSelect
    )
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(),
        to_field_name="slug",
        empty_label="Any body",
        widget=FastSelect,
        error_messages={"invalid_choice": "No body has the slug “%(value)s”."},
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Participant.objects.filter(kind__in=["state", "territory"]),
        to_field_name="slug",
        label="Host country",
        empty_label="Any country",
        error_messages={"invalid_choice": "No state or territory has the slug “%(value)s”."},
        widget=FastSelect,
    )
    year = django_filters.NumberFilter(method="in_year", label="Year", **YEAR_BOUNDS)
    year_from = django_filters.NumberFilter(method="from_year", label="From year", **YEAR_BOUNDS)
    year_to = django_filters.NumberFilter(method="to_year", label="To year", **YEAR_BOUNDS)

    class Meta:
        model = Meeting
        fields = ["q", "kind", "body", "country", "year", "year_from", "year_to"]

    def matching(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(city__icontains=value) | Q(summary__icontains=value)
        )

    # A partial date overlaps a year when any day it may mean falls in that year.
    def in_year(self, queryset, name, value):
        year = int(value)
        return queryset.overlapping(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def from_year(self, queryset, name, value):
        return queryset.filter(ends_on__gte=dt.date(int(value), 1, 1))

    def to_year(self, queryset, name, value):
        return queryset.filter(starts_on__lte=dt.date(int(value), 12, 31))

    @property
    def form(self):
        form = super().form
        for field_name in ("year", "year_from", "year_to"):
            form.fields[field_name].widget = forms.NumberInput(attrs={"min": 1900, "max": 2100})
        return form
