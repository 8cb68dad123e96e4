import re

from members.models import Participant
from portal.views import workinggroups as views
from tests import factories
from tests import knowledge_facts as facts
from tests.helpers import assert_constant_queries, text
from workinggroups.models import Body


def test_groups_page_shows_the_structure_as_a_tree(client, db):
    page = text(client.get("/groups/"))
    ahg = page.index(">Ad Hoc Group</a>")
    tip = page.index(">Working Group on Trafficking in Persons</a>")
    assert ahg < tip
    # The working group is nested inside the AHG's list item.
    assert page[ahg:tip].count("<ul>") == 1


def test_body_page_shows_mandate_parent_chairs_members_and_offices(client, db):
    page = text(client.get("/groups/regional-support-office/"))
    assert "<h1>Regional Support Office (RSO)</h1>" in page
    assert 'Sits under</dt><dd><a href="/groups/co-chairs/">Bali Process Co-Chairs</a>' in page
    assert "<dt>Established</dt><dd>2012</dd>" in page
    assert "accumulation of common technical resources; and" in page
    assert "Level 27, Rajanakarn Building" in page
    assert ">David Scott</a>" in page


def test_body_page_members_as_of_a_date(client, db):
    page = text(client.get("/groups/working-group-disruption-of-networks/?as_of=2015-06-01"))
    assert "As of 1 June 2015" in page
    chairs = page[page.index('id="chairs"') : page.index('id="memberships"')]
    assert (
        '>Sri Lanka</a>: co-chair (until 2019) <span class="badge member">on 1 June 2015</span>'
        in chairs
    )
    assert '>Viet Nam</a>: co-chair (since May 2024) <span class="badge' not in chairs


def test_body_page_as_of_today_by_default(client, db):
    page = text(client.get("/groups/working-group-disruption-of-networks/"))
    assert (
        '>Viet Nam</a>: co-chair (since May 2024) <span class="badge member">current</span>' in page
    )


def test_body_page_explains_a_bad_as_of_date(client, db):
    response = client.get("/groups/ad-hoc-group/?as_of=2015-13-45")
    assert response.status_code == 200
    page = text(response)
    assert "Enter a date as YYYY-MM-DD" in page
    assert f"As of today: {facts.AD_HOC_GROUP_MEMBERS} members" in page


def test_body_page_shows_the_ahg_count_disagreement(client, db):
    page = text(client.get("/groups/ad-hoc-group/"))
    assert "The profile says the AHG has 15 member states" in page


def test_body_page_queries_stay_constant_as_rows_grow(client, db):
    assert_constant_queries(client, "/groups/ad-hoc-group/?as_of=2020-01-01", factories.grow)


def test_groups_page_pages_its_top_level_bodies_each_with_all_below_it(client, db, monkeypatch):
    monkeypatch.setattr(views, "TREES_PER_PAGE", 2)
    pages = [client.get(f"/groups/?page={n}").content.decode() for n in (1, 2, 3)]
    links = [re.findall(r'<li><a href="(/groups/[^"]+)"', page) for page in pages]
    assert sorted(link for on_page in links for link in on_page) == sorted(
        body.get_absolute_url() for body in Body.objects.all()
    )
    ahg = next(page for page in pages if ">Ad Hoc Group</a>" in page)
    assert ">Working Group on Trafficking in Persons</a>" in ahg
    assert client.get("/groups/?page=4").status_code == 404


def test_matrix_marks_who_is_where(client, db):
    page = text(client.get("/groups/matrix/"))
    row = page[page.index(">New Zealand</a>") :]
    row = row[: row.index("</tr>")]
    assert row.count('class="badge co-chair"') == 1  # the disruption working group
    assert row.count('class="badge member"') >= 2  # Steering Group and AHG


def test_matrix_shows_a_page_of_rows_against_the_bodies_they_belong_to(client, db, monkeypatch):
    monkeypatch.setattr(views, "MATRIX_ROWS", 10)
    rows = list(Participant.objects.exclude(status="partner"))
    first, second = client.get("/groups/matrix/"), client.get("/groups/matrix/?page=2")
    for response, shown in [(first, rows[:10]), (second, rows[10:20])]:
        assert response.status_code == 200
        heads = re.findall(r'<th scope="row"><a href="([^"]+)"', response.content.decode())
        assert heads == [participant.get_absolute_url() for participant in shown]
        columns = re.findall(r'<th scope="col"><a href="([^"]+)"', response.content.decode())
        belonged = Body.objects.filter(memberships__participant__in=shown).distinct()
        assert columns == [body.get_absolute_url() for body in belonged]
    assert "Page 2 of" in text(second) and 'rel="prev"' in second.content.decode()
    assert client.get("/groups/matrix/?page=99").status_code == 404
    assert client.get("/groups/matrix/?page=first").status_code == 404


def test_matrix_queries_stay_constant_as_rows_grow(client, db):
    assert_constant_queries(client, "/groups/matrix/", factories.grow)


def test_unknown_body_is_a_404(client, db):
    assert client.get("/groups/nothing-here/").status_code == 404
