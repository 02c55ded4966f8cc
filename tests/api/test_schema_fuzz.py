"""The API against its own OpenAPI document: schemathesis generates requests for
every operation from the schema (bounded: HYPOTHESIS_PROFILE=long runs ten times
as many) and each answer must be no server error, carry a documented status code
and content type, and match the schema for that status."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from ops.demo import DEMO_USER
from pipelines.models import Pipeline
from scenarios.models import Scenario

EXAMPLES = 250 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 25
PATHS_WITH_IDS = [
    "/api/companies/{slug}",
    *(f"/api/scenarios/{{pk}}{rest}" for rest in ("", "/clone", "/projection", "/value")),
    *(
        f"/api/scenarios/{{pk}}/analysis/{tool}"
        for tool in ("heatmap", "tornado", "goal-seek", "monte-carlo")
    ),
    "/api/pipelines/{pk}",
    "/api/pipelines/{pk}/deals/{deal_pk}",
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# The document is generated from the code; fetching it touches no database.
@pytest.fixture
def real_ids(seeded):
    """Path parameters that name demo's baseline scenario and the demo pipeline's first deal."""
    baseline = Scenario.objects.get(owner__username=DEMO_USER[0], name="Article baseline")
    pipeline = Pipeline.objects.get(owner__username=DEMO_USER[0])
    deal = pipeline.deals.order_by("pk").first()
    by_path = {"pk": baseline.pk, "slug": "samsung-sdi"}
    return {
        path: ({"pk": pipeline.pk, "deal_pk": deal.pk} if path.startswith("/api/pipelines/") else by_path)
        for path in PATHS_WITH_IDS
    }


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the WSGI handler would close the test's
    connection, and with it the transaction the test runs in, after each request."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def demo_token(seeded):
    from django.contrib.auth import get_user_model

    _, key = tokens.token_create(user=get_user_model().objects.get(username=DEMO_USER[0]), name="fuzz")
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_its_schema_says(case, demo_token, real_ids):
    headers = {"Authorization": f"Bearer {demo_token}"}
    case.call_and_validate(headers=headers, checks=CHECKS)
    # Generated ids rarely name a row: the same request again on demo's own.
    wanted = real_ids.get(case.operation.path, {})
    if wanted:
        case.path_parameters = {**case.path_parameters, **wanted}
        case.call_and_validate(headers=headers, checks=CHECKS)
