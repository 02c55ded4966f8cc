"""Per-user limits on creating, cloning and sharing (scenarios/limits.py).

Test settings raise the limits so that the write storm and the property-based
tests never meet them; each test here sets its own small ones."""

import itertools
import json
import logging
import os
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from config.settings import base
from scenarios import limits
from scenarios.models import AuditEvent, Scenario, ScenarioShare, ShareLink
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

# 1,800,000,000 s is a whole number of minutes since the epoch.
MINUTE_START = 1_800_000_000.0


class Clock:
    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The limits' clock, at the start of a minute and moved by hand."""
    clock = Clock(MINUTE_START)
    monkeypatch.setattr(limits, "time", clock)
    return clock


def rates(**overrides):
    return override_settings(
        SCENARIO_WRITE_RATES={"create": "3/m", "clone": "3/m", "share": "3/m", **overrides}
    )


def blank(scenario, name="Blank idea"):
    """The blank new-scenario form, for the customer and group of scenario."""
    return {
        "start": "blank",
        "name": name,
        "customer": scenario.customer.pk,
        "supplier_group": scenario.supplier_group.pk,
    }


_names = itertools.count()


def create(client, scenario, n=1):
    """n blank creates, each with a name not used before (a repeat is a form error)."""
    return [client.post(reverse("scenarios:new"), blank(scenario, f"Idea {next(_names)}")) for _ in range(n)]


def test_the_create_after_the_limit_gets_429_with_a_message_and_creates_nothing(
    owner_client, owner, scenario, clock
):
    with rates(create="3/m"):
        assert [r.status_code for r in create(owner_client, scenario, 3)] == [302, 302, 302]
        response = owner_client.post(reverse("scenarios:new"), blank(scenario, "One too many"))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "You have reached the limit for creating scenarios: 3 in a minute. Nothing was changed." in page
    assert "Try again in 60 seconds" in page
    assert not Scenario.objects.filter(name="One too many").exists()
    assert Scenario.objects.filter(owner=owner).count() == 1 + 3


def test_the_preset_and_the_blank_form_count_against_the_same_limit(owner_client, owner, seeded, clock):
    samsung_plan = Scenario.objects.get(name="Samsung as lead EV supplier")
    with rates(create="2/m"):
        assert owner_client.post(reverse("scenarios:new"), {"start": "preset"}).status_code == 302
        assert owner_client.post(reverse("scenarios:new"), blank(samsung_plan)).status_code == 302
        assert owner_client.post(reverse("scenarios:new"), {"start": "preset"}).status_code == 429
        assert owner_client.post(reverse("scenarios:new"), blank(samsung_plan, "Later")).status_code == 429
    assert Scenario.objects.filter(owner=owner).count() == 2


def test_opening_the_new_scenario_page_is_not_counted(owner_client, scenario, clock):
    with rates(create="1/m"):
        for _ in range(5):
            assert owner_client.get(reverse("scenarios:new")).status_code == 200
        assert create(owner_client, scenario)[0].status_code == 302
        assert owner_client.get(reverse("scenarios:new")).status_code == 200


def test_the_clone_after_the_limit_gets_429_and_clones_nothing(owner_client, owner, scenario, clock):
    clone = reverse("scenarios:clone", args=[scenario.pk])
    with rates(clone="2/m"):
        assert [owner_client.post(clone).status_code for _ in range(2)] == [302, 302]
        response = owner_client.post(clone)
    assert response.status_code == 429
    assert "the limit for cloning scenarios: 2 in a minute" in response.content.decode()
    assert Scenario.objects.filter(owner=owner).count() == 1 + 2


def test_sharing_after_the_limit_gets_429_and_changes_nothing(owner_client, scenario, clock):
    UserFactory(username="colleague")
    pk = scenario.pk
    visibility = reverse("scenarios:set_visibility", args=[pk])
    share = reverse("scenarios:share_with_user", args=[pk])
    link = reverse("scenarios:create_link", args=[pk])
    with rates(share="3/m"):
        assert owner_client.post(link, {"expires_on": ""}).status_code == 302
        assert owner_client.post(link, {"expires_on": ""}).status_code == 302
        assert owner_client.post(visibility, {"visibility": "private"}).status_code == 302
        refused = [
            owner_client.post(visibility, {"visibility": "shared"}),
            owner_client.post(share, {"username": "colleague", "can_edit": "view"}),
            owner_client.post(link, {"expires_on": ""}),
        ]
    assert [r.status_code for r in refused] == [429, 429, 429]
    assert "changing who can see a scenario" in refused[0].content.decode()
    scenario.refresh_from_db()
    assert scenario.visibility == "private"
    assert not ScenarioShare.objects.exists()
    assert ShareLink.objects.filter(scenario=scenario).count() == 2


def test_one_users_limit_does_not_touch_another_user(owner_client, scenario, stranger, clock):
    with rates(create="2/m"):
        create(owner_client, scenario, 2)
        assert create(owner_client, scenario)[0].status_code == 429
        other = Client()
        other.force_login(stranger)
        assert [r.status_code for r in create(other, scenario, 2)] == [302, 302]
    assert Scenario.objects.filter(owner=stranger).count() == 2


