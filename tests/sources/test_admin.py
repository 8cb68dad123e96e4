"""The editorial workflow in the admin, common to every record."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.editors import EDITORS_GROUP
from knowledge.loading import load_knowledge
from meetings.models import Meeting
from sources import admin as source_admin
from sources.models import KNOWLEDGE_APPS, SentenceMark, Tombstone
from tests import factories
from tests.helpers import admin_form
from workinggroups.models import Membership

KNOWLEDGE_ADMINS = sorted(
    (
        model
        for model in admin.site._registry
        # Tombstones are written by deletions only (tests/knowledge/test_loading.py); sentence marks
        # have their own tests (tests/sources/test_coverage.py).
        if model._meta.app_label in KNOWLEDGE_APPS and model not in (Tombstone, SentenceMark)
    ),
    key=lambda model: model._meta.label,
)


def admin_url(model, page, obj=None):
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return {"changelist": base, "add": f"{base}add/"}.get(page) or f"{base}{obj.pk}/{page}/"


@pytest.mark.parametrize("model", KNOWLEDGE_ADMINS, ids=lambda m: m._meta.label)
def test_every_admin_page_opens_for_an_editor(editor_client, model):
    obj = model.objects.first()
    pages = ["changelist", "change", "history"] + (
        [] if model._meta.model_name == "source" else ["add"]
    )
    for page in pages:
        response = editor_client.get(admin_url(model, page, obj))
        assert response.status_code == 200, (page, response.status_code)


@pytest.mark.parametrize(
    "label",
    [
        "members.Participant",
        "workinggroups.Membership",
        "meetings.Meeting",
        "meetings.MeetingRole",
        "sources.Citation",
    ],
)
def test_changelists_cost_the_same_queries_as_rows_grow(editor_client, label):
    model = next(m for m in KNOWLEDGE_ADMINS if m._meta.label == label)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(admin_url(model, "changelist") + "?o=-1").status_code == 200
        return len(queries)

    before = count()
    factories.grow(60)
    assert count() == before


def test_a_related_filter_lists_its_records_while_few_then_takes_a_slug(editor_client, monkeypatch):
    url = "/admin/workinggroups/membership/"
    few = editor_client.get(url).content.decode()
    assert '<a href="?body__slug__exact=ad-hoc-group">Ad Hoc Group</a>' in few
    assert 'name="body__slug__exact"' not in few

    monkeypatch.setattr(source_admin, "SELECT_LIMIT", 5)
    many = editor_client.get(url + "?role__exact=co-chair").content.decode()
    assert '<a href="?body__slug__exact=ad-hoc-group">' not in many
    assert '<input type="text" id="filter-body__slug__exact" name="body__slug__exact"' in many
    assert '<input type="hidden" name="role__exact" value="co-chair">' in many, "other filters kept"

    filtered = editor_client.get(url + "?body__slug__exact=ad-hoc-group")
    shown = filtered.context["cl"].result_count
    assert shown == Membership.objects.filter(body="ad-hoc-group").count() > 0
    assert 'value="ad-hoc-group"' in filtered.content.decode()


def test_editors_cannot_administer_users(editor_client, editor):
    users = get_user_model().objects
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    added = editor_client.post(
        "/admin/auth/user/add/",
        {"username": "mallory", "password1": "a-long-pass-1", "password2": "a-long-pass-1"},
    )
    raised = editor_client.post(
        f"/admin/auth/user/{editor.pk}/change/",
        {"username": "edith", "is_staff": "on", "is_superuser": "on"},
    )
    assert (added.status_code, raised.status_code) == (403, 403)
    assert list(users.values_list("username", "is_superuser")) == [("edith", False)]


def meeting_form(client, slug="ahg-som-9"):
    return admin_form(client, f"/admin/meetings/meeting/{slug}/change/", "meeting_form")


def test_an_admin_change_is_marked_kept_by_a_reload_and_in_the_history(editor_client):
    data = meeting_form(editor_client)
    assert data["when"] == "2015-05"
    data["city"] = "Wellington"
    response = editor_client.post("/admin/meetings/meeting/ahg-som-9/change/", data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    meeting = Meeting.objects.get(pk="ahg-som-9")
    assert (meeting.city, meeting.edited_by_hand) == ("Wellington", True)
    assert meeting.history.first().history_user.username == "edith"

    assert load_knowledge().kept == ["meeting ahg-som-9"]
    assert Meeting.objects.get(pk="ahg-som-9").city == "Wellington"

    history = editor_client.get("/admin/meetings/meeting/ahg-som-9/history/").content.decode()
    assert "Auckland" in history and "Wellington" in history  # the diff of the change
    assert "Loaded from the knowledge base" in history


def test_reverting_from_the_history_brings_the_old_value_back(editor_client):
    data = meeting_form(editor_client)
    data["city"] = "Wellington"
    editor_client.post("/admin/meetings/meeting/ahg-som-9/change/", data)
    original = Meeting.history.filter(slug="ahg-som-9").earliest("history_date")
    url = f"/admin/meetings/meeting/ahg-som-9/history/{original.history_id}/"
    data = admin_form(editor_client, url, "historicalmeeting_form")
    assert data["city"] == "Auckland"
    assert editor_client.post(url, data).status_code == 302
    assert Meeting.objects.get(pk="ahg-som-9").city == "Auckland"


def test_saving_a_record_without_a_citation_warns_the_editor(editor_client):
    data = admin_form(editor_client, "/admin/members/person/add/", "person_form")
    data.update(slug="jane-doe", name="Jane Doe", title="Rapporteur")
    response = editor_client.post("/admin/members/person/add/", data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("has no citation yet" in m for m in messages), messages


def test_saving_with_a_citation_does_not_warn(editor_client):
    data = admin_form(editor_client, "/admin/members/person/add/", "person_form")
    prefix = "sources-citation-content_type-object_id"
    data.update(slug="jane-doe", name="Jane Doe", title="Rapporteur")
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-source": "encyclopedia-article",
            f"{prefix}-0-passage": "The Bali Process is a non-binding, international forum",
            f"{prefix}-0-locator": "",
        }
    )
    response = editor_client.post("/admin/members/person/add/", data, follow=True)
    assert not any("has no citation" in str(m) for m in response.context["messages"])
    from members.models import Person

    assert Person.objects.get(pk="jane-doe").citations.count() == 1


def test_a_citation_not_in_its_source_is_refused_in_the_admin(editor_client):
    data = admin_form(editor_client, "/admin/members/person/add/", "person_form")
    prefix = "sources-citation-content_type-object_id"
    data.update(slug="jane-doe", name="Jane Doe")
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-source": "rcp-profile",
            f"{prefix}-0-passage": "Made up.",
        }
    )
    response = editor_client.post("/admin/members/person/add/", data)
    assert response.status_code == 200
    assert "This passage does not occur in" in response.content.decode()


@pytest.mark.parametrize(
    "when,message",
    [
        ("2015-13", "has no month 13"),
        ("2015--03", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2015-02-30", "is not a date: February 2015 has 28 days."),
        ("2024-05-03/2024-05-02", "cannot end before it starts"),
        ("2024-05/2024-06", "A span gives two full dates"),
    ],
)
def test_meeting_dates_are_validated_with_a_readable_message(editor_client, when, message):
    data = meeting_form(editor_client)
    data["when"] = when
    response = editor_client.post("/admin/meetings/meeting/ahg-som-9/change/", data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_meeting_date_may_be_a_span_of_days(editor_client):
    data = meeting_form(editor_client)
    data["when"] = "2015-05-04/2015-05-06"
    assert editor_client.post("/admin/meetings/meeting/ahg-som-9/change/", data).status_code == 302
    assert Meeting.objects.get(pk="ahg-som-9").date_display == "4-6 May 2015"


@pytest.mark.parametrize(
    "since,until,message",
    [
        ("2020", "2019", "The role cannot end before it starts."),
        (
            "2005",
            "",
            "The role starts before Regional Immigration Liaison Officer Network was established (2011).",
        ),
    ],
)
def test_membership_periods_are_validated(editor_client, since, until, message):
    url = "/admin/workinggroups/membership/rilon--australia--co-chair/change/"
    data = admin_form(editor_client, url, "membership_form")
    data.update(since_text=since, until_text=until)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_adding_a_duplicate_slug_is_refused(editor_client):
    data = admin_form(editor_client, "/admin/members/person/add/", "person_form")
    data.update(slug="lynn-bell", name="Another Lynn Bell")
    response = editor_client.post("/admin/members/person/add/", data)
    assert response.status_code == 200
    assert "Person with this Slug already exists." in response.content.decode()


def test_deleting_a_record_others_rely_on_is_refused_with_the_list(editor_client):
    html = editor_client.get("/admin/members/participant/australia/delete/").content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "Australia – co-chair of Bali Process Co-Chairs" in html


def test_deleting_a_meeting_lists_what_goes_before_confirming(editor_client):
    html = editor_client.get("/admin/meetings/meeting/ahg-17/delete/").content.decode()
    assert "Are you sure" in html
    assert "Lynn Bell – co-chair of 17th Bali Process Ad Hoc Group meeting" in html


def test_export_selected_rows_to_csv(editor_client):
    response = editor_client.post(
        "/admin/meetings/meeting/",
        {"action": "export_csv", "_selected_action": ["ahg-som-9", "ahg-som-11"]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("slug,edited_by_hand,updated_at,title")
    assert len(lines) == 3


def test_duplicate_a_meeting_as_the_next_of_its_series(editor_client):
    response = editor_client.post(
        "/admin/meetings/meeting/",
        {"action": "duplicate_as_next", "_selected_action": ["ahg-som-12"]},
        follow=True,
    )
    draft = Meeting.objects.get(pk="ahg-som-13")
    assert (draft.series, draft.ordinal, draft.date_display) == ("ad-hoc-group", 13, "2018")
    assert any("Created" in str(m) for m in response.context["messages"])


def test_login_is_locked_after_five_failures_and_opens_after_the_cool_off(client, editor):
    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        client.post("/admin/login/", {"username": "edith", "password": "wrong"})
    locked = client.post(
        "/admin/login/", {"username": "edith", "password": "a-long-editor-password"}
    )
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()

    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=2))
    opened = client.post(
        "/admin/login/", {"username": "edith", "password": "a-long-editor-password"}
    )
    assert opened.status_code == 302


def test_create_editor_command(db, monkeypatch, capsys):
    monkeypatch.setenv("PW", "a-long-enough-password-1")
    call_command("create_editor", "ed", password_from_env="PW")
    user = get_user_model().objects.get(username="ed")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert user.has_perm("meetings.change_meeting")
    assert not user.has_perm("auth.change_user")
    monkeypatch.setenv("PW", "short")
    with pytest.raises(CommandError, match="too weak"):
        call_command("create_editor", "ed2", password_from_env="PW")
    get_user_model().objects.create_superuser("root", password="a-long-root-password")
    with pytest.raises(CommandError, match="is a superuser"):
        call_command("create_editor", "root")


@pytest.mark.parametrize(
    "change,message",
    [
        ({"object_id": "atlantis"}, "There is no meeting with the slug “atlantis”."),
        ({"object_id": "AHG-SOM-9"}, "There is no meeting with the slug “AHG-SOM-9”."),
        ({"content_type": "user"}, "Cite passages for records of the knowledge base only."),
    ],
)
def test_a_citation_for_a_record_that_does_not_exist_is_refused(editor_client, change, message):
    from django.contrib.contenttypes.models import ContentType

    from sources.models import Citation

    citation = Citation.objects.filter(content_type__model="meeting", object_id="ahg-som-9").first()
    before = (citation.content_type_id, citation.object_id)
    url = f"/admin/sources/citation/{citation.pk}/change/"
    data = admin_form(editor_client, url, "citation_form")
    if change.get("content_type") == "user":
        change = {"content_type": str(ContentType.objects.get(model="user").pk)}
    data.update(change)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    citation.refresh_from_db()
    assert (citation.content_type_id, citation.object_id) == before
