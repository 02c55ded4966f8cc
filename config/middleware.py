import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
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
