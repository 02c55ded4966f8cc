import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from config.settings.base import database_from_url

ROOT = Path(__file__).resolve().parents[2]


def run_django(settings, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    environment.update(DJANGO_SETTINGS_MODULE=settings, **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_django("config.settings.prod")
    assert result.returncode != 0
    assert "The SECRET_KEY environment variable is required" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = run_django(
        "config.settings.prod",
        SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite:////tmp/prod.sqlite3",
        ALLOWED_HOSTS="a.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("missing", ["DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_settings_name_each_missing_variable(missing):
    present = {
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "sqlite:////tmp/prod.sqlite3",
        "ALLOWED_HOSTS": "a.example",
    }
    del present[missing]
    result = run_django("config.settings.prod", **present)
    assert result.returncode != 0
    assert f"The {missing} environment variable is required" in result.stderr


def test_a_bad_boolean_is_refused_by_name():
    result = run_django("config.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_a_sqlite_database_url_runs_in_wal_mode_with_a_busy_timeout(tmp_path, django_db_blocker):
    # A connection of its own, so this holds whichever database the suite runs on.
    connections = ConnectionHandler({"default": database_from_url(f"sqlite:///{tmp_path / 'app.sqlite3'}")})
    sqlite = connections["default"]
    try:
        with django_db_blocker.unblock(), sqlite.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
        assert sqlite.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    finally:
        sqlite.close()


def test_a_postgres_database_url_keeps_connections_and_checks_them():
    config = database_from_url("postgres://app@db.internal:5432/partnership")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (
        "partnership",
        "db.internal",
        600,
        True,
    )
