"""Helpers shared by the tests: read a page as text, count its queries, post an admin form back."""

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from sources.models import Citation, CitedPassage, Source, SourceDraft, SourceFile, SourceText

ROOT = Path(__file__).resolve().parents[1]
# The `editor` fixture's password; the browser tests type it into the login form.
EDITOR_PASSWORD = "a-long-editor-password"


def text(response):
    """The page's HTML with entities decoded and white space folded, to assert on what a reader sees."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def api_as(user):
    """An API client authenticated as `user`."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


# One URL of each kind of page, as a reader meets them.
PAGE_TYPES = {
    "home": "/",
    "members": "/members/",
    "participant": "/members/viet-nam/",
    "person": "/members/people/lynn-bell/",
    "groups": "/groups/",
    "body": "/groups/working-group-disruption-of-networks/?as_of=2015-06-01",
    "matrix": "/groups/matrix/",
    "map": "/map/",
    "meetings": "/meetings/",
    "meeting": "/meetings/ahg-som-11/",
    "documents": "/documents/",
    "document": "/documents/andaman-sea-review/",
    "sources": "/sources/",
    "source": "/sources/rcp-profile/",
    "source-coverage": "/sources/statement-2024-05/coverage/",
    "disagreements": "/disagreements/",
    "disagreement": "/disagreements/andaman-review-date/",
    "objectives": "/objectives/",
    "objectives-version": "/objectives/objectives-2009/",
    "search": "/search/?q=Andaman",
    "changes": "/changes/",
    "history": "/groups/ad-hoc-group/history/",
    "report": "/report/body/ad-hoc-group/",
    "suggest-source": "/report/suggest-a-source/",
    "not-found": "/members/atlantis/",
}


def get_counting(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def assert_constant_queries(client, url, grow):
    """The page costs the same number of queries after `grow()` adds rows."""
    response, before = get_counting(client, url)
    assert response.status_code == 200
    grow()
    response, after = get_counting(client, url)
    assert response.status_code == 200
    assert after == before, f"{url}: {before} queries, then {after} with more rows"
    return response


def counted():
    """The cited passages with their counts, as the database keeps them."""
    return sorted(CitedPassage.objects.values_list("source_id", "passage", "locator", "citations"))


def recounted():
    """The same, counted from the citations themselves."""
    rows = Citation.objects.order_by().values("source_id", "passage", "locator")
    return sorted(rows.annotate(n=Count("id")).values_list("source_id", "passage", "locator", "n"))


SHOW_DATABASE_AND_DEBUG = (
    "from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE']); print(settings.DEBUG)"
)


def load_settings(code=SHOW_DATABASE_AND_DEBUG, **env):
    """Run `code` with the settings in a fresh interpreter; return (exit code, stdout, stderr)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "SITE_URL"))
    }
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "baliportal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


# Read an admin form's current values from its HTML, to post it back with a few changes.


class FormValues(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += (
                data.removeprefix("\n") if not self.values[self.textarea] else data
            )


def admin_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    parser = FormValues(form_id)
    parser.feed(response.content.decode())
    return parser.values


# The membership the changes tests edit in the admin.
MEMBERSHIP = "ad-hoc-group--australia--member"


def edit_membership_in_admin(client, note="Co-chairs the working group in 2024."):
    url = f"/admin/workinggroups/membership/{MEMBERSHIP}/change/"
    data = admin_form(client, url, "membership_form")
    data["note"] = note
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


# A new source as an editor would describe it.
DETAILS = {
    "title": "Co-Chairs' Statement of the Ninth Ministerial Conference",
    "short_title": "Ministerial 2025",
    "kind": "statement",
    "author": "Bali Process Co-Chairs",
    "original_url": "https://example.org/statements/ministerial-2025.pdf",
    "speaks_for": "2025-02-10",
}


def source_counts():
    """Sources, text versions, original files and drafts: what adding a source may write."""
    return (
        Source.objects.count(),
        SourceText.objects.count(),
        SourceFile.objects.count(),
        SourceDraft.objects.count(),
    )
