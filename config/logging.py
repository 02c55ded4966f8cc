"""Error records as one JSON object per line, for whatever collects stderr.

Django logs every unhandled exception on `django.request` with the request and
the response's status in the record. Only the request's path, method and user
id are written: never its query string, body, cookies or headers, which may
carry passwords, session keys and CSRF tokens.
"""

import json
import logging
import sys
from datetime import UTC, datetime

from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None:
            entry["path"] = getattr(request, "path", None)
            entry["method"] = getattr(request, "method", None)
            entry["user_id"] = loaded_user_id(request)
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes CR, LF and every other control character: one record, one line.
        return json.dumps(entry, default=str)


def loaded_user_id(request):
    """The id of the user the request already loaded, or None.

    Never loads one: an error during a database outage must still be logged,
    and a log line is no reason for a query."""
    user = request.__dict__.get("user")
    if type(user) is SimpleLazyObject:  # AuthenticationMiddleware's, loaded on first read
        user = request.__dict__.get("_cached_user")
    return getattr(user, "pk", None)


class StderrHandler(logging.StreamHandler):
    """A StreamHandler on sys.stderr as it is when a record is written, not when
    logging was configured, so a server or a test that swaps stderr receives it."""

    def __init__(self, level=logging.NOTSET):
        logging.Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr


class UnhandledErrorsFilter(logging.Filter):
    """On `django.request`: errors (5xx), and any answer to an exception the
    database raised, which config.views.server_error may turn into a 400 but
    which still shows input that no validation caught. Plain 4xx answers
    (not found, forbidden) are left out."""

    def filter(self, record):
        if record.levelno >= logging.ERROR:
            return True
        error = record.exc_info[1] if record.exc_info else None
        return isinstance(error, DatabaseError)


def init_sentry(dsn):
    """Report unhandled exceptions to Sentry as well (prod.py, when SENTRY_DSN
    is set), with the same reticence as the log lines above."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        # Sentry's scrubber matches whole names only: "new_password1" in a posted
        # form or a frame's locals would go out as typed.
        max_request_body_size="never",
        include_local_variables=False,
        before_send=without_request_values,
    )


# Request headers worth having in a report; the rest (CSRF tokens, a Referer's
# query string, proxies' own headers) stay here.
SENTRY_HEADERS = {"host", "user-agent", "accept", "content-type", "content-length", "hx-request"}


def without_request_values(event, hint):
    """Sentry's before_send: no query string, cookies, body or other headers
    leave the process."""
    request = event.get("request")
    if request:
        for key in ("query_string", "cookies", "data"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() in SENTRY_HEADERS
        }
    return event
