import logging
import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

SESSION_STARTED = "session_started_at"
SESSION_SEEN = "session_seen_at"
# Renewing the idle timer costs a session write; once a minute is plenty.
TOUCH_EVERY_SECONDS = 60


def mark_session_start(sender, request, user, **kwargs):
    """user_logged_in receiver: the absolute session limit counts from here."""
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


class SessionLimitsMiddleware:
    """Logged-in sessions end after SESSION_COOKIE_AGE idle (renewed as the user
    works) and after SESSION_ABSOLUTE_LIMIT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED, now)
            if now - started > settings.SESSION_ABSOLUTE_LIMIT:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SESSION_SEEN, 0) >= TOUCH_EVERY_SECONDS:
                request.session[SESSION_STARTED] = started
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages may show unannounced plans: no browser or proxy cache keeps them.
    Static files are served before this runs and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class HealthCheckMiddleware:
    """Answers /healthz before sessions and users are loaded, so a probe that
    carries a cookie still gets the plain JSON answer while the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            from .views import healthz

            return healthz(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """No page here needs a camera, microphone, location or payment: turned off
    for the page and anything it might embed."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class HeadAsGetMiddleware:
    """HEAD answers exactly as GET would, without the body (RFC 9110, 9.3.2).

    Views say `require_GET`; rather than each also admitting HEAD, the view
    sees a GET and the body is dropped here, as Django's own class-based views
    do for a view with no head()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


# What no database here can store: PostgreSQL refuses NUL in text, and a lone
# surrogate has no UTF-8 encoding at all. Every other character is stored as sent.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
API_PREFIX = "/api/"  # the JSON API (api/), whose refusals are JSON too
refusal_logger = logging.getLogger("django.security.UnstorableInput")


def _unstorable_part(request):
    """The part of the request carrying an unstorable character, or None."""
    if UNSTORABLE.search(request.path_info):
        return "address"
    for key, values in request.GET.lists():
        if UNSTORABLE.search(key) or any(UNSTORABLE.search(value) for value in values):
            return "query string"
    for key, value in request.META.items():
        if key.startswith("HTTP_") and key != "HTTP_COOKIE" and UNSTORABLE.search(value):
            return "headers"
    return None


class UnstorableInputMiddleware:
    """A NUL byte (or a lone surrogate) in a request is refused before it can
    reach a query, where PostgreSQL would fail the whole request.

    A cookie carrying one is ignored, so a forged session cookie means no
    session: the visitor is logged out, not shown an error. The address, query
    string or a header carrying one gets a 400 page. Posted forms are left to
    their forms: every text field refuses NUL with a message beside the field,
    and config.views.server_error answers a 400 for any value that still
    reaches the database unchecked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if UNSTORABLE.search(name) or UNSTORABLE.search(value):
                del request.COOKIES[name]
        part = _unstorable_part(request)
        if part is None:
            return self.get_response(request)
        from .views import bad_request_page

        message = (
            f"The {part} of this request contains a character that cannot be accepted "
            "(a NUL byte or an invalid code point). Nothing was changed."
        )
        if request.path.startswith(API_PREFIX):  # a program, which reads JSON
            response = JsonResponse({"detail": message}, status=400)
        else:
            response = bad_request_page(message)
        refusal_logger.warning(
            "Refused a NUL byte or lone surrogate in the %s",
            part,
            extra={"request": request, "status_code": 400},
        )
        return response
