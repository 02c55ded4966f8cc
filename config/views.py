import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        connection.close()
        return False


def _cache_answers():
    try:
        cache.set("healthz", "ok", 5)
        return cache.get("healthz") == "ok"
    except Exception:  # the Redis client raises its own connection errors
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database (and Redis, if configured) answer, 503 otherwise;
    says nothing else, needs no login."""
    healthy = _database_answers() and (not settings.REDIS_URL or _cache_answers())
    return JsonResponse({"status": "ok" if healthy else "unavailable"}, status=200 if healthy else 503)


def server_error(request):
    """handler500: a database that stopped answering is a 503 to retry, not a bug."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
