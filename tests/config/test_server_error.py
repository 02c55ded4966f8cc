"""handler500: only a database that cannot be reached is "Back in a moment";
a statement it refused is the request's fault or a bug, never an outage."""

import sqlite3

import psycopg
import psycopg.errors
import pytest
from django.contrib.auth import get_user_model
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    close_old_connections,
    connection,
    transaction,
)
from django.urls import path

from config import urls as app_urls
from config.views import database_is_out

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own errors")


def wrapped(django_class, cause):
    """What Django raises: its own class, with the driver's error as the cause."""
    error = django_class(str(cause))
    error.__cause__ = cause
    return error


def from_sqlite(message, code, django_class=OperationalError, cls=sqlite3.OperationalError):
    error = cls(message)
    error.sqlite_errorcode = code
    return wrapped(django_class, error)


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        # The driver lost the connection and no server sent a code.
        (OperationalError("server closed the connection unexpectedly"), True),
        (wrapped(OperationalError, psycopg.OperationalError("consuming input failed")), True),
        (wrapped(InterfaceError, psycopg.InterfaceError("the connection is closed")), True),
        # PostgreSQL answered: shutting down, out of connections, unreachable.
        (wrapped(OperationalError, psycopg.errors.AdminShutdown("terminating connection")), True),
        (wrapped(OperationalError, psycopg.errors.TooManyConnections("too many clients")), True),
        (wrapped(OperationalError, psycopg.errors.ConnectionFailure("connection failure")), True),
        # PostgreSQL answered and refused one statement.
        (wrapped(OperationalError, psycopg.errors.StatementTooComplex("too complex")), False),
        (wrapped(OperationalError, psycopg.errors.SerializationFailure("could not serialize")), False),
        (wrapped(DataError, psycopg.errors.NumericValueOutOfRange("integer out of range")), False),
        (wrapped(DataError, psycopg.errors.UntranslatableCharacter("NUL")), False),
        (wrapped(IntegrityError, psycopg.errors.UniqueViolation("duplicate key")), False),
        (wrapped(ProgrammingError, psycopg.errors.UndefinedTable("no such table")), False),
        # SQLite: a database file that is busy or gone, against a refused statement.
        (from_sqlite("database is locked", sqlite3.SQLITE_BUSY), True),
        (from_sqlite("disk I/O error", sqlite3.SQLITE_IOERR_READ), True),  # extended: IOERR | 1 << 8
        (from_sqlite("unable to open database file", sqlite3.SQLITE_CANTOPEN), True),
        (from_sqlite("no such table: x", sqlite3.SQLITE_ERROR), False),
        (from_sqlite("too many SQL variables", sqlite3.SQLITE_ERROR), False),
        (from_sqlite("Error binding parameter 1", 25, InterfaceError, sqlite3.InterfaceError), False),
        (DataError("value too long"), False),
        (IntegrityError("UNIQUE constraint failed"), False),
    ],
    ids=lambda value: str(value)[:40] if isinstance(value, DatabaseError) else str(value),
)
def test_only_an_unreachable_or_unusable_database_counts_as_an_outage(error, outage):
    assert database_is_out(error) is outage


# --- real errors, through the whole stack -----------------------------------


def insert_a_duplicate_user(request):
    with transaction.atomic():
        get_user_model().objects.create(username=request.user.username)


def query_a_missing_table(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")


def store_a_nul_byte(request):
    if connection.vendor != "postgresql":
        raise DataError("value out of range")  # SQLite stores anything; say what PostgreSQL says
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT %s::text", ["a\x00b"])


def lock_the_database(request):
    raise from_sqlite("database is locked", sqlite3.SQLITE_BUSY)


def lose_the_connection(request):
    """Have the server end this very connection, as a restart would, then use it."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


urlpatterns = [
    path("duplicate/", insert_a_duplicate_user),
    path("missing-table/", query_a_missing_table),
    path("nul/", store_a_nul_byte),
    path("locked/", lock_the_database),
    path("lost/", lose_the_connection),
    *app_urls.urlpatterns,
]
handler500 = app_urls.handler500


@pytest.fixture
def browsing(owner_client):
    owner_client.raise_request_exception = False
    return owner_client


@pytest.mark.urls("tests.config.test_server_error")
def test_a_duplicate_row_is_a_500_that_says_the_error_was_logged_not_an_outage(browsing):
    response = browsing.get("/duplicate/")
    assert response.status_code == 500
    assert b"The error has been logged" in response.content
    assert "Retry-After" not in response


@pytest.mark.urls("tests.config.test_server_error")
def test_a_query_on_a_missing_table_is_a_bug_not_an_outage(browsing):
    response = browsing.get("/missing-table/")
    assert response.status_code == 500
    assert b"Back in a moment" not in response.content


@pytest.mark.urls("tests.config.test_server_error")
def test_a_value_the_database_cannot_hold_is_a_400_with_a_message(browsing):
    response = browsing.get("/nul/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "A value in this request cannot be stored" in html
    assert "Back in a moment" not in html and "DataError" not in html and "Traceback" not in html


@pytest.mark.urls("tests.config.test_server_error")
def test_a_locked_database_is_still_a_503_to_retry(browsing):
    response = browsing.get("/locked/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert b"Back in a moment" in response.content


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.config.test_server_error")
def test_a_connection_the_server_ended_is_a_503_and_the_next_request_reconnects(browsing):
    response = browsing.get("/lost/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    close_old_connections()  # what the server does after each request; the test client does not
    assert browsing.get("/scenarios/").status_code == 200
