"""The health check: the cheapest view that still proves the database answers."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "reason": f"database unavailable: {error.__class__.__name__}"},
            status=503,
        )
    return JsonResponse({"status": "ok"})
