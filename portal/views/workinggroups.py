"""The structure of the Bali Process: the tree of bodies, a page per body, and who is where."""

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.pages import page_of
from meetings.models import Meeting
from members.models import Participant
from portal.forms import AsOfForm
from portal.views.members import ParticipantListView
from portal.views.records import RecordPageView
from workinggroups.models import Body, Membership


def body_tree(limit: int | None = None):
    """[(body, [children...]), ...] from one query; `limit` keeps the first bodies in tree order."""
    # Only what the tree shows of each body: its descriptions and mandates are long.
    listed = Body.objects.only(
        "slug", "name", "short_name", "kind", "established", "established_precision", "parent"
    )
    bodies = list(listed[:limit] if limit else listed)
    children = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)

    def branch(parent_id, depth=0):
        return [
            (b, branch(b.slug, depth + 1) if depth < 8 else []) for b in children.get(parent_id, [])
        ]

    return branch(None)


# Top-level bodies, each with every body under it, on one page of "Groups and bodies".
TREES_PER_PAGE = 50


@require_safe
def body_list(request):
    page = page_of(request, body_tree(), TREES_PER_PAGE)
    return render(request, "workinggroups/body_list.html", {"tree": page, "page_obj": page})


class BodyDetailView(RecordPageView):
    queryset = Body.objects.for_its_page().prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.listed())
    )
    template_name = "workinggroups/body_detail.html"
    context_object_name = "body"

    def shown_records(self, body):
        return [
            *body.other_names.all(),
            *body.offices.all(),
            *body.stated_counts.all(),
            *body.meetings.all(),
            *body.documents.all(),
            *body.figures.all(),
            *self.memberships,
        ]

    def json_ld_data(self, body):
        return {
            "@type": "Organization",
            "name": body.name,
            "alternateName": body.short_name or None,
            "url": body.get_absolute_url(),
            "parentOrganization": {"@type": "Organization", "name": body.parent.name}
            if body.parent
            else None,
            "foundingDate": str(body.established.year) if body.established else None,
        }

    def get_context_data(self, **kwargs):
        body = self.object
        # Through the body's manager, each membership knows its body without a join.
        self.memberships = list(
            body.memberships.select_related(
                "participant", "person", "person__participant"
            ).order_by("role", "participant__name", "person__name")
        )
        context = super().get_context_data(**kwargs)
        form = AsOfForm(self.request.GET or None)
        as_of = (
            form.cleaned_data["as_of"] if form.is_valid() and form.cleaned_data["as_of"] else None
        )
        day = as_of or dt.date.today()
        memberships = self.memberships
        current = [m for m in memberships if m.role not in Membership.CHAIR_ROLES]
        active = {m.pk for m in memberships if m.held_on(day)}
        context.update(
            form=form,
            as_of=as_of,
            day=day,
            members=[m for m in current if m.pk in active],
            former_or_later=[m for m in current if m.pk not in active],
            chairs=sorted(
                (m for m in memberships if m.role in Membership.CHAIR_ROLES),
                key=lambda m: (m.since or dt.date.min, m.holder.name),
            ),
            active=active,
        )
        return context


# Rows of the matrix on one page: as many participants as a page of the directory.
MATRIX_ROWS = ParticipantListView.paginate_by

ROLE_MARKS = {
    "member": "M",
    "co-chair": "CC",
    "coordinator": "Co",
    "co-manager": "CM",
    "consulted": "C",
}


@require_safe
def membership_matrix(request):
    """States and organisations (rows) against bodies (columns): who is where.

    A page of rows at a time, against the bodies those rows belong to: the whole grid grows with
    participants times bodies (at 100 times the data, 55 MB).
    """
    page = page_of(request, Participant.objects.exclude(status="partner"), MATRIX_ROWS)
    participants = list(page)
    cells = {}
    memberships = Membership.objects.filter(participant__in=[p.pk for p in participants])
    for participant_id, body_id, role in memberships.values_list(
        "participant_id", "body_id", "role"
    ):
        cells.setdefault((participant_id, body_id), []).append(role)
    bodies = list(Body.objects.filter(slug__in={body for _participant, body in cells}))
    rows = []
    for participant in participants:
        row = []
        for body in bodies:
            roles = cells.get((participant.pk, body.pk), [])
            main = "co-chair" if "co-chair" in roles else roles[0] if roles else ""
            row.append(
                {"roles": roles, "main": main, "mark": ROLE_MARKS.get(main, main[:2].upper())}
            )
        rows.append((participant, row))
    return render(
        request,
        "workinggroups/matrix.html",
        {"bodies": bodies, "rows": rows, "marks": ROLE_MARKS, "page_obj": page},
    )
