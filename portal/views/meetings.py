"""The meetings timeline, a page per meeting, documents, objectives and meeting feeds."""

import difflib
from collections import Counter, defaultdict

from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from core.pages import page_of
from meetings.filters import MeetingFilter
from meetings.models import (
    Document,
    Meeting,
    Objective,
    ObjectiveList,
)
from portal.views.records import RecordPageView
from sources.models import Source, with_citations


class Year(ExtractYear):
    """The year of a date; on SQLite in its own C code (Django's calls a Python function per row)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS integer)", params


class MeetingListView(FilterView):
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50
    strict = True

    def get_queryset(self):
        # Newest first, as the page shows its years: page 1 holds the latest meetings.
        return (
            Meeting.objects.listed()
            .prefetch_related(with_citations())
            .order_by("-starts_on", "-ends_on", "title", "slug")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_year = defaultdict(list)
        for meeting in context["meetings"]:
            by_year[meeting.starts_on.year].append(meeting)
        context["years"] = sorted(by_year.items(), reverse=True)
        # The chart counts every meeting the filters select, not only this page's: one light query.
        context["chart"] = timeline_chart(
            self.object_list.order_by()
            .values_list(Year("starts_on"), "kind")
            .annotate(n=Count("*"))
        )
        return context


CHART_KINDS = [
    ("ministerial-conference", "Ministerial conferences", "#0b5c8a"),
    ("ad-hoc-group-meeting", "Ad Hoc Group meetings", "#8a2b0b"),
    ("senior-officials-meeting", "Senior officials' meetings", "#5b6b00"),
    ("forum", "Forums", "#6b3d9a"),
    ("consultation", "Consultations", "#00756b"),
    ("other", "Other", "#7a8a99"),
]


def timeline_chart(meetings):
    """Meetings per year by type, from (year, kind, count) rows, as bars for an SVG drawn in the template."""
    known = {kind for kind, _label, _colour in CHART_KINDS}
    counts = Counter()
    for year, kind, n in meetings:
        counts[(year, kind if kind in known else "other")] += n
    if not counts:
        return None
    years = list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    tallest = max(sum(counts[(y, k)] for k, _l, _c in CHART_KINDS) for y in years)
    bar_width, height = 18, 120
    scale = height / tallest
    bars = []
    for index, year in enumerate(years):
        top = height
        for kind, label, colour in CHART_KINDS:
            n = counts[(year, kind)]
            if n:
                top -= n * scale
                bars.append(
                    {
                        "x": 40 + index * (bar_width + 4),
                        "y": round(top, 1),
                        "h": round(n * scale, 1),
                        "w": bar_width,
                        "colour": colour,
                        "title": f"{year}: {n} {label.lower()}",
                    }
                )
    labels = [
        {"x": 40 + i * (bar_width + 4) + bar_width / 2, "year": y}
        for i, y in enumerate(years)
        if y % 2 == 0 or len(years) < 12
    ]
    return {
        "bars": bars,
        "labels": labels,
        "tallest": tallest,
        "height": height,
        "width": 40 + len(years) * (bar_width + 4) + 10,
        "legend": CHART_KINDS,
    }


class MeetingDetailView(RecordPageView):
    queryset = Meeting.objects.for_its_page()
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def shown_records(self, meeting):
        return [
            *meeting.roles.all(),
            *meeting.outcomes.all(),
            *meeting.documents_adopted.all(),
            *meeting.figures.all(),
        ]

    def json_ld_data(self, meeting):
        by_day = meeting.date_precision == "day"
        return {
            "@type": "Event",
            "name": meeting.title,
            "startDate": meeting.starts_on.isoformat() if by_day else str(meeting.starts_on.year),
            "endDate": meeting.ends_on.isoformat() if by_day else None,
            "location": {"@type": "Place", "name": meeting.place_display}
            if meeting.place_display
            else None,
            "organizer": {"@type": "Organization", "name": meeting.body.name}
            if meeting.body
            else None,
            "url": meeting.get_absolute_url(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["previous"], context["following"] = Meeting.objects.before_and_after(meeting)
        roles = defaultdict(list)
        for role in meeting.roles.all():
            roles[role.get_role_display()].append(role)
        context["roles"] = sorted(roles.items())
        return context


DOCUMENTS_PER_PAGE = 50


@require_safe
def document_list(request):
    documents = Document.objects.select_related("adopted_at", "body", "source").prefetch_related(
        with_citations()
    )
    page = page_of(request, documents, DOCUMENTS_PER_PAGE)
    return render(
        request,
        "meetings/document_list.html",
        {"documents": page, "page_obj": page, "sources": Source.objects.all()},
    )


class DocumentDetailView(RecordPageView):
    queryset = Document.objects.for_its_page()
    template_name = "meetings/document_detail.html"
    context_object_name = "document"

    def shown_records(self, document):
        return list(document.outcomes.all())


def comparable(text: str) -> str:
    return (
        text.lower()
        .strip(" ;.*")
        .removesuffix(" and")
        .removesuffix(";")
        .replace("criminalize", "criminalise")
    )


# Versions of the objectives on one page of "Objectives, version by version".
OBJECTIVE_LISTS_PER_PAGE = 20


@require_safe
def objectives(request):
    page = page_of(request, objective_lists(), OBJECTIVE_LISTS_PER_PAGE)
    shown = list(page)
    # A version's changes are counted from the one before it, which may sit on the page before.
    earlier = {objective_list.previous_id for objective_list in shown} - {o.slug for o in shown}
    by_slug = {o.slug: o for o in [*shown, *objective_lists().filter(slug__in=earlier)]}
    versions = [(o, changes(by_slug.get(o.previous_id), o)) for o in shown]
    return render(request, "meetings/objectives.html", {"versions": versions, "page_obj": page})


@require_safe
def objective_list_detail(request, slug):
    objective_list = get_object_or_404(objective_lists(), slug=slug)
    previous = objective_lists().filter(slug=objective_list.previous_id).first()
    context = {"objective_list": objective_list, "changes": changes(previous, objective_list)}
    return render(request, "meetings/objective_list_detail.html", context)


def objective_lists():
    return ObjectiveList.objects.select_related("meeting").prefetch_related(
        with_citations(),
        Prefetch("objectives", queryset=Objective.objects.prefetch_related(with_citations())),
    )


def changes(previous, objective_list) -> dict | None:
    """What `objective_list` adds to and drops from the version before it, if there is one."""
    if previous is None:
        return None
    before = {comparable(o.text): o.text for o in previous.objectives.all()}
    after = {comparable(o.text): o.text for o in objective_list.objectives.all()}
    return {
        "previous": previous,
        "added": [text for key, text in after.items() if not similar(key, before)],
        "dropped": [text for key, text in before.items() if not similar(key, after)],
    }


def similar(text: str, pool) -> bool:
    return bool(difflib.get_close_matches(text, list(pool), n=1, cutoff=0.85))
