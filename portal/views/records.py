"""A record's page, one recipe for every kind: the record with what its page shows, the
disagreements about it, the citations of everything shown (one query), its JSON-LD."""

from django.views.generic import DetailView

from core.jsonld import json_ld
from sources.models import Conflict, attach_citations, with_their_claims


class RecordPageMixin:
    """For a DetailView whose queryset reads what the page shows (a QuerySet method of the model).

    A view names the records shown beside its own (`shown_records`) and its schema.org data
    (`json_ld_data`); the citations of all of them, and of the "sources differ" boxes, come in one
    query afterwards (`attach_citations`).
    """

    http_method_names = ["get", "head"]  # as @require_safe: a page is read, never written
    slug_url_kwarg = "slug"
    # False for a page that shows no "sources differ" box: it then costs no query for them.
    shows_conflicts = True

    def shown_records(self, record) -> list:
        """The records the page shows beside `record`, whose citations it marks."""
        return []

    def json_ld_data(self, record) -> dict | None:
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        conflicts = (
            Conflict.objects.about(record).listed_with_claims() if self.shows_conflicts else []
        )
        attach_citations([record, *self.shown_records(record), *with_their_claims(conflicts)])
        if self.shows_conflicts:
            context["conflicts"] = conflicts
        data = self.json_ld_data(record)
        if data is not None:
            context["json_ld"] = json_ld(self.request, data)
        return context


class RecordPageView(RecordPageMixin, DetailView):
    pass
