import pytest

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client"}


def pytest_collection_modifyitems(items):
    """The model is plain Python: a test of it that asks for a database is in the wrong place."""
    for item in items:
        if "tests/modelling/" not in str(item.path).replace("\\", "/"):
            continue
        wanted = DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or wanted:
            raise pytest.UsageError(f"{item.nodeid} needs a database; the model's tests must not.")
