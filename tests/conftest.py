import os

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ops.demo import seed_demo
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by live_server tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests: the default run stays fast; HYPOTHESIS_PROFILE=long
# runs ten times the examples (see README, Security).
for name, examples in (("default", 500), ("long", 5000)):
    hypothesis_settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached fragments are keyed by scenario id and version, which repeat
    from test to test as the database is rolled back."""
    cache.clear()


@pytest.fixture
def seeded(db):
    """The article's reference data, demo users and example scenarios."""
    seed_demo()


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


@pytest.fixture
def scenario(owner):
    """A private scenario with two components, owned by `owner`."""
    scenario = ScenarioFactory(owner=owner, name="Owner's plan")
    ComponentLineFactory(scenario=scenario, category__name="Battery", category__slug="battery")
    ComponentLineFactory(scenario=scenario, category__name="Display", category__slug="display")
    return scenario


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client
