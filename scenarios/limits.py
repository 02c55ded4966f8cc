"""Per-user limits on the writes that add rows: creating, cloning and sharing
scenarios (settings.SCENARIO_WRITE_RATES). One user once made 1,500 shared
copies in 45 s and everyone's scenario list took 1.5 s to draw; a limit per
user and action stops that without slowing anyone else.

Counts live in Django's cache, one counter per user, action and fixed window,
so with Redis every worker and machine shares them; the local-memory cache
counts per process. The database cache increments by a read and a write, so
requests from one user that arrive at the same instant may be counted once
between them: the limit can be overshot by about the number of workers.
django-ratelimit counts the same way, but its system check refuses the
local-memory and database caches and warns on Django's own Redis cache, which
would fail `check --deploy --fail-level WARNING`.
"""

import functools
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from . import audit

# What each limit covers, as the 429 page names it.
ACTIONS = {
    "create": "creating scenarios",
    "clone": "cloning scenarios",
    "share": "changing who can see a scenario (visibility, people and links)",
    "api": "API requests with one token",
}

_RATE = re.compile(r"([1-9]\d*)/([1-9]\d*)?([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
_UNIT_NAMES = [(24 * 60 * 60, "day"), (60 * 60, "hour"), (60, "minute"), (1, "second")]


def rate(action):
    """(count, seconds) allowed for action, from settings.SCENARIO_WRITE_RATES."""
    text = getattr(settings, "SCENARIO_WRITE_RATES", {}).get(action)
    match = _RATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ImproperlyConfigured(
            f'SCENARIO_WRITE_RATES["{action}"] must be "COUNT/PERIOD" with a positive COUNT and '
            f'PERIOD s, m, h or d, optionally with a multiple ("30/m", "100/10m"); it is {text!r}.'
        )
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNIT_SECONDS[unit]


def _duration(seconds):
    """'a minute', '10 minutes', '90 seconds': the largest unit that divides it."""
    size, name = next((size, name) for size, name in _UNIT_NAMES if seconds % size == 0)
    n = seconds // size
    return f"a {name}" if n == 1 else f"{n} {name}s"


def _wait(seconds):
    """A wait as a person reads it: seconds up to two minutes, then minutes."""
    if seconds < 120:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    return f"{math.ceil(seconds / 60)} minutes"


def seconds_to_wait(action, user, *, counter=None):
    """Count one attempt at action by user (or on counter, such as an API
    token's id, counted apart from the user's own); 0 if it is within the rate,
    else the seconds until the window ends."""
    count, period = rate(action)
    now = time.time()
    window = int(now // period)
    key = f"write-limit:{action}:{user.pk if counter is None else counter}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr: this attempt is the window's first
        cache.set(key, 1, timeout=period + 5)
        used = 1
    if used <= count:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def _refused(request, action, wait, pk):
    count, period = rate(action)
    audit.record(
        "rate_limited",
        request,
        scenario_id=pk,
        limited=action,
        rate=f"{count} in {_duration(period)}",
        retry_after=wait,
        path=request.path[:200],
    )
    context = {
        "what": ACTIONS[action],
        "count": count,
        "period": _duration(period),
        "wait": _wait(wait),
    }
    template = "429.html#message" if getattr(request, "htmx", False) else "429.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    patch_vary_headers(response, ["HX-Request"])
    return response


def limit_writes(action):
    """Refuse a POST beyond the user's rate for action with a 429 page (or,
    for htmx, its message alone) and a Retry-After header; nothing is written.
    GET requests are not counted."""
    if action not in ACTIONS:
        raise ImproperlyConfigured(f"No write limit named {action!r}; known: {', '.join(ACTIONS)}.")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                wait = seconds_to_wait(action, request.user)
                if wait:
                    return _refused(request, action, wait, kwargs.get("pk"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
