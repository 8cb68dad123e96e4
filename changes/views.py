"""Public pages: the recent changes, a record's history, and the forms readers report through.

The report forms carry a CSRF token, so their pages are never kept by the page cache (it keeps no
answer that handed out a token) nor by a browser (never_cache); the record pages only link to them.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from changes.forms import ChangeFilterForm, ErrorReportForm, SourceSuggestionForm
from changes.history import PAGES, ChangeLog, Filters, kinds, record_exists_or_existed
from changes.models import Report
from changes.reports import ReportThrottle, file_report
from core.links import slug_url
from core.pages import page_of

CHANGES_PER_PAGE = 50
PERIODS = {1: "a second", 60: "a minute", 3600: "an hour", 86400: "a day"}


def record_model(kind: str):
    """The model of a kind of record with a page, or a 404."""
    model = kinds().get(kind)
    if model is None or model._meta.label_lower not in PAGES:
        raise Http404("There is no such kind of record.")
    return model


@require_safe
def change_list(request):
    form = ChangeFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "entries": [], "page_obj": None}
        return render(request, "changes/change_list.html", context, status=400)
    page = page_of(request, ChangeLog(form.filters()), CHANGES_PER_PAGE)
    context = {"form": form, "entries": page.object_list, "page_obj": page}
    return render(request, "changes/change_list.html", context)


@require_safe
def record_history(request, kind, slug):
    model = record_model(kind)
    record = model._default_manager.filter(pk=slug).first()
    if record is None and not record_exists_or_existed(model, slug):
        raise Http404(f"There is no {model._meta.verbose_name} “{slug}”.")
    page = page_of(request, ChangeLog(Filters(kind=model, record=slug)), CHANGES_PER_PAGE)
    context = {
        "record": record,
        "kind": kind,
        "kind_name": model._meta.verbose_name,
        "slug": slug,
        "record_url": slug_url(PAGES[model._meta.label_lower], slug) if record else None,
        "entries": page.object_list,
        "page_obj": page,
    }
    return render(request, "changes/record_history.html", context)


def throttled(request):
    """A 429 page when this address has sent its share of reports, else None."""
    throttle = ReportThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait() or 0
    period = PERIODS.get(throttle.duration, f"{throttle.duration} seconds")
    context = {
        "minutes": max(1, round(wait / 60)),
        "limit": throttle.num_requests,
        "period": period,
    }
    response = render(request, "changes/report_limit.html", context, status=429)
    response["Retry-After"] = str(max(1, round(wait)))
    return response


def _report(request, *, form_class, kind, record, template, context):
    if request.method == "POST":
        refused = throttled(request)
        if refused is not None:
            return refused
        form = form_class(request.POST)
        if form.is_valid():
            file_report(form=form, kind=kind, record=record)
            return redirect("changes:report-sent")
        status = 400
    else:
        form, status = form_class(), 200
    return render(request, template, {**context, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_error(request, kind, slug):
    model = record_model(kind)
    record = model._default_manager.filter(pk=slug).first()
    if record is None:
        raise Http404(f"There is no {model._meta.verbose_name} “{slug}”.")
    context = {
        "record": record,
        "kind_name": model._meta.verbose_name,
        "record_url": slug_url(PAGES[model._meta.label_lower], slug),
    }
    return _report(
        request,
        form_class=ErrorReportForm,
        kind=Report.Kind.ERROR,
        record=record,
        template="changes/report_error.html",
        context=context,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_source(request):
    return _report(
        request,
        form_class=SourceSuggestionForm,
        kind=Report.Kind.SOURCE,
        record=None,
        template="changes/suggest_source.html",
        context={},
    )


@require_safe
def report_sent(request):
    return render(request, "changes/report_sent.html")
