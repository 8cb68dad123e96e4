"""The members directory and participant pages, as a reader sees them."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import widgets
from members.models import Participant
from tests import factories
from tests import knowledge_facts as facts
from tests.helpers import assert_constant_queries, text
from workinggroups.models import Body, StatedCount


def test_directory_lists_every_participant_with_counts_next_to_the_sources(client, db):
    page = text(client.get("/members/"))
    assert f"{facts.PARTICIPANTS} participants." in page
    assert "“Member States (45 States)”" in page
    assert "“Over 50 countries”" in page
    assert "the sources differ" in page  # 3 member organisations stated, 4 held


def test_directory_filters_to_the_ad_hoc_group(client, db):
    page = text(client.get("/members/?body=ad-hoc-group"))
    assert f"{facts.AD_HOC_GROUP_MEMBERS} participants." in page
    assert ">Afghanistan</a>" in page
    assert ">Tonga</a>" not in page


def test_directory_filters_by_role_on_the_same_membership(client, db):
    page = text(client.get("/members/?body=working-group-trafficking-in-persons&role=co-chair"))
    assert "2 participants." in page
    assert ">Australia</a>" in page and ">Indonesia</a>" in page


def test_directory_search_matches_name_variants(client, db):
    page = text(client.get("/members/?q=Vietnam"))
    assert "1 participant." in page
    assert ">Viet Nam</a>" in page


def test_directory_filters_founding_observers_and_kind(client, db):
    assert f"{facts.FOUNDING_MEMBERS} participants." in text(client.get("/members/?founding=true"))
    assert f"{facts.OBSERVER_STATES} participants." in text(
        client.get("/members/?status=observer&kind=state")
    )


def test_directory_says_what_was_wrong_with_a_bad_filter(client, db):
    response = client.get("/members/?kind=planet&body=atlantis")
    assert response.status_code == 200
    page = text(response)
    assert "Select a valid choice" in page
    assert "0 participants." in page


def test_directory_survives_odd_input(client, db):
    for query in ["q=" + "x" * 10000, "q=%00", "q=%F0%9F%98%80", "founding=maybe", "sort=-nothing"]:
        assert client.get(f"/members/?{query}").status_code == 200


def test_unfiltered_directory_counts_its_participants_from_the_totals_by_kind_and_status(
    client, db
):
    factories.grow()
    held = Participant.objects.count()
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get("/members/?sort=kind"))
    assert f"{held} participants." in page
    assert not [q for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    # A filtered list is counted on its own.
    states = Participant.objects.filter(kind="state").count()
    assert f"{states} participants." in text(client.get("/members/?kind=state&sort=kind"))


def test_directory_queries_stay_constant_as_rows_grow(client, db):
    assert_constant_queries(client, "/members/", factories.grow)


def test_participant_page_shows_bodies_roles_meetings_variants_and_sources(client, db):
    page = text(client.get("/members/viet-nam/"))
    assert "<h1>Viet Nam</h1>" in page
    assert "ISO 3166 code VN" in page
    assert "founding member" in page
    assert "“Viet nam”" in page and "“Vietnam”" in page
    assert (
        'Working Group on the Disruption of People Smuggling and Trafficking in Persons Networks</a>: <span class="badge co-chair">co-chair</span> (since May 2024)'
        in page
    )
    assert "17th Bali Process Ad Hoc Group meeting</a> (2-3 May 2024): attendee" in page
    assert 'class="cite" href="/sources/rcp-profile/#p-' in page


def test_participant_page_shows_national_measures_and_figures(client, db):
    page = text(client.get("/members/indonesia/"))
    assert "<strong>Law No. 6 of 2011</strong> (2011), law, amending Law No. 9 of 1992." in page
    assert "<strong>291</strong> trafficking convictions (2008)" in page


def test_participant_page_notes_where_the_sources_differ(client, db):
    page = text(client.get("/meetings/bpmc-1/"))
    assert "The sources differ:" in page
    assert "February 2002" in page and "April 2002" in page


def test_participant_page_has_schema_org_json_ld(client, db):
    html = client.get("/members/viet-nam/").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Country"
    assert "Vietnam" in data["alternateName"]


def test_participant_page_queries_stay_constant_as_rows_grow(client, db):
    assert_constant_queries(client, "/members/australia/", factories.grow)


def test_unknown_participant_is_a_404(client, db):
    assert client.get("/members/atlantis/").status_code == 404


def test_person_page_lists_roles(client, db):
    page = text(client.get("/members/people/lynn-bell/"))
    assert (
        'Senior official co-chair of <a href="/groups/co-chairs/">Bali Process Co-Chairs</a>'
        in page
    )
    assert (
        'Co-chair of <a href="/meetings/ahg-17/">17th Bali Process Ad Hoc Group meeting</a>' in page
    )


def test_person_page_reads_every_citation_it_shows_in_one_query(client, db):
    # The record-page recipe (portal.views.records): the person, memberships, meeting roles, and
    # the citations of all three at once, besides the cache's check of the knowledge version.
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get("/members/people/lynn-bell/"))
    citations = [q for q in queries.captured_queries if 'FROM "sources_citation"' in q["sql"]]
    assert len(citations) == 1
    assert page.count('class="cites"') == 1 + 1 + 1  # the person, a membership, a meeting role


def test_record_pages_are_read_only(client, db):
    for path in [
        "/members/viet-nam/",
        "/members/people/lynn-bell/",
        "/groups/ad-hoc-group/",
        "/meetings/ahg-som-11/",
        "/documents/andaman-sea-review/",
        "/sources/rcp-profile/",
        "/disagreements/andaman-review-date/",
    ]:
        before = client.get(path).content
        for method in (client.post, client.put, client.delete, client.options):
            response = method(path)
            assert (path, response.status_code) == (path, 405)
            assert response["Allow"] == "GET, HEAD"
        assert client.get(path).content == before


def test_directory_shows_a_count_printed_twice_in_the_same_words_once_with_both_sources(client, db):
    original = StatedCount.objects.get(slug="rcp-observer-states")
    StatedCount.objects.create(
        slug="repeated-observer-states",
        subject=original.subject,
        value=original.value,
        wording=original.wording,
    ).citations.create(source_id="encyclopedia-article", passage=factories.PASSAGE)
    page = text(client.get("/members/"))
    assert page.count(f'“{original.wording}” <span class="cites">') == 1
    row = page[page.index("Observer states</th>") :][:2000]
    row = row[: row.index("</tr>")]
    assert 'href="/sources/rcp-profile/#p-' in row
    assert 'href="/sources/encyclopedia-article/#p-' in row


def test_directory_body_filter_becomes_a_text_box_when_bodies_are_too_many_to_list(
    client, db, monkeypatch
):
    monkeypatch.setattr(widgets, "SELECT_LIMIT", 3)
    page = client.get("/members/?body=ad-hoc-group").content.decode()
    box = re.search(r'<input[^>]*name="body"[^>]*>', page)[0]
    assert 'type="text"' in box and 'value="ad-hoc-group"' in box
    assert f'placeholder="a slug, e.g. {Body.objects.first().slug}"' in box
    assert '<select id="id_body"' not in page
    assert f"{facts.AD_HOC_GROUP_MEMBERS} participants." in text(
        client.get("/members/?body=ad-hoc-group")
    )
    assert "No body has the slug “atlantis”." in text(client.get("/members/?body=atlantis"))


def test_directory_body_filter_is_a_drop_down_while_bodies_are_few(client, db):
    page = client.get("/members/?body=ad-hoc-group").content.decode()
    assert re.search(r'<select[^>]*name="body"', page)
    assert '<option value="ad-hoc-group" selected>' in page


def test_host_country_drop_down_escapes_names_and_keeps_the_chosen_one(client, db):
    factories.participant(
        slug="fictional-land",
        name="Fish & <Chips> Land",
        kind="territory",
        status="observer",
        iso_code="QZ",
    )
    page = client.get("/meetings/?country=fictional-land").content.decode()
    assert '<option value="fictional-land" selected>Fish &amp; &lt;Chips&gt; Land</option>' in page
    assert '<option value="">Any country</option>' in page
    assert '<option value="australia">Australia</option>' in page
