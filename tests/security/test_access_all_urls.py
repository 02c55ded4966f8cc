"""Access rules checked over the URL configuration itself (see urls_walk.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pipelines.models import Deal, DealCase, Pipeline, PipelineShare
from scenarios.models import ComponentLine, Scenario, ScenarioShare, ScenarioVersion, ShareLink
from tests.pages import without_csrf_token
from tests.scenarios import test_access
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import ScenarioFactory, UserFactory
from tests.security.urls_walk import app_urls, named_patterns

pytestmark = pytest.mark.django_db

ID_ARGUMENTS = {"pk", "number", "share_id", "link_id"}


def database_state():
    return (
        list(Scenario.objects.order_by("pk").values()),
        list(ComponentLine.objects.order_by("pk").values()),
        list(ScenarioShare.objects.order_by("pk").values()),
        list(ShareLink.objects.order_by("pk").values()),
        list(ScenarioVersion.objects.order_by("pk").values("pk", "number")),
        list(get_user_model().objects.order_by("pk").values("pk", "is_staff", "password")),
        *(list(model.objects.order_by("pk").values()) for model in (Pipeline, Deal, DealCase, PipelineShare)),
    )


def scenario_urls(world):
    return [
        (name, url, args)
        for name, url, args in app_urls(world["values"])
        if name.startswith("scenarios:") and ID_ARGUMENTS & set(args)
    ]


def test_every_pipeline_url_is_in_the_role_matrix(world):
    """A new pipeline URL fails here until its rules are added to
    tests/pipelines/test_pipeline_access.py (the list, a new pipeline and adding a
    scenario act on no one pipeline: tests/pipelines/test_pipeline_pages.py)."""
    from tests.pipelines import test_pipeline_access

    in_matrix = {f"pipelines:{name}" for name, *_ in test_pipeline_access.ROUTES}
    on_no_pipeline = {"pipelines:list", "pipelines:new", "pipelines:add_scenario"}
    found = {name for name, _, _ in app_urls(world["values"]) if name.startswith("pipelines:")}
    assert found - on_no_pipeline <= in_matrix
    assert on_no_pipeline <= found


def missing_variant(world, name):
    """The same URL for a scenario (and share, link, version) that does not exist."""
    values = {**world["values"], **dict.fromkeys(ID_ARGUMENTS, 987654)}
    pattern = dict(named_patterns())[name]
    return reverse(name, kwargs={arg: values[arg] for arg in pattern.pattern.converters})


def test_every_scenario_url_is_in_the_role_matrix(world):
    """A new scenario URL fails here until its rules are added to tests/scenarios/test_access.py."""
    in_matrix = {f"scenarios:{name}" for name, *_ in test_access.ROUTES}
    # The slide deck's rules (owner, editor, viewer: 200; stranger 404): tests/scenarios/test_deck.py.
    in_matrix.add("scenarios:export_pptx")
    assert {name for name, _, _ in scenario_urls(world)} <= in_matrix


def test_a_stranger_gets_the_same_404_as_for_nothing_on_every_scenario_url(client, world):
    client.force_login(UserFactory(username="stranger"))
    before = database_state()
    for name, url, _ in scenario_urls(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            missing = getattr(client, method)(missing_variant(world, name))
            assert response.status_code in (404, 405), f"{method} {name}"
            assert response.status_code == missing.status_code, f"{method} {name}"
            assert without_csrf_token(response.content) == without_csrf_token(missing.content), name
    assert database_state() == before


def test_anonymous_visitors_are_sent_to_log_in_from_every_scenario_url(world):
    client = Client()
    before = database_state()
    for name, url, _ in scenario_urls(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and response.url.startswith(reverse("login")), (
                f"{method} {name}"
            )
    assert database_state() == before


def test_a_token_link_needs_no_login_and_an_unknown_token_is_a_404(world):
    client = Client()
    for name, url, args in app_urls(world["values"]):
        if "token" in args:
            assert client.get(url).status_code == 200, name
            assert client.get(url.replace(world["values"]["token"], "x" * 43)).status_code == 404, name
            assert client.post(url).status_code == 405, name


def test_viewers_cannot_write_through_any_url(client, world):
    client.force_login(world["viewer"])
    scenario = world["scenario"]
    before_scenario = Scenario.objects.values().get(pk=scenario.pk)
    for name, url, _ in scenario_urls(world):
        data = editor_post_data(scenario) if name in {"scenarios:edit", "scenarios:preview"} else {}
        response = client.post(url, data)
        if name == "scenarios:clone":
            assert response.status_code == 302  # a copy of their own
        else:
            assert response.status_code in (403, 405), name
    assert Scenario.objects.values().get(pk=scenario.pk) == before_scenario
    assert ShareLink.objects.filter(revoked_at__isnull=True).count() == 1


# Actions with no page of their own: GET must be refused outright.
POST_ONLY = {
    "logout",
    "api_token_revoke",
    "scenarios:preview",
    "scenarios:clone",
    "scenarios:restore",
    "scenarios:set_visibility",
    "scenarios:share_with_user",
    "scenarios:unshare",
    "scenarios:create_link",
    "scenarios:revoke_link",
    "scenarios:save_ranges",
    "pipelines:new",
    "pipelines:edit",
    "pipelines:delete",
    "pipelines:set_visibility",
    "pipelines:share_with_user",
    "pipelines:unshare",
    "pipelines:deal_terms",
    "pipelines:deal_remove",
    "pipelines:case_remove",
}


def test_get_never_changes_anything_and_actions_refuse_it(client, world):
    client.force_login(world["owner"])
    before = database_state()
    refused = set()
    for name, url, _ in app_urls(world["values"]):
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 405), f"{name}: {response.status_code}"
        if response.status_code == 405:
            refused.add(name)
    assert refused == POST_ONLY
    assert database_state() == before


def test_every_post_without_a_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["owner"])
    before = database_state()
    for name, url, _ in app_urls(world["values"]):
        assert client.post(url, {"anything": "1"}).status_code == 403, name
    assert database_state() == before


def test_posting_extra_fields_assigns_nothing_else(client, world):
    owner, scenario = world["owner"], world["scenario"]
    other = ScenarioFactory(name="Someone else's", owner=UserFactory(username="other-owner"))
    other_line = ComponentLine.objects.create(
        scenario=other,
        category=scenario.lines.first().category,
        supplier=scenario.lines.first().supplier,
        content_value_usd=1,
        annual_price_change_pct=0,
        share_pct=10,
        supply_start_year=2025,
        upfront_year=2025,
    )
    client.force_login(owner)
    data = editor_post_data(scenario)
    data.update(
        {
            "owner": other.owner_id,
            "owner_id": other.owner_id,
            "version": "99",
            "visibility": "shared",
            "is_staff": "on",
            "is_superuser": "on",
            "customer": other.customer_id,
            "scenario": other.pk,
            f"line-{other_line.pk}-share_pct": "99",
            "id": other.pk,
        }
    )
    assert client.post(reverse("scenarios:edit", args=[scenario.pk]), data).status_code == 302
    scenario.refresh_from_db()
    assert (scenario.owner, scenario.visibility, scenario.version) == (owner, "private", 2)
    assert scenario.customer.slug == "xiaomi"
    other_line.refresh_from_db()
    assert other_line.share_pct == 10
    owner.refresh_from_db()
    assert not owner.is_staff and not owner.is_superuser
