import re

from meetings.models import Document, Meeting
from portal.views import meetings as views
from tests import factories
from tests import knowledge_facts as facts
from tests.helpers import assert_constant_queries, text


def test_timeline_groups_meetings_by_year_with_a_chart(client, db):
    page = text(client.get("/meetings/"))
    assert '<h2 id="year-2024">2024</h2>' in page
    assert page.index('id="year-2024"') < page.index('id="year-2002"')
    assert '<svg class="chart"' in page
    assert "2016: 1 ministerial conferences" in page


def test_timeline_filters_by_year_with_partial_dates_overlapping(client, db):
    page = text(client.get("/meetings/?year=2015"))
    assert ">Ninth Ad Hoc Group Senior Officials' Meeting</a>" in page
    assert ">First meeting of the Working Group on Trafficking in Persons</a>" in page
    assert f"{facts.MEETINGS_IN_2015} meetings." in page


def test_timeline_filters_by_type_body_country_and_range(client, db):
    assert f"{facts.MINISTERIAL_CONFERENCES} meetings." in text(
        client.get("/meetings/?kind=ministerial-conference")
    )
    assert f"{facts.AD_HOC_GROUP_MEETINGS} meetings." in text(
        client.get("/meetings/?body=ad-hoc-group")
    )
    page = text(client.get("/meetings/?country=sri-lanka&year_from=2016&year_to=2016"))
    assert "1 meeting." in page and "Eleventh" in page


def test_timeline_search(client, db):
    page = text(client.get("/meetings/?q=Colombo"))
    assert "1 meeting." in page


def test_timeline_explains_an_impossible_year(client, db):
    page = text(client.get("/meetings/?year=99999"))
    assert "Ensure this value is less than or equal to 2100." in page
    assert "0 meetings." in page


def test_timeline_survives_odd_input(client, db):
    for query in ["year=abc", "year_from=-5", "body=%00", "q=" + "é" * 5000, "year=2015&year=2016"]:
        assert client.get(f"/meetings/?{query}").status_code == 200
    for page in ["abc", "0", "999"]:
        response = client.get(f"/meetings/?page={page}")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_timeline_queries_stay_constant_as_rows_grow(client, db):
    assert_constant_queries(client, "/meetings/", factories.grow)


def test_meeting_page_shows_date_place_roles_outcomes_and_series(client, db):
    page = text(client.get("/meetings/ahg-som-11/"))
    assert '<dt>When</dt><dd>November 2016 <span class="muted">(known to the month)</span>' in page
    assert "<dd>Colombo, Sri Lanka</dd>" in page
    assert "<strong>Endorsed</strong>: Endorsed the Concept Note" in page
    assert 'rel="prev" href="/meetings/ahg-som-10/"' in page
    assert 'rel="next" href="/meetings/ahg-som-12/"' in page


def test_meeting_page_shows_co_chairs_and_attendees(client, db):
    page = text(client.get("/meetings/ahg-17/"))
    assert "2-3 May 2024" in page
    co_chairs = page[page.index("<h3>Co-chairs</h3>") :]
    assert ">Lynn Bell</a>" in co_chairs[: co_chairs.index("</ul>")]
    assert ">United States of America</a>" in page


def test_meeting_page_queries_stay_constant_as_rows_grow(client, db):
    assert_constant_queries(client, "/meetings/ahg-17/", factories.grow)


def test_documents_list_the_sources_and_the_documents(client, db):
    page = text(client.get("/documents/"))
    sources = page[page.index('id="sources"') : page.index('id="documents"')]
    assert sources.count('<li><a href="/sources/') == 5
    assert ">Acknowledge, Act and Advance Recommendations (AAA Recommendations)</a>" in page


