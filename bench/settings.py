"""Production settings plus the ceiling view, for the load benchmark only.

Everything comes from config.settings.prod (so SECRET_KEY, ALLOWED_HOSTS,
DEBUG and DATABASE_URL are read from the environment exactly as in a
deployment); the only changes are:

- ROOT_URLCONF adds /bench/ok, a trivial view used as the throughput ceiling;
- STATIC_ROOT points at a scratch directory, because the manifest storage of
  prod needs `collectstatic` to have run before any page using {% static %}
  can render, and the bench must not write into the repository;
- request warnings and errors are logged to stderr (gunicorn's error log),
  which prod leaves to mail_admins, so a 4xx/5xx under load is visible.
"""

import os
from pathlib import Path

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/bench-partnership-static"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# The bench speaks plain HTTP on loopback (run_load.sh sets LOCAL_HTTP=true,
# which turns off the HTTPS redirect, HSTS and Secure cookies in prod.py).
