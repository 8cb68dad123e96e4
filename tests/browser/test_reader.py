"""A reader's journey through the portal, in a real browser, checking what each page says."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import knowledge_facts as facts
from tests.browser.conftest import screenshot
from tests.helpers import PAGE_TYPES

pytestmark = pytest.mark.browser


def test_a_reader_finds_who_is_in_the_ahg_and_follows_a_fact_to_its_source(site, page):
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "The Bali Process knowledge portal"
    assert str(facts.MEMBER_STATES_AND_TERRITORIES) in page.locator(".stats").inner_text()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    assert page.locator("h1").inner_text() == "Members and observers"
    page.get_by_label("In body").select_option("ad-hoc-group")
    page.get_by_role("button", name="Apply").click()
    assert "body=ad-hoc-group" in page.url
    assert page.get_by_text(f"{facts.AD_HOC_GROUP_MEMBERS} participants.").is_visible()

    page.get_by_role("link", name="Viet Nam", exact=True).click()
    assert page.locator("h1").inner_text() == "Viet Nam"
    assert "“Vietnam”" in page.locator("dl.facts").inner_text()

    page.get_by_role("link", name="17th Bali Process Ad Hoc Group meeting").first.click()
    assert page.locator("h1").inner_text() == "17th Bali Process Ad Hoc Group meeting"
    assert "2-3 May 2024" in page.locator("dl.facts").inner_text()
    assert "Kuala Lumpur, Malaysia" in page.locator("dl.facts").inner_text()

    # Follow the meeting's citation to its passage, which is highlighted.
    page.locator("dl.facts a.cite").first.click()
    page.wait_for_url(re.compile(r"/sources/statement-2024-05/#p-[0-9a-f]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    highlighted = page.locator(f"mark.current[data-p~='{anchor}']")
    assert highlighted.count() >= 1
    assert "Kuala Lumpur" in " ".join(highlighted.all_inner_texts())


def test_a_reader_searches_and_uses_the_as_of_date(site, page):
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Search the portal").fill("Andaman")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name="Documents").is_visible()
    page.get_by_role(
        "link", name="Review of the Response to the Andaman Sea Situation"
    ).first.click()
    assert "November 2016" in page.locator("dl.facts").inner_text()
    assert page.get_by_text("The sources differ:").is_visible()

    page.goto(site + "/groups/working-group-disruption-of-networks/")
    page.get_by_label("Members as of").fill("2015-06-01")
    page.get_by_role("button", name="Show").click()
    assert "as_of=2015-06-01" in page.url
    chairs = page.locator("#chairs + ul").inner_text()
    assert re.search(r"Sri Lanka: co-chair \(until 2019\) on 1 June 2015", chairs)
    assert not re.search(r"Viet Nam: co-chair \(since May 2024\) on", chairs)


def test_a_reader_sees_the_members_on_the_map_and_opens_one(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Map").click()
    assert page.locator("h1").inner_text() == "Map"

    # The outlines come from a separate static file, fetched after the page: wait until they are
    # drawn (a timeout fails the test), then check their size.
    page.wait_for_function("document.querySelector('svg use.land').getBBox().width > 0")
    world = page.locator("svg use.land").bounding_box()
    australia = page.locator('a.state.member[href="/members/australia/"]')
    shape = australia.locator("use").bounding_box()
    assert world["width"] > 900
    assert 40 < shape["width"] < world["width"] / 5
    assert page.locator('a.state.observer[href="/members/canada/"]').count() == 1
    assert (
        page.get_by_role("link", name=f"Bali, Indonesia: {facts.MEETINGS_IN_BALI} meetings").count()
        == 1
    )

    # The map's shapes are links a keyboard reaches, like any other.
    australia.focus()
    page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Australia"


def test_pages_print_without_navigation_or_forms(site, page):
    page.emulate_media(media="print")
    for path in ["/members/", "/meetings/ahg-som-11/", "/map/"]:
        page.goto(site + path)
        assert page.locator("h1").is_visible()
        assert not page.get_by_role("navigation", name="Main").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert not page.locator("form.filters").first.is_visible()
        assert not page.locator(".skip-link").is_visible()
    page.goto(site + "/members/")
    assert len(page.pdf(format="A4")) > 10_000


def test_every_page_type_has_no_accessibility_violations_and_is_captured(site, page):
    axe = Axe()
    failures = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        results = axe.run(page)
        if results.violations_count:
            failures[name] = [v["id"] for v in results.response["violations"]]
        screenshot(page, name)
    assert failures == {}


def test_pages_make_no_request_outside_the_site(site, page):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(site) else outside.append(r.url))
    for path in PAGE_TYPES.values():
        page.goto(site + path)
    assert outside == []


def test_pages_fit_a_phone_screen(site, page):
    page.set_viewport_size({"width": 375, "height": 812})
    for path in ["/", "/members/viet-nam/", "/meetings/ahg-17/", "/groups/ad-hoc-group/", "/map/"]:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen"
