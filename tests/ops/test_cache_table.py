import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "test_cache_table",
    }
}


@override_settings(CACHES=DATABASE_CACHE)
def test_migrate_creates_the_database_cache_table_and_the_cache_then_works():
    assert "test_cache_table" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)

    assert "test_cache_table" in connection.introspection.table_names()
    cache.set("reference-data", {"companies": 3})
    assert cache.get("reference-data") == {"companies": 3}


@override_settings(CACHES=DATABASE_CACHE)
def test_migrating_again_leaves_the_cache_table_and_its_entries_alone():
    call_command("migrate", verbosity=0)
    cache.set("reference-data", "kept")

    call_command("migrate", verbosity=0)

    assert cache.get("reference-data") == "kept"


def test_migrate_with_a_cache_that_is_not_in_the_database_creates_no_table():
    before = set(connection.introspection.table_names())

    call_command("migrate", verbosity=0)

    assert set(connection.introspection.table_names()) == before
