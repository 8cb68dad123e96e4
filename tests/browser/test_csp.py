"""The strict Content-Security-Policy breaks nothing: no violation on pages, admin or API docs."""

import pytest

from tests.helpers import EDITOR_PASSWORD

pytestmark = pytest.mark.browser


def test_no_page_admin_screen_or_api_doc_violates_the_policy(site, page, editor):
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text[:90]}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    for path in [
        "/",
        "/members/",
        "/meetings/",
        "/map/",
        "/sources/rcp-profile/#p-0",
        "/api/v1/",
        "/api/v1/meetings/",
    ]:
        page.goto(site + path)

    page.goto(site + "/api/v1/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert (
        "Bali Process knowledge portal API" in page.locator(".swagger-ui .info .title").inner_text()
    )

    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path in [
        "/admin/",
        "/admin/meetings/meeting/",
        "/admin/meetings/meeting/ahg-17/history/",
        "/admin/meetings/meeting/ahg-17/change/",
    ]:
        page.goto(site + path)
    rows = page.locator("tr.dynamic-sources-citation-content_type-object_id")
    before = rows.count()
    page.get_by_role("button", name="Add another Citation").click()  # the admin's own scripts run
    assert rows.count() == before + 1
    assert violations == []
