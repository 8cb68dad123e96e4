import re


def test_home_extends_the_base_template_with_navigation(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Members", "Groups", "Meetings", "Documents", "API"]:
        assert f">{label}</a>" in html
    assert '<footer class="site-footer">' in html
    assert "base.html" in [t.name for t in response.templates]


def test_unknown_address_gets_the_portal_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_counts_members_observers_bodies_and_meetings(client, db):
    from meetings.models import Meeting
    from members.models import Participant
    from workinggroups.models import Body

    html = client.get("/").content.decode()
    counted = {
        "member states and territories": Participant.objects.states().members().count(),
        "member organisations": Participant.objects.members()
        .filter(kind="international-organisation")
        .count(),
        "observer states": Participant.objects.states().observers().count(),
        "bodies": Body.objects.count(),
        "meetings recorded": Meeting.objects.count(),
    }
    for label, number in counted.items():
        assert re.search(rf"<strong>{number}</strong> <a [^>]*>{label}</a>", html), label
    assert counted["member states and territories"] > counted["observer states"] > 0
