"""The audit trail: logins, failures, lockouts, denials and every change to
who can see a scenario, as one JSON object per line on the "audit" logger and,
for events on a real object, as database rows (the owner's history page shows
them).

Every event gets its log line. Only events on something that exists get a
row: a scenario, or for log-in events an account with that username. Anyone
can send requests for share links or usernames that do not exist, so storing
those would let the table grow without bound; the log line still says who
tried what, from where.

json.dumps escapes CR and LF, so no input can start a forged log line.
"""

import ipaddress
import json
import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils import timezone

from config.addresses import client_address

from .models import AuditEvent, Scenario

logger = logging.getLogger("audit")

# Events whose object is an account rather than a scenario.
ACCOUNT_ACTIONS = frozenset({"login", "login_failed", "lockout", "api_token_created", "api_token_revoked"})


def client_ip(request):
    address = client_address(request) if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _account_id(username):
    # No username has a NUL byte, and PostgreSQL refuses one in a query.
    if not username or "\x00" in username:
        return None
    model = get_user_model()
    accounts = model._default_manager.filter(**{model.USERNAME_FIELD: username})
    return accounts.values_list("pk", flat=True).first()


def record(
    action, request=None, *, user=None, ip=None, username="", scenario=None, scenario_id=None, **detail
):
    """Log the event; store it too when it is on a real scenario or account.
    A service that writes passes user and ip (the view's client_ip(request));
    without them they come from request. Returns the stored AuditEvent, or
    None when only the line was written."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    username = (user.get_username() if user else username)[:150]
    if scenario is None and scenario_id is not None:
        scenario = Scenario.objects.filter(pk=scenario_id).first()
    user_id = user.pk if user else None
    if user_id is None and action in ACCOUNT_ACTIONS:
        user_id = _account_id(username)
    ip_address = ip if ip is not None else client_ip(request)
    object_repr = (str(scenario) if scenario else "")[:200]
    event = None
    if scenario is not None or (action in ACCOUNT_ACTIONS and user_id is not None):
        event = AuditEvent.objects.create(
            action=action,
            user_id=user_id,
            username=username,
            ip_address=ip_address,
            scenario=scenario,
            object_repr=object_repr,
            detail=detail,
        )
    logger.info(
        json.dumps(
            {
                "at": (event.at if event else timezone.now()).isoformat(),
                "action": action,
                "user": username,
                "ip": ip_address,
                "scenario_id": scenario.pk if scenario else scenario_id,
                "scenario": object_repr,
                **detail,
            },
            default=str,
            ensure_ascii=True,
        )
    )
    return event


def _logged_in(sender, request, user, **kwargs):
    record("login", request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    record("login_failed", request, username=str(credentials.get("username", "")))


def _locked_out(sender, request, username, ip_address, **kwargs):
    record("lockout", request, username=str(username or ""))


def connect_signals():
    from axes.signals import user_locked_out

    from config.middleware import mark_session_start

    user_logged_in.connect(mark_session_start, dispatch_uid="session-start")
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-lockout")


def _date(iso):
    try:
        return f"{datetime.fromisoformat(iso):%-d %b %Y}"
    except (TypeError, ValueError):
        return str(iso)


# What each stored event says, in words, on the owner's history page.
_IN_WORDS = {
    "scenario_created": lambda d: {
        "preset": "Created from the article's preset",
        "blank": "Created",
        "clone": f"Created as a clone of scenario #{d.get('source_id')}",
    }.get(d.get("start"), "Created"),
    "scenario_deleted": lambda d: f"Deleted “{d.get('name', '')}”",
    "version_restored": lambda d: f"Restored version {d.get('restored')} as version {d.get('new_version')}",
    "visibility_changed": lambda d: (
        "Shared read-only with every logged-in user" if d.get("visibility") == "shared" else "Made private"
    ),
    "share_granted": lambda d: (
        f"Shared with {d.get('with_user')}, who can "
        + ("edit it" if d.get("rights") == "edit" else "view it")
    ),
    "share_removed": lambda d: f"Stopped sharing with {d.get('with_user')}",
    "link_created": lambda d: (
        f"Made read-only link #{d.get('link_id')}, "
        + (f"expiring {_date(d['expires_at'])}" if d.get("expires_at") else "with no expiry")
    ),
    "link_revoked": lambda d: f"Revoked read-only link #{d.get('link_id')}",
    "access_denied": lambda d: (
        f"Refused ({'not found' if d.get('status') == 404 else 'not allowed'}): {d.get('path', '')}"
    ),
    "rate_limited": lambda d: f"Refused: too many ({d.get('rate', '')}); {d.get('path', '')}",
}


def in_words(event):
    """An event as a sentence: "Made read-only link #4, with no expiry"."""
    describe = _IN_WORDS.get(event.action)
    if describe is None:
        return event.action.replace("_", " ").capitalize()
    return describe(event.detail or {})
