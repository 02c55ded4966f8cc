import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_make_serve_stops_and_names_a_missing_variable(missing):
    present = {
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
        "ALLOWED_HOSTS": "a.example",
    }
    del present[missing]
    result = subprocess.run(
        ["make", "-s", "serve"],
        cwd=ROOT,
        env={**BASE_ENV, **present},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"make serve: set {missing} in the environment" in result.stdout + result.stderr


def settings_under(**env):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.SECURE_SSL_REDIRECT, "
        "s.SILENCED_SYSTEM_CHECKS)"
    )
    base = {
        **BASE_ENV,
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
        "ALLOWED_HOSTS": "a.example",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.prod", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(maxsplit=3)


def test_with_redis_url_the_cache_and_sessions_live_in_redis():
    backend, sessions, *_ = settings_under(REDIS_URL="redis://127.0.0.1:6379/0")
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cache"


def test_without_redis_url_the_database_holds_the_cache_and_sessions():
    # One cache for every worker (tests/production/test_shared_cache.py), not one each.
    backend, sessions, *_ = settings_under()
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert sessions == "django.contrib.sessions.backends.db"


def test_production_silences_no_check_unless_told_plain_http_is_intended():
    assert settings_under()[2:] == ["True", "[]"]
    assert settings_under(LOCAL_HTTP="true")[2] == "False"


def gunicorn_settings(**env):
    script = (
        "import runpy; c = runpy.run_path('config/gunicorn.conf.py'); "
        "print(c['worker_class'], c['threads'], repr(c['forwarded_allow_ips']))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**{k: v for k, v in BASE_ENV.items() if k != "WEB_THREADS"}, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gunicorn_runs_threaded_workers_with_web_threads_threads_and_trusts_no_forwarding_header():
    assert gunicorn_settings().stdout.split() == ["gthread", "4", "''"]
    assert gunicorn_settings(WEB_THREADS="8", FORWARDED_ALLOW_IPS="127.0.0.1").stdout.split() == [
        "gthread",
        "8",
        "''",
    ]


def test_gunicorn_stops_and_names_web_threads_when_it_is_not_a_whole_number():
    result = gunicorn_settings(WEB_THREADS="four")
    assert result.returncode != 0
    assert "WEB_THREADS must be a whole number of at least 1, not 'four'." in result.stderr
