"""Readers' reports: taking one in, and an editor's decision on it. Neither writes to the knowledge
base; the e-mails go after the report's transaction commits, and a mail server that is down only
logs (the queue in the admin holds every report)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from changes.models import Report
from core.addresses import client_address

logger = logging.getLogger(__name__)


class ReportThrottle(SimpleRateThrottle):
    """Reports a minute, hour or day from one address (settings.REPORTS_RATE), counted in the cache."""

    scope = "reports"

    def __init__(self):
        self.rate = settings.REPORTS_RATE
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


@transaction.atomic
def file_report(*, form, kind: str, record=None) -> Report:
    """Save a validated report form as a new report, and tell the editors once it is committed."""
    report = form.save(commit=False)
    report.kind = kind
    if record is not None:
        report.record_type = ContentType.objects.get_for_model(record)
        report.record_id = str(record.pk)
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: tell_editors(report))
    return report


@transaction.atomic
def decide(*, report: Report, status: str, note: str, duplicate_of, editor) -> Report:
    """An editor's decision; the reader hears it once, when the report first leaves "new"."""
    report.status = status
    report.editor_note = note
    report.duplicate_of = duplicate_of if status == Report.Status.DUPLICATE else None
    if status != Report.Status.NEW:
        report.decided_by, report.decided_at = editor, timezone.now()
    report.full_clean()
    report.save()
    if status != Report.Status.NEW and report.email and report.reader_told_at is None:
        transaction.on_commit(lambda: tell_reader(report))
    return report


def editors_addresses() -> list[str]:
    users = get_user_model().objects.with_perm(
        "changes.change_report",
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return sorted({user.email for user in users.filter(is_active=True) if user.email})


def admin_link(report: Report) -> str:
    return settings.SITE_URL + reverse("admin:changes_report_change", args=[report.pk])


def tell_editors(report: Report) -> None:
    recipients = editors_addresses()
    if not recipients:
        return
    about = f"{report.record_type.model} {report.record_id}" if report.record_id else "a new source"
    body = "\n\n".join(
        [
            f"A reader sent {report.get_kind_display()} ({about}).",
            f"What they wrote:\n{report.message}",
            *(
                [f"What it should say / what it would add:\n{report.correction}"]
                if report.correction
                else []
            ),
            *([f"Their source:\n{report.evidence}"] if report.evidence else []),
            f"Decide in the admin: {admin_link(report)}",
            "A report changes nothing by itself: make the change, with its citation, in the admin.",
        ]
    )
    _send(f"Report {report.pk}: {about}", body, recipients)


def tell_reader(report: Report) -> None:
    outcome = {
        Report.Status.ACCEPTED: "was accepted: the editors have corrected the portal, or will.",
        Report.Status.REJECTED: "was not accepted.",
        Report.Status.DUPLICATE: "repeats one the editors already had.",
    }[report.status]
    body = "\n\n".join(
        [
            "Thank you for writing to the Bali Process knowledge portal.",
            f"Your report of {report.created_at:%d %B %Y} {outcome}",
            *([f"The editors' note:\n{report.editor_note}"] if report.editor_note else []),
            f"What you wrote:\n{report.message}",
        ]
    )
    if _send("Your report to the Bali Process knowledge portal", body, [report.email]):
        Report.objects.filter(pk=report.pk).update(reader_told_at=timezone.now())


def _send(subject: str, body: str, recipients: list[str]) -> bool:
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # SMTP and socket errors alike: the report is saved, the queue shows it
        logger.exception("Could not send the e-mail %r", subject)
        return False
    return True
