"""Site-wide pages: home and the error pages."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.models import Meeting
from members.models import Participant
from portal.views.workinggroups import body_tree
from sources.models import attach_citations
from workinggroups.models import Body, Membership

# The structure at a glance: the first bodies of the tree; the groups page shows them all.
HOME_TREE_BODIES = 30


@require_safe
def home(request):
    counts = {
        **Participant.objects.headline_counts(),
        "bodies": Body.objects.count(),
        "meetings": Meeting.objects.count(),
    }
    co_chairs = (
        Body.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role="co-chair").select_related("participant"),
            ),
        )
        .filter(slug="co-chairs")
        .first()
    )
    founding = Meeting.objects.filter(slug="bpmc-1").first()
    attach_citations([record for record in (co_chairs, founding) if record is not None])
    context = {
        "counts": counts,
        "co_chairs": co_chairs,
        "founding": founding,
        "recent": Meeting.objects.listed().order_by("-starts_on", "-ends_on")[:6],
        "tree": body_tree(limit=HOME_TREE_BODIES),
    }
    return render(request, "home.html", context)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error; it has been logged."}, status=500)
    return render(request, "500.html", status=500)
