"""The audit trail: logins, failures, lockouts, denials and every change to
who can see a scenario, as database rows (the owner's history page shows
them) and as one JSON object per line on the "audit" logger.

json.dumps escapes CR and LF, so no input can start a forged log line.
"""

import ipaddress
import json
import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils import timezone

from .models import AuditEvent, Scenario

logger = logging.getLogger("audit")


def client_ip(request):
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(action, request=None, *, user=None, username="", scenario=None, scenario_id=None, **detail):
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    username = (user.get_username() if user else username)[:150]
    if scenario is None and scenario_id is not None:
        scenario = Scenario.objects.filter(pk=scenario_id).first()
    event = AuditEvent.objects.create(
        action=action,
        user=user,
        username=username,
        ip_address=client_ip(request),
        scenario=scenario,
        object_repr=(str(scenario) if scenario else "")[:200],
        detail=detail,
    )
    logger.info(
        json.dumps(
            {
                "at": (event.at or timezone.now()).isoformat(),
                "action": action,
                "user": username,
                "ip": event.ip_address,
                "scenario_id": scenario.pk if scenario else scenario_id,
                "scenario": event.object_repr,
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
