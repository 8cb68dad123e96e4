"""Meetings as an Atom feed and as an iCalendar file."""

import datetime as dt
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

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


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def ical_text(value: str) -> str:
    """Escape text for an iCalendar property value (RFC 5545, 3.3.11)."""
    # Every line break (CR LF, a bare CR or LF) is escaped as backslash-n: a raw CR would end the
    # content line and start a property of the writer's choosing. Other controls are not TEXT.
    value = without_control_characters(LINE_BREAK.sub("\n", value))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1)."""
    encoded, parts = line.encode(), []
    while len(encoded) > 75:
        cut = 75
        while (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = b" " + encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n".join(parts)


@require_safe
def meetings_ical(request):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bali Process knowledge portal//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Bali Process meetings",
    ]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for meeting in Meeting.objects.with_related():
        # All-day events; a date known only to the month or year spans the whole period.
        description = f"Date as the sources give it: {meeting.date_display}."
        if meeting.summary:
            description += f" {meeting.summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.slug}@baliprocess-portal",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{meeting.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{meeting.ends_on + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ical_text(meeting.title)}",
            f"DESCRIPTION:{ical_text(description)}",
            f"URL:{absolute_url(request, meeting.get_absolute_url())}",
        ]
        if meeting.place_display:
            lines.append(f"LOCATION:{ical_text(meeting.place_display)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bali-process-meetings.ics"'
    return response