def test_documents_page_pages_the_documents_and_lists_the_sources_on_each(client, db, monkeypatch):
    monkeypatch.setattr(views, "DOCUMENTS_PER_PAGE", 5)
    titles = list(Document.objects.values_list("title", flat=True))
    count = -(-len(titles) // 5)
    assert count > 1
    pages = [text(client.get(f"/documents/?page={n}")) for n in range(1, count + 1)]
    shown = [re.findall(r'<tr><td><a href="/documents/[^"]+">([^<]+)</a>', page) for page in pages]
    assert [title for on_page in shown for title in on_page] == titles
    assert all(page.count("(October 2017)") >= 1 for page in pages), "the sources, on every page"
    assert client.get(f"/documents/?page={len(pages) + 1}").status_code == 404


def test_document_page(client, db):
    page = text(client.get("/documents/andaman-sea-review/"))
    assert "Eleventh Ad Hoc Group Senior Officials' Meeting</a> (November 2016)" in page
    assert "The sources differ:" in page


def test_objectives_page_shows_versions_and_what_changed(client, db):
    page = text(client.get("/objectives/"))
    assert page.count("<section id=") == 5
    section = page[page.index('id="objectives-2009"') :]
    section = section[: section.index("</section>")]
    assert (
        "<strong>New or reworded:</strong></p><ul><li>advancing the implementation of an inclusive non-binding regional cooperation framework"
        in section
    )


def test_each_version_of_the_objectives_has_its_own_page_with_what_changed(client, db):
    page = text(client.get("/objectives/objectives-2009/"))
    assert "<h1>Objectives as amended at the Third Ministerial Conference, 2009</h1>" in page
    assert "<strong>New or reworded:</strong></p><ul><li>advancing the implementation" in page
    assert client.get("/objectives/no-such-version/").status_code == 404
    assert '<a href="/objectives/objectives-2009/">' in text(client.get("/objectives/"))


def test_objectives_page_pages_its_versions_and_counts_changes_across_pages(
    client, db, monkeypatch
):
    monkeypatch.setattr(views, "OBJECTIVE_LISTS_PER_PAGE", 2)
    pages = [text(client.get(f"/objectives/?page={n}")) for n in (1, 2, 3)]
    assert [page.count("<section id=") for page in pages] == [2, 2, 1]
    assert client.get("/objectives/?page=4").status_code == 404
    # The first version on page 2 is compared with the last on page 1.
    monkeypatch.setattr(views, "OBJECTIVE_LISTS_PER_PAGE", 20)
    everything = text(client.get("/objectives/"))
    first_on_second = pages[1][pages[1].index("<section id=") :]
    first_on_second = first_on_second[: first_on_second.index("</section>")]
    assert "What changed from" in first_on_second
    assert first_on_second in everything


def test_meetings_atom_feed(client, db):
    response = client.get("/meetings/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert (
        "<title>17th Bali Process Ad Hoc Group meeting (2-3 May 2024)</title>"
        in response.content.decode()
    )


def test_meetings_icalendar_feed(client, db):
    response = client.get("/meetings/meetings.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    event = body[body.index("UID:ahg-17@") :]
    assert "DTSTART;VALUE=DATE:20240502\r\nDTEND;VALUE=DATE:20240504\r\n" in event
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_timeline_pages_run_from_the_newest_meetings_to_the_oldest(client, db):
    factories.grow(10)  # 58 meetings: two pages
    first = text(client.get("/meetings/"))
    last = text(client.get("/meetings/?page=2"))
    assert "Page 1 of 2" in first and "Page 2 of 2" in last
    newest = Meeting.objects.order_by("-starts_on").first()
    oldest = Meeting.objects.order_by("starts_on").first()
    assert f'<h2 id="year-{newest.starts_on.year}">' in first
    assert f'<h2 id="year-{oldest.starts_on.year}">' in last
    assert f'<h2 id="year-{oldest.starts_on.year}">' not in first


def test_timeline_names_an_unknown_body_or_country_slug(client, db):
    page = text(client.get("/meetings/?body=atlantis&country=lemuria"))
    assert "No body has the slug “atlantis”." in page
    assert "No state or territory has the slug “lemuria”." in page
    response = client.get("/api/v1/meetings/?country=lemuria")
    assert response.status_code == 400
    assert response.json() == {"country": ["No state or territory has the slug “lemuria”."]}
