import sqlite3
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, DataError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# SQLSTATE classes of a PostgreSQL server that is unreachable, shutting down
# or out of resources: 08 connection exception, 53 insufficient resources,
# 57 operator intervention, 58 system error. Any other code means the server
# answered and refused the statement.
POSTGRES_OUTAGE_CLASSES = {"08", "53", "57", "58"}
# SQLite's primary result codes for a database file that is busy, locked,
# unreadable or full, as opposed to SQLITE_ERROR for a statement it refuses
# (no such table, too many variables).
SQLITE_OUTAGE_CODES = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
    sqlite3.SQLITE_NOTADB,
}


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
@require_safe
def healthz(request):
    """200 when the database (and Redis, if configured) answer, 503 otherwise;
    says nothing else, needs no login."""
    healthy = _database_answers() and (not settings.REDIS_URL or _cache_answers())
    return JsonResponse({"status": "ok" if healthy else "unavailable"}, status=200 if healthy else 503)


def database_is_out(error):
    """True when error says the database cannot be reached or cannot work just
    now (a 503 to retry), False when it refused one statement: bad input or a
    bug, which monitoring must not read as an outage."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False  # DataError, IntegrityError, ProgrammingError...
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        # No connection to lose: only a database file that is busy, locked,
        # unreadable or full is an outage.
        code = getattr(cause, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in SQLITE_OUTAGE_CODES  # low byte: the primary code
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in POSTGRES_OUTAGE_CLASSES
    # No code from the server: the driver lost the connection or never made one.
    return True


def bad_request_page(message):
    return HttpResponse(loader.render_to_string("400.html", {"message": message}), status=400)


def server_error(request):
    """handler500: only chooses what the visitor sees. Django logs the exception
    with its traceback whatever this answers (config/logging.py)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and database_is_out(error):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    if isinstance(error, DataError):
        # A value the database cannot hold (out of range, a character it refuses)
        # that no form caught: the request's fault, logged as a missing check.
        return bad_request_page(
            "A value in this request cannot be stored. Check what was entered and try again."
        )
    return HttpResponse(loader.render_to_string("500.html"), status=500)
