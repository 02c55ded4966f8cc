"""Settings shared by every environment. Environment-specific values are read
from the environment in dev.py, test.py and prod.py."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "config.apps.AdminConfig",  # Django's admin on config.admin.AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its DTL form templates, for the admin's widgets that include them
    "django_htmx",
    "template_partials",
    "axes",
    "ninja",  # the API's interactive docs, served from its own static files
    "import_export",
    "core",
    "companies",
    "scenarios",
    "pipelines",
    "api",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too.
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NoStoreMiddleware",
    # Before anything reads the session, the database or the view.
    "config.middleware.UnstorableInputMiddleware",
    "config.middleware.HeadAsGetMiddleware",
    "config.middleware.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Form fields only: the apps' jinja2/ directories, which hold Django's own
        # Jinja2 widget templates (django.forms) and core's field template. They
        # write what the Django language would in about a tenth of the time (an
        # editor has 60 fields). The form renderer asks this engine first; every
        # other template, the admin's widgets included, comes from the one below.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "form-fields",
        "APP_DIRS": True,
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Fields and widgets render through the TEMPLATES engines above (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"


def database_from_url(url):
    """A DATABASES entry for url; SQLite gets WAL and a busy timeout so that
    concurrent writers wait for each other instead of failing."""
    # Persistent connections: opening one (and, on SQLite, setting WAL) per
    # request was a measurable share of every page (see README, Benchmarks).
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# With REDIS_URL, cache and sessions live in Redis and every app process shares
# them (cached pages, the reference-data stamp, log-outs); without it the
# database holds sessions, and the cache is per process here (runserver and the
# tests are one process) and a table in the database in prod.py.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "partnership",
            "TIMEOUT": 600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 600}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.min.js from the installed plotly wheel, and nothing else of it.
    "config.staticfinders.PlotlyJsFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security (see README, Security) -------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failures for one username from one address lock that pair for 15
# minutes, the right password included; other addresses are unaffected.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies every client arrives from a proxy's address, and five
# failures would lock a username for everyone. TRUST_X_FORWARDED_FOR=N says N
# proxies in front each add to X-Forwarded-For the address they were reached
# from; unset (0), the header is ignored. The audit trail records the same
# address (config/addresses.py).
TRUST_X_FORWARDED_FOR = env_int("TRUST_X_FORWARDED_FOR", 0)
AXES_CLIENT_IP_CALLABLE = "config.addresses.client_address"

# Per user and action (scenarios/limits.py): "COUNT/PERIOD", PERIOD s, m, h or
# d with an optional multiple ("100/10m"). Beyond it a POST gets a 429 page.
# "share" covers visibility, sharing with people and making links.
# Per user: creates, clones and sharing changes; per API token: requests of any kind (scenarios/limits.py).
SCENARIO_WRITE_RATES = {"create": "30/m", "clone": "30/m", "share": "60/m", "api": "600/m"}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        # plotly.js injects a <style> element; nothing else needs inline style.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_AGE = 30 * 60  # idle limit: renewed as the user works
SESSION_ABSOLUTE_LIMIT = 12 * 60 * 60  # however active, log in again after this
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "message": {"format": "%(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "filters": {"unhandled": {"()": "config.logging.UnhandledErrorsFilter"}},
    "handlers": {
        "audit": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "message",
        },
        # Errors and warnings as one JSON object per line on stderr (gunicorn's
        # under make serve), with the traceback, path, method and user id.
        "errors": {"class": "config.logging.StderrHandler", "level": "WARNING", "formatter": "json"},
    },
    "loggers": {
        "audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        # Every unhandled exception, whatever DEBUG says; not every 404 and 403.
        "django.request": {
            "handlers": ["errors"],
            "level": "WARNING",
            "filters": ["unhandled"],
            "propagate": False,
        },
    },
    "root": {"handlers": ["errors"], "level": "WARNING"},
}