def test_creating_does_not_use_up_the_clone_or_sharing_limits(owner_client, owner, scenario, clock):
    with rates(create="1/m", clone="1/m", share="1/m"):
        create(owner_client, scenario)
        assert owner_client.post(reverse("scenarios:clone", args=[scenario.pk])).status_code == 302
        link = reverse("scenarios:create_link", args=[scenario.pk])
        assert owner_client.post(link, {"expires_on": ""}).status_code == 302


@pytest.mark.parametrize("allowed", [1, 4])
def test_the_limit_is_the_number_in_settings(owner_client, scenario, clock, allowed):
    with rates(create=f"{allowed}/m"):
        statuses = [r.status_code for r in create(owner_client, scenario, allowed + 1)]
    assert statuses == [302] * allowed + [429]


def test_the_limit_lifts_when_its_window_ends(owner_client, owner, scenario, clock):
    with rates(create="2/m"):
        create(owner_client, scenario, 2)
        clock.advance(45)
        response = create(owner_client, scenario)[0]
        assert (response.status_code, response["Retry-After"]) == (429, "15")
        clock.advance(15)
        assert create(owner_client, scenario)[0].status_code == 302
    assert Scenario.objects.filter(owner=owner).count() == 1 + 3


def test_a_longer_period_says_when_to_try_again_in_minutes(owner_client, scenario, clock):
    with rates(create="1/10m"):
        create(owner_client, scenario)
        clock.advance(30)
        response = create(owner_client, scenario)[0]
    assert response["Retry-After"] == "570"
    page = response.content.decode()
    assert "1 in 10 minutes" in page and "Try again in 10 minutes" in page


def test_the_429_page_is_a_whole_page(owner_client, scenario, clock):
    with rates(create="1/m"):
        response = create(owner_client, scenario, 2)[1]
    page = response.content.decode()
    assert "<title>Too many at once" in page and 'class="topbar"' in page and 'role="alert"' in page


def test_an_htmx_request_gets_the_message_alone(owner_client, scenario, clock):
    clone = reverse("scenarios:clone", args=[scenario.pk])
    with rates(clone="1/m"):
        owner_client.post(clone, HTTP_HX_REQUEST="true")
        response = owner_client.post(clone, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "HX-Request" in response["Vary"]
    assert "the limit for cloning scenarios" in page and "<html" not in page and "topbar" not in page


# The caches the app runs with: per process (runserver, tests), a database table
# (prod.py without Redis) and Redis (REDIS_URL; CI starts one on 6379).
BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rate_limit_test_cache",
    },
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    },
}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_the_limit_holds_on_every_cache_the_app_runs_with(owner_client, scenario, clock, backend):
    # A prefix of its own, so runs sharing the Redis server cannot see each other's counts.
    cache = {**BACKENDS[backend], "KEY_PREFIX": f"rate-test-{os.getpid()}-{uuid.uuid4().hex}"}
    with override_settings(CACHES={"default": cache}), rates(create="2/m"):
        if backend == "database":
            call_command("createcachetable", verbosity=0)
        assert [r.status_code for r in create(owner_client, scenario, 3)] == [302, 302, 429]
        clock.advance(60)
        assert create(owner_client, scenario)[0].status_code == 302


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger="audit")
    return lambda: [json.loads(r.getMessage()) for r in caplog.records if r.name == "audit"]


def test_a_refused_clone_is_logged_and_stored_on_its_scenario(
    owner_client, owner, scenario, clock, audit_lines
):
    with rates(clone="1/m"):
        owner_client.post(reverse("scenarios:clone", args=[scenario.pk]))
        owner_client.post(reverse("scenarios:clone", args=[scenario.pk]))
    line = audit_lines()[-1]
    assert (line["action"], line["user"], line["scenario_id"], line["limited"], line["retry_after"]) == (
        "rate_limited",
        "owner",
        scenario.pk,
        "clone",
        60,
    )
    event = AuditEvent.objects.get(action="rate_limited")
    assert (event.user, event.scenario, event.detail["rate"]) == (owner, scenario, "1 in a minute")


def test_a_refused_create_is_logged_but_not_stored(owner_client, scenario, clock, audit_lines):
    with rates(create="1/m"):
        create(owner_client, scenario, 2)
    line = audit_lines()[-1]
    assert (line["action"], line["user"], line["limited"], line["scenario_id"]) == (
        "rate_limited",
        "owner",
        "create",
        None,
    )
    assert not AuditEvent.objects.filter(action="rate_limited").exists()


def test_the_shipped_limits_are_thirty_creates_and_clones_and_sixty_sharing_changes_a_minute():
    with override_settings(SCENARIO_WRITE_RATES=base.SCENARIO_WRITE_RATES):
        shipped = [limits.rate(action) for action in ("create", "clone", "share")]
    assert shipped == [(30, 60), (30, 60), (60, 60)]


@pytest.mark.parametrize("bad", ["30", "0/m", "30/w", "30/0m", "-1/m", 30, None])
def test_a_malformed_rate_in_settings_is_named_in_the_error(bad):
    message = r'SCENARIO_WRITE_RATES\["create"\] must be "COUNT/PERIOD"'
    with (
        override_settings(SCENARIO_WRITE_RATES={"create": bad}),
        pytest.raises(ImproperlyConfigured, match=message),
    ):
        limits.rate("create")
