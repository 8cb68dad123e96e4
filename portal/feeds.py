"""Meetings as an Atom feed and as an iCalendar file."""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from core.origin import absolute_url
from core.text import without_control_characters
from meetings.models import Meeting


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    title = "Bali Process meetings"
    subtitle = "Meetings recorded in the Bali Process knowledge portal, newest first."

    # Links start with SITE_URL; Django puts the request's host only before a bare path, which is
    # what they are in development without one.
    def link(self):
        return settings.SITE_URL + reverse("meetings:list")

    def feed_url(self):
        return settings.SITE_URL + reverse("meetings:atom")

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def items(self):
        return Meeting.objects.with_related().order_by("-starts_on", "-ends_on")[:50]

    # Validation refuses control characters, but rows written before it or straight to the
    # database may hold them, and XML 1.0 cannot: one such title would make the feed a 500.
    def item_title(self, item):
        return without_control_characters(f"{item.title} ({item.date_display})")

    def item_description(self, item):
        return without_control_characters(
            " · ".join(
                part for part in [item.date_display, item.place_display, item.summary] if part
            )
        )

    def item_pubdate(self, item):
        return dt.datetime.combine(item.starts_on, dt.time(), tzinfo=dt.UTC)

    def item_updateddate(self, item):
        return item.updated_at


@require_safe
def meetings_ical(request):
    # The icalendar library escapes text and folds lines (RFC 5545): a line break in a title is
    # written as \n, never as a line that could start a property of the writer's choosing.
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Bali Process knowledge portal//Meetings//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Bali Process meetings")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for meeting in Meeting.objects.with_related():
        # All-day events; a date known only to the month or year spans the whole period.
        description = f"Date as the sources give it: {meeting.date_display}."
        if meeting.summary:
            description += f" {meeting.summary}"
        event = Event()
        event.add("uid", f"{meeting.slug}@baliprocess-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_on)
        event.add("dtend", meeting.ends_on + dt.timedelta(days=1))
        # Validation refuses control characters, but a row written before it may hold them.
        event.add("summary", without_control_characters(meeting.title))
        event.add("description", without_control_characters(description))
        event.add("url", absolute_url(request, meeting.get_absolute_url()))
        if meeting.place_display:
            event.add("location", without_control_characters(meeting.place_display))
        calendar.add_component(event)
    # In the order added (the library sorts properties by name otherwise).
    response = HttpResponse(
        calendar.to_ical(sorted=False), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="bali-process-meetings.ics"'
    return response
