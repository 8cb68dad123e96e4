"""Structured logs: one JSON object per line, for requests and for authentication events."""

import json
import logging
import time

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

request_log = logging.getLogger("baliportal.requests")
auth_log = logging.getLogger("baliportal.auth")

# Record attributes that are the logging module's own, not the event's.
STANDARD_ATTRIBUTES = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        event.update(
            {
                k: v
                for k, v in record.__dict__.items()
                if k not in STANDARD_ATTRIBUTES and not k.startswith("_")
            }
        )
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """Log each request's method, path (without query string), status, duration and user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    # Only the username: Django already masks the password, and we do not log it at all.
    auth_log.warning(
        "login failed",
        extra={"username": credentials.get("username"), "path": getattr(request, "path", None)},
    )


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    auth_log.info("login", extra={"user_id": user.pk, "path": request.path})
