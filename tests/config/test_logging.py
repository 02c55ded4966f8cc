"""Every unhandled exception is one JSON line on stderr, with its traceback and
nothing that could let a reader of the logs act as the user."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DataError
from django.http import HttpResponse
from django.urls import path

from config import urls as app_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # UserFactory's


def explode_in_view(request):
    raise RuntimeError("the projection fell over")


def refuse_a_value(request):
    raise DataError("integer out of range")


def answer_politely(request):
    return HttpResponse("fine")


urlpatterns = [
    path("explode/", explode_in_view),
    path("explode-openly/", login_not_required(explode_in_view)),
    path("refuse/", refuse_a_value),
    path("fine/", answer_politely),
    *app_urls.urlpatterns,
]
handler500 = app_urls.handler500


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def logged_in(client, owner):
    client.post("/login/", {"username": owner.username, "password": PASSWORD})
    assert "sessionid" in client.cookies
    client.get("/scenarios/")  # sets the CSRF cookie too
    client.raise_request_exception = False
    return client


def secrets_of(client):
    return [
        client.cookies["sessionid"].value,
        client.cookies["csrftoken"].value,
        PASSWORD,
        "secret-query-value",
        "secret-body-value",
    ]


@pytest.mark.urls("tests.config.test_logging")
def test_an_unhandled_exception_is_one_json_line_on_stderr_with_its_traceback(logged_in, owner, capsys):
    assert settings.DEBUG is False
    capsys.readouterr()
    response = logged_in.get("/explode/?token=secret-query-value")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    err = capsys.readouterr().err
    lines = json_lines(err)
    assert len(lines) == 1, err
    assert err.count("\n") == 1  # the traceback's line breaks are escaped inside the one line
    [line] = lines
    assert line["level"] == "ERROR" and line["logger"] == "django.request"
    assert line["message"] == "Internal Server Error: /explode/"
    assert (line["path"], line["method"], line["status"]) == ("/explode/", "GET", 500)
    assert line["user_id"] == owner.pk
    assert line["time"].endswith("+00:00")
    assert "Traceback (most recent call last)" in line["traceback"]
    assert "explode_in_view" in line["traceback"]
    assert "RuntimeError: the projection fell over" in line["traceback"]


@pytest.mark.urls("tests.config.test_logging")
def test_the_line_carries_no_cookie_session_csrf_token_password_query_or_body(logged_in, capsys):
    capsys.readouterr()
    logged_in.post(
        "/explode/?token=secret-query-value",
        {"password": PASSWORD, "note": "secret-body-value"},
        HTTP_X_CSRFTOKEN=logged_in.cookies["csrftoken"].value,
    )
    err = capsys.readouterr().err
    [line] = json_lines(err)
    assert line["method"] == "POST"
    for secret in secrets_of(logged_in):
        assert secret not in err


@pytest.mark.urls("tests.config.test_logging")
def test_an_anonymous_visitors_error_is_logged_without_a_user(client, capsys):
    client.raise_request_exception = False
    capsys.readouterr()
    assert client.get("/explode-openly/").status_code == 500
    [line] = json_lines(capsys.readouterr().err)
    assert (line["path"], line["user_id"]) == ("/explode-openly/", None)
    assert "RuntimeError" in line["traceback"]


@pytest.mark.urls("tests.config.test_logging")
def test_a_value_the_database_refused_is_logged_with_its_traceback_though_answered_400(logged_in, capsys):
    capsys.readouterr()
    response = logged_in.get("/refuse/")
    assert response.status_code == 400
    [line] = json_lines(capsys.readouterr().err)
    assert (line["level"], line["status"], line["path"]) == ("WARNING", 400, "/refuse/")
    assert "DataError: integer out of range" in line["traceback"]


@pytest.mark.urls("tests.config.test_logging")
def test_plain_not_found_and_ordinary_answers_write_nothing(logged_in, capsys):
    capsys.readouterr()
    assert logged_in.get("/fine/").status_code == 200
    assert logged_in.get("/no/such/page/").status_code == 404
    assert json_lines(capsys.readouterr().err) == []


def test_the_audit_trail_keeps_its_own_plain_lines_on_stdout_and_stays_out_of_stderr(client, owner, capsys):
    assert settings.LOGGING["handlers"]["audit"]["stream"] == "ext://sys.stdout"
    audit = logging.getLogger("audit")
    [handler] = [handler for handler in audit.handlers if type(handler) is logging.StreamHandler]
    assert handler.formatter._fmt == "%(message)s" and audit.propagate is False
    capsys.readouterr()
    client.post("/login/", {"username": owner.username, "password": PASSWORD})
    assert json_lines(capsys.readouterr().err) == []


# --- Sentry ------------------------------------------------------------------

SENTRY_PROBE = """
import sentry_sdk.transport

sent = []


class KeepHere(sentry_sdk.transport.Transport):
    def capture_envelope(self, envelope):
        sent.append(envelope)


# Whatever the DSN says, nothing leaves the machine.
sentry_sdk.transport.HttpTransport = KeepHere

import django

django.setup()
import json

import sentry_sdk

client = sentry_sdk.get_client()
print(json.dumps({
    "active": client.is_active(),
    "integrations": sorted(client.integrations),
    "send_default_pii": client.options["send_default_pii"],
    "bodies": client.options["max_request_body_size"],
    "locals": client.options["include_local_variables"],
    "transport": type(client.transport).__name__ if client.transport else None,
}))
"""


def sentry_under(**env):
    base = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "DJANGO_ALLOW_ASYNC"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "sqlite:////tmp/unused-sentry.sqlite3",
        "ALLOWED_HOSTS": "a.example",
    }
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_PROBE],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_sentry_dsn_errors_are_reported_through_the_django_integration_without_pii():
    found = sentry_under(SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert found["active"] is True
    assert "django" in found["integrations"]
    assert found["send_default_pii"] is False
    assert (found["bodies"], found["locals"]) == ("never", False)
    assert found["transport"] == "KeepHere"


def test_without_sentry_dsn_nothing_is_reported():
    assert sentry_under()["active"] is False


def test_a_sentry_event_keeps_no_query_string_cookies_body_or_token_headers():
    from config.logging import without_request_values

    event = {
        "request": {
            "url": "https://a.example/scenarios/3/",
            "method": "POST",
            "query_string": "token=secret",
            "cookies": {"sessionid": "secret"},
            "data": {"new_password1": "secret"},
            "headers": {
                "User-Agent": "probe",
                "X-Csrftoken": "secret",
                "Referer": "https://a.example/?q=secret",
            },
        }
    }
    cleaned = without_request_values(event, {})
    assert "secret" not in json.dumps(cleaned)
    assert cleaned["request"]["headers"] == {"User-Agent": "probe"}
    assert cleaned["request"]["url"] == "https://a.example/scenarios/3/"
