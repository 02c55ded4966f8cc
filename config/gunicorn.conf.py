"""gunicorn's settings for `make serve` (README, Deployment); the Makefile passes
the address (BIND) and the number of workers (WEB_CONCURRENCY) itself.

gunicorn reads this file before Django is set up, so it parses the environment
itself rather than through config.settings.env.
"""

import os


def _whole_number(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


# Threads, not sync workers: a client that sends its request slowly holds one
# thread while it does, where it held a whole worker, so /healthz and everyone
# else still get an answer. Threads add no CPU (one Python interpreter lock per
# worker); they keep a slow or waiting request from stalling the rest. In front
# of the app, nginx (deploy/nginx/) reads whole requests before passing them on.
worker_class = "gthread"
threads = _whole_number("WEB_THREADS", 4)

# X-Forwarded-Proto and its kin are Django's to judge (TRUST_X_FORWARDED_PROTO,
# config/settings/prod.py). gunicorn's default trusts them from 127.0.0.1 and
# rewrites the request's scheme, so links came out https:// whatever the setting.
forwarded_allow_ips = ""

accesslog = "-"
graceful_timeout = 20
control_socket_disable = True
