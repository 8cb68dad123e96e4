"""A reader reports an error without an account; an editor resolves it in the admin's queue, the
reader is told, and the editor's change is in the record's public history."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from changes.models import Report
from knowledge.editors import make_editor

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"


def test_a_reader_reports_an_error_and_an_editor_resolves_it(site, page, chromium, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_editor(
        get_user_model().objects.create_user("edith", email="edith@example.org", password=PASSWORD)
    )

    # The reader: the body's page, "Report an error", the form, thanks.
    page.goto(site + "/groups/ad-hoc-group/")
    page.get_by_role("link", name="Report an error").click()
    assert "Report an error on the body “Ad Hoc Group”" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Send the report").click()  # empty: refused, nothing sent
    assert "This field is required." in page.locator("form.report").inner_text()
    page.get_by_label("What is wrong").fill("The mandate omits the 2016 Bali Declaration.")
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_role("button", name="Send the report").click()
    assert page.locator("h1").inner_text() == "Thank you"
    report = Report.objects.get()
    assert (report.status, report.record_id) == ("new", "ad-hoc-group")

    # The editor: the queue, the record, a note; the reader hears the outcome.
    editor = chromium.new_context().new_page()
    editor.goto(site + "/admin/login/?next=/admin/changes/report/")
    editor.get_by_label("Username").fill("edith")
    editor.get_by_label("Password").fill(PASSWORD)
    editor.get_by_role("button", name="Log in").click()
    editor.get_by_role("link", name=str(report.pk), exact=True).click()
    assert "The mandate omits the 2016 Bali Declaration." in editor.locator("#content").inner_text()
    editor.get_by_label("Status").select_option("accepted")
    editor.get_by_label("Editor note").fill("Thank you: added to the mandate.")
    editor.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in editor.locator(".messagelist").inner_text()
    assert Report.objects.get().status == "accepted"
    assert [m.to for m in mail.outbox][-1] == ["reader@example.org"]

    # The editor's change, on the record, shows in its public history.
    editor.goto(site + "/admin/workinggroups/body/ad-hoc-group/change/")
    editor.get_by_label("Short name").fill("AHG (Ad Hoc Group)")
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.goto(site + "/admin/workinggroups/body/ad-hoc-group/history/")
    assert "Report " + str(report.pk) in editor.locator("#reports ~ ul").inner_text()
    page.goto(site + "/groups/ad-hoc-group/history/")
    first = page.locator("li.change").first.inner_text()
    assert "short name changed" in first and "AHG (Ad Hoc Group)" in first and "an editor" in first
    editor.context.close()
