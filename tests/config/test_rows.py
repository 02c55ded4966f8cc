"""RowLoader, and the session store and auth backend built on it, must give
exactly what the ORM gives, on SQLite and on PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.utils import timezone

from config.auth import ModelBackend
from config.rows import RowLoader
from config.sessions import SessionStore
from scenarios.models import Scenario
from tests.scenarios.factories import ScenarioFactory, UserFactory

pytestmark = pytest.mark.django_db


def every_field(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_a_scenario_comes_back_as_the_orm_gives_it():
    saved = ScenarioFactory(volume_overrides={"2026": 550_000}, monte_carlo={"draws": 1000})
    loaded = RowLoader(Scenario).get(saved.pk)
    from_orm = Scenario.objects.get(pk=saved.pk)
    assert every_field(loaded) == every_field(from_orm)
    # Converted, not raw database values: a Decimal, an aware datetime, a dict.
    assert loaded.annual_growth_pct == from_orm.annual_growth_pct
    assert type(loaded.annual_growth_pct).__name__ == "Decimal"
    assert loaded.updated_at.tzinfo is not None
    assert loaded.volume_overrides == {"2026": 550_000}
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_a_user_comes_back_as_the_orm_gives_it():
    user = UserFactory(username="ada", email="ada@example.com", is_staff=True)
    user.last_login = timezone.now()
    user.save()
    loaded = RowLoader(get_user_model()).get(user.pk)
    assert model_to_dict(loaded) == model_to_dict(get_user_model().objects.get(pk=user.pk))
    assert loaded.check_password("correct-horse-battery")


@pytest.mark.parametrize("key", [987_654, "987654", "not-a-number", None, "", "1; DROP TABLE auth_user"])
def test_a_key_that_matches_nothing_gives_none(key):
    UserFactory()
    assert RowLoader(get_user_model()).get(key) is None


def test_a_key_field_other_than_the_primary_key():
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
    loaded = RowLoader(Session, "session_key").get(store.session_key)
    assert loaded.get_decoded() == {"colour": "blue"}


def test_the_session_store_reads_a_live_session():
    store = SessionStore()
    store["colour"] = "blue"
    store.save()
    assert SessionStore(store.session_key).load() == {"colour": "blue"}


def test_the_session_store_ignores_an_expired_session():
    store = SessionStore()
    store["colour"] = "blue"
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made on the next save, as Django does


def test_the_session_store_ignores_an_unknown_key():
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_the_backend_gives_active_users_only():
    active, inactive = UserFactory(), UserFactory(is_active=False)
    backend = ModelBackend()
    assert backend.get_user(active.pk) == active
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(active.pk + 1000) is None


def test_a_deactivated_user_is_logged_out_on_the_next_request(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/scenarios/").status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/scenarios/")
    assert response.status_code == 302 and "/login/" in response.url


def test_a_key_beyond_the_database_integer_range_matches_nothing():
    UserFactory()
    assert RowLoader(get_user_model()).get(10**20) is None
    assert RowLoader(get_user_model()).get(-(10**20)) is None


def test_a_session_key_that_looks_like_sql_is_only_a_key():
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
    assert RowLoader(Session, "session_key").get(f"{store.session_key}' OR '1'='1") is None
    assert Session.objects.filter(session_key=store.session_key).exists()


def test_a_model_that_inherits_a_table_is_refused():
    from django.db import models
    from django.test.utils import isolate_apps

    with isolate_apps("companies"):

        class Vehicle(models.Model):  # noqa: DJ008
            class Meta:
                app_label = "companies"

        class Car(Vehicle):  # noqa: DJ008
            class Meta:
                app_label = "companies"

        with pytest.raises(ValueError, match="inherits"):
            RowLoader(Car)
        assert RowLoader(Vehicle).model is Vehicle
