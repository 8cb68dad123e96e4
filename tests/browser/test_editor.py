"""An editor's round trip in a real browser: change, cite, see it published, then revert from history."""

import pytest

from tests.helpers import EDITOR_PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSAGE = "Recent meetings of the Bali process forum have been held alternately in Indonesia and in Australia."


def test_an_editor_changes_a_meeting_cites_it_sees_it_published_and_reverts_it(site, page, editor):

    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert "Site administration" in page.locator("h1").inner_text()

    page.goto(site + "/admin/meetings/meeting/ahg-som-9/change/")
    assert page.get_by_label("Date").input_value() == "2015-05"
    page.get_by_label("City").fill("Wellington")
    page.get_by_role("button", name="Add another Citation").click()
    row = page.locator("tr.dynamic-sources-citation-content_type-object_id").last
    row.locator("select").select_option("encyclopedia-article")
    row.locator("textarea").fill(NEW_PASSAGE)
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(site + "/meetings/ahg-som-9/")
    facts = page.locator("dl.facts").inner_text()
    assert "Wellington, New Zealand" in facts
    assert page.locator("dl.facts a.cite").count() == 2

    api = page.request.get(site + "/api/v1/meetings/ahg-som-9/").json()
    assert api["city"] == "Wellington"
    assert NEW_PASSAGE in [c["passage"] for c in api["citations"]]

    page.goto(site + "/admin/meetings/meeting/ahg-som-9/history/")
    history = page.locator("#change-history").inner_text()
    assert "Auckland" in history and "Wellington" in history
    page.locator("#change-history tr", has_text="Loaded from the knowledge base").get_by_role(
        "link"
    ).first.click()
    assert page.get_by_label("City").input_value() == "Auckland"
    page.get_by_role("button", name="Revert").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(site + "/meetings/ahg-som-9/")
    assert "Auckland, New Zealand" in page.locator("dl.facts").inner_text()
