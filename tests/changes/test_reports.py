"""Readers' reports: the form (no account, CSRF, honeypot, limits, rate), the admin queue's states,
the e-mails, the page cache, and a backup; a report never changes the knowledge base."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client

from changes.models import PublicName, Report
from knowledge.editors import make_editor
from sources.models import KnowledgeVersion
from workinggroups.models import Body

URL = "/report/body/ad-hoc-group/"
GOOD = {
    "message": "The Ad Hoc Group was established in 2009, not 2008.",
    "correction": "Established in 2009.",
    "evidence": "https://www.baliprocess.net/ad-hoc-group/",
    "email": "reader@example.org",
    "website": "",
}


def history_rows():
    return Body.history.count()


def test_report_form_needs_no_account_and_files_a_new_report(client, editor, committing):
    page = client.get(URL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="hp"' in html and 'name="website"' in html
    version, rows = KnowledgeVersion.current(), history_rows()

    with committing(execute=True):
        response = client.post(URL, GOOD)
    assert (response.status_code, response["Location"]) == (302, "/report/sent/")
    report = Report.objects.get()
    assert (report.kind, report.status, report.record, report.message) == (
        "error",
        "new",
        Body.objects.get(pk="ad-hoc-group"),
        GOOD["message"],
    )
    # Nothing in the knowledge base moved.
    assert (KnowledgeVersion.current(), history_rows()) == (version, rows)
    assert Body.objects.get(pk="ad-hoc-group").established.year == 2009

    [message] = mail.outbox
    assert message.to == ["edith.private@example.org"]
    assert message.subject == f"Report {report.pk}: body ad-hoc-group"
    assert GOOD["message"] in message.body
    assert f"/admin/changes/report/{report.pk}/change/" in message.body
    assert "Thank you" in client.get("/report/sent/").content.decode()


def test_report_form_refuses_a_post_without_its_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, GOOD).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "sentence"),
    [
        ({"message": ""}, "message", "This field is required."),
        ({"message": "   "}, "message", "This field is required."),
        ({"message": "x" * 2001}, "message", "at most 2000 characters (it has 2001)"),
        ({"correction": "x" * 2001}, "correction", "at most 2000 characters"),
        (
            {"evidence": "javascript:alert(1)"},
            "evidence",
            "looks like a web address but is not one",
        ),
        ({"evidence": "http://"}, "evidence", "looks like a web address but is not one"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "a@" + "b" * 260 + ".org"}, "email", "at most 254 characters"),
        ({"website": "http://spam.example"}, "website", "must stay empty"),
        ({"message": "bad\u0000text"}, "message", "Null characters are not allowed."),
        ({"message": "bad\u0007bell"}, "message", "control character"),
    ],
)
def test_report_form_refuses_bad_input_with_a_sentence_and_saves_nothing(
    client, db, change, field, sentence
):
    response = client.post(URL, {**GOOD, **change})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert sentence in errors
    assert "This was not sent." in response.content.decode()
    assert not Report.objects.exists()
    assert mail.outbox == []


def test_report_form_keeps_a_quotation_as_a_source(client, db):
    quotation = (
        "“The Ad Hoc Group was established in 2009” (Regional Support Office, 2019 annual report)"
    )
    assert client.post(URL, {**GOOD, "evidence": quotation}).status_code == 302
    assert Report.objects.get().evidence == quotation


def test_report_form_of_an_unknown_record_is_a_404(client, db):
    assert client.post("/report/body/no-such-body/", GOOD).status_code == 404
    assert client.post("/report/nonsense/ad-hoc-group/", GOOD).status_code == 404
    assert not Report.objects.exists()


def test_report_form_limits_reports_from_one_address(client, db, settings):
    settings.REPORTS_RATE = "2/hour"
    for _ in range(2):
        assert client.post(URL, GOOD).status_code == 302
    refused = client.post(URL, GOOD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 3000
    assert (
        "the portal takes at most 2 reports an hour from one address. Please try again in 60 minutes"
        in refused.content.decode()
    )
    assert Report.objects.count() == 2
    # Another address is its own count.
    assert client.post(URL, GOOD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_report_text_is_never_rendered_as_html(client, editor, db):
    attack = '<script>alert("x")</script><a href="https://evil.example">click</a>'
    assert client.post(URL, {**GOOD, "message": attack, "correction": attack}).status_code == 302
    report = Report.objects.get()
    editor_client = Client()
    editor_client.force_login(editor)
    for url in [
        "/admin/changes/report/",
        f"/admin/changes/report/{report.pk}/change/",
        "/admin/workinggroups/body/ad-hoc-group/history/",
    ]:
        page = editor_client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "<script>alert" not in html and 'href="https://evil.example"' not in html, url
        assert "&lt;script&gt;alert" in html, url


def decide_in_admin(client, report, **values):
    data = {"status": "new", "editor_note": "", "duplicate_of": "", **values}
    return client.post(f"/admin/changes/report/{report.pk}/change/", data)


def test_report_queue_accepts_and_tells_the_reader_once(client, editor, editor_client, committing):
    client.post(URL, GOOD)
    report = Report.objects.get()
    with committing(execute=True):
        response = decide_in_admin(
            editor_client,
            report,
            status="accepted",
            editor_note="Corrected, citing the RSO's page.",
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.decided_by, report.editor_note) == (
        "accepted",
        editor,
        "Corrected, citing the RSO's page.",
    )
    [told] = mail.outbox
    assert told.to == ["reader@example.org"]
    assert "was accepted" in told.body and "Corrected, citing the RSO's page." in told.body
    assert report.reader_told_at is not None

    with committing(execute=True):
        decide_in_admin(editor_client, report, status="rejected", editor_note="On second thoughts.")
    assert len(mail.outbox) == 1  # the reader hears once
    assert Report.objects.get().status == "rejected"


def test_report_queue_marks_a_duplicate_and_refuses_a_stray_link(client, editor_client, committing):
    client.post(URL, GOOD)
    client.post(URL, {**GOOD, "email": ""})
    first, second = Report.objects.order_by("pk")
    with committing(execute=True):
        response = decide_in_admin(editor_client, second, status="duplicate", duplicate_of=first.pk)
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("duplicate", first)
    assert mail.outbox == []  # no address left
    # Only a duplicate names the report it repeats.
    response = decide_in_admin(editor_client, second, status="rejected", duplicate_of=first.pk)
    assert response.status_code == 200
    assert "Only a report marked duplicate names the report it repeats." in str(
        response.context["adminform"].form.errors
    )
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("duplicate", first)


def test_report_queue_refuses_an_unknown_status_and_reports_added_by_hand(client, editor_client):
    client.post(URL, GOOD)
    report = Report.objects.get()
    response = decide_in_admin(editor_client, report, status="deleted")
    assert response.status_code == 200
    assert "Select a valid choice." in str(response.context["adminform"].form.errors["status"])
    assert Report.objects.get().status == "new"
    assert editor_client.get("/admin/changes/report/add/").status_code == 403


def test_report_queue_is_closed_to_readers_and_plain_users(client, db):
    user = get_user_model().objects.create_user(
        "plain", password="a-long-user-password", is_staff=True
    )
    client.force_login(user)
    assert client.get("/admin/changes/report/").status_code == 403


def test_report_mail_failure_keeps_the_report(client, editor, settings, caplog, committing):
    settings.EMAIL_BACKEND = "tests.changes.test_reports.BrokenBackend"
    with committing(execute=True):
        assert client.post(URL, GOOD).status_code == 302
    assert Report.objects.count() == 1
    assert "Could not send the e-mail" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_suggest_a_source_files_a_source_report(client, db):
    page = client.get("/documents/")
    assert (
        '<a href="/report/suggest-a-source/" rel="nofollow">Suggest a source</a>'
        in page.content.decode()
    )
    bad = client.post(
        "/report/suggest-a-source/",
        {"message": "The 2023 Adelaide declaration", "evidence": "not a url"},
    )
    assert bad.status_code == 400
    assert "Give the document's web address" in " ".join(bad.context["form"].errors["evidence"])
    missing = client.post("/report/suggest-a-source/", {"message": "A document", "evidence": ""})
    assert missing.status_code == 400
    assert not Report.objects.exists()
    good = client.post(
        "/report/suggest-a-source/",
        {
            "message": "The 2023 Adelaide declaration",
            "evidence": "https://www.baliprocess.net/x.pdf",
        },
    )
    assert good.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.record_id, report.record_type) == ("source", "", None)


def test_report_form_is_never_cached_with_someones_token(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get(URL)
    token = first.cookies["csrftoken"].value
    other = Client()
    second = other.get(URL)
    assert second.cookies["csrftoken"].value != token
    assert first.context is not None and second.context is not None  # both rendered
    # The record page, which links to the form, is still cached.
    Client().get("/groups/ad-hoc-group/")
    assert Client().get("/groups/ad-hoc-group/").context is None


def test_changes_are_visible_on_the_next_request_with_the_cache_on(
    client, editor, editor_api, settings, committing
):
    settings.PAGE_CACHE_SECONDS = 600
    assert "Wellington" not in client.get("/changes/").content.decode()
    client.get("/meetings/ahg-som-9/history/feed.atom")
    with committing(execute=True):
        editor_api.patch("/api/v1/meetings/ahg-som-9/", {"city": "Wellington"}, format="json")
    assert "<ins>Wellington</ins>" in client.get("/changes/").content.decode()
    assert "Wellington" in client.get("/meetings/ahg-som-9/history/feed.atom").content.decode()
    # A public name chosen later shows at once too.
    assert "by an editor" in client.get("/changes/").content.decode()
    admin = Client()
    admin.force_login(editor)
    with committing(execute=True):
        response = admin.post("/admin/changes/publicname/add/", {"name": "Edith R."})
    assert response.status_code == 302
    assert PublicName.objects.get().user == editor
    assert "by Edith R." in client.get("/changes/").content.decode()


def test_public_name_refuses_the_historys_own_words(editor, client):
    client.force_login(editor)
    response = client.post(
        "/admin/changes/publicname/add/", {"name": "A reload of the  knowledge base"}
    )
    assert response.status_code == 200
    assert not PublicName.objects.exists()


@pytest.fixture
def committed_knowledge(transactional_db):
    call_command("load_knowledge", verbosity=0)


def test_report_survives_backup_and_restore(committed_knowledge, client, tmp_path):
    editor = make_editor(
        get_user_model().objects.create_user("edith", password="a-long-editor-password")
    )
    PublicName.objects.create(user=editor, name="Edith R.")
    client.post(URL, GOOD)
    Report.objects.update(status="accepted", editor_note="Done.", decided_by=editor)
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    call_command("flush", interactive=False, verbosity=0)
    assert not Report.objects.exists()
    call_command("restore", str(path))
    report = Report.objects.get()
    assert (report.message, report.status, report.decided_by.username, report.record) == (
        GOOD["message"],
        "accepted",
        "edith",
        Body.objects.get(pk="ad-hoc-group"),
    )
    assert PublicName.objects.get().user.username == "edith"
