"""Production settings: every secret and host comes from the environment."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=True)
# Production names its database (base.py reads it); the SQLite default is for trying the app.
env_str("DATABASE_URL", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or env_str("ALLOWED_HOSTS", required=True)

# Optional: unhandled exceptions also go to Sentry (config/logging.py says what is sent).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from config.logging import init_sentry

    init_sentry(SENTRY_DSN)

if not REDIS_URL:  # noqa: F405
    # One cache for every worker and machine: with a cache per process, a rename
    # in the admin retired the cached pages of the worker that saved it only,
    # and the others went on serving the old name. `make serve` creates the table.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "partnership_cache",
            "TIMEOUT": 600,
            # Django's default of 300 entries would be culled by a few hundred
            # scenario pages; each entry is one row.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# HTTPS only: a year of HSTS, secure cookies, and plain HTTP redirected.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
if not SECURE_SSL_REDIRECT:
    # Said explicitly: a proxy in front already redirects to HTTPS.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

if env_bool("LOCAL_HTTP", False):
    # Production settings over plain HTTP on loopback, for load tests and trials
    # on a machine without TLS. Never on an address anyone else can reach.
    SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (see README, Deployment).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
