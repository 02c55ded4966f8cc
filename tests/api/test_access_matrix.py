"""Who may do what through the API, over every operation on a scenario or a
pipeline, with a token and with the browser's session: the pages' rules.
owner: everything. editor (shared by name with edit rights): may change, not
delete (403). viewer (shared by name to view): may look, analyse and clone
(403 for changes). stranger: 404, the same as for a scenario that does not
exist. anonymous: 401."""

from decimal import Decimal

import pytest

from api.api import api
from pipelines import services as pipeline_services
from scenarios import services
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory, UserFactory

pytestmark = pytest.mark.django_db

OK, CREATED, GONE, FORBIDDEN, MISSING, UNAUTHORIZED = 200, 201, 204, 403, 404, 401


def edit(world):
    return {"base_version": world["scenario"].version, "annual_growth_pct": 12}


def terms(world):
    deal = world["pipeline"].deals.get()
    return {"probability_pct": 40, "weights": {str(deal.cases.get().pk): 100}}


def compared(world):
    return {"ids": f"{world['scenario'].pk},{world['scenario'].pk}v1"}


ANALYSIS = {"params": {"draws": 200}}
READ = {"owner": OK, "editor": OK, "viewer": OK}
CHANGE = {"owner": OK, "editor": OK, "viewer": FORBIDDEN}

# (method, path with {pk} for the scenario or pipeline, body or query, {actor: status})
SCENARIO_OPERATIONS = [
    ("get", "/api/scenarios/{pk}", None, READ),
    ("patch", "/api/scenarios/{pk}", edit, CHANGE),
    ("delete", "/api/scenarios/{pk}", None, {"owner": GONE, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
    ("post", "/api/scenarios/{pk}/clone", None, {"owner": CREATED, "editor": CREATED, "viewer": CREATED}),
    ("get", "/api/scenarios/{pk}/projection", None, READ),
    ("get", "/api/scenarios/{pk}/value", None, READ),
    ("get", "/api/compare", compared, READ),
    ("post", "/api/scenarios/{pk}/analysis/heatmap", {"params": {"steps": 3}}, READ),
    ("post", "/api/scenarios/{pk}/analysis/tornado", None, READ),
    ("post", "/api/scenarios/{pk}/analysis/goal-seek", {"params": {"target_usd": "1B"}}, READ),
    ("post", "/api/scenarios/{pk}/analysis/monte-carlo", ANALYSIS, READ),
]
PIPELINE_OPERATIONS = [
    ("get", "/api/pipelines/{pk}", None, READ),
    ("patch", "/api/pipelines/{pk}/deals/{deal}", terms, CHANGE),
]


@pytest.fixture
def world(owner, stranger):
    scenario = ScenarioFactory(owner=owner, name="Owner's plan")
    ComponentLineFactory(scenario=scenario, category__slug="battery", category__name="Battery")
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    editor, viewer = UserFactory(username="editor"), UserFactory(username="viewer")
    services.scenario_share_with_user(scenario=scenario, with_user=editor, can_edit=True, user=owner)
    services.scenario_share_with_user(scenario=scenario, with_user=viewer, can_edit=False, user=owner)
    pipeline = pipeline_services.pipeline_create(owner=owner, name="Pursuits")
    pipeline_services.deal_add(
        pipeline=pipeline, scenario=scenario, user=owner, probability_pct=Decimal("50")
    )
    pipeline_services.pipeline_share(pipeline=pipeline, user=owner, with_user=editor, can_edit=True)
    pipeline_services.pipeline_share(pipeline=pipeline, user=owner, with_user=viewer, can_edit=False)
    actors = {"owner": owner, "editor": editor, "viewer": viewer, "stranger": stranger}
    return {"scenario": scenario, "pipeline": pipeline, "actors": actors}


def call(client, method, path, payload, headers):
    if method in ("get", "delete"):
        return getattr(client, method)(path, payload or {}, headers=headers)
    return getattr(client, method)(path, payload or {}, content_type="application/json", headers=headers)


def expected_for(actor, expected):
    return {"anonymous": UNAUTHORIZED, "stranger": MISSING}.get(actor) or expected[actor]


def run(client, bearer, world, operation, actor, auth, pk, extra=None):
    method, path, payload, expected = operation
    path = path.format(pk=pk, **(extra or {}))
    payload = payload(world) if callable(payload) else payload
    headers = {}
    if actor != "anonymous":
        user = world["actors"][actor]
        if auth == "token":
            headers = bearer(user)
        else:
            client.force_login(user)
    answer = call(client, method, path, payload, headers)
    assert answer.status_code == expected_for(actor, expected), answer.content[:300]
    if answer.status_code != GONE:
        assert answer["Content-Type"] == "application/json; charset=utf-8"
    return answer


ACTORS = ["owner", "editor", "viewer", "stranger", "anonymous"]


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "operation", SCENARIO_OPERATIONS, ids=[f"{o[0]} {o[1]}" for o in SCENARIO_OPERATIONS]
)
def test_every_scenario_operation_for_every_kind_of_user(client, bearer, world, operation, actor, auth):
    run(client, bearer, world, operation, actor, auth, world["scenario"].pk)


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "operation", PIPELINE_OPERATIONS, ids=[f"{o[0]} {o[1]}" for o in PIPELINE_OPERATIONS]
)
def test_every_pipeline_operation_for_every_kind_of_user(client, bearer, world, operation, actor, auth):
    pipeline = world["pipeline"]
    run(client, bearer, world, operation, actor, auth, pipeline.pk, {"deal": pipeline.deals.get().pk})


def test_a_missing_scenario_is_the_same_404_as_a_strangers(client, bearer, world):
    headers = bearer(world["actors"]["stranger"])
    theirs = client.get(f"/api/scenarios/{world['scenario'].pk}", headers=headers)
    missing = client.get("/api/scenarios/999999", headers=headers)
    assert theirs.status_code == missing.status_code == MISSING
    assert theirs.json() == missing.json()


def test_the_list_holds_only_what_each_user_may_see(client, bearer, world):
    private = ScenarioFactory(owner=world["actors"]["stranger"], name="Stranger's own")
    for actor, sees_private in (("owner", False), ("viewer", False), ("stranger", True)):
        names = {
            s["name"]
            for s in client.get("/api/scenarios", headers=bearer(world["actors"][actor])).json()["results"]
        }
        assert (private.name in names) is sees_private
        assert ("Owner's plan" in names) is (actor != "stranger")
    pipelines = client.get("/api/pipelines", headers=bearer(world["actors"]["stranger"])).json()
    assert pipelines == []


def test_every_api_operation_is_in_a_matrix():
    """A new operation fails here until its rules are added above (or it reads no one's data)."""
    on_no_object = {
        ("get", "/api/companies"),
        ("get", "/api/companies/{slug}"),
        ("get", "/api/relationships"),
        ("get", "/api/facts"),
        ("get", "/api/scenarios"),
        ("post", "/api/scenarios"),
        ("get", "/api/pipelines"),
    }
    in_matrix = {
        (m, p.replace("{deal}", "{deal_pk}")) for m, p, *_ in SCENARIO_OPERATIONS + PIPELINE_OPERATIONS
    }
    schema = api.get_openapi_schema()
    found = {(method, path) for path, operations in schema["paths"].items() for method in operations}
    assert found == in_matrix | on_no_object
