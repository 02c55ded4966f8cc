from decimal import Decimal

import pytest

from pipelines import services
from scenarios.models import Scenario
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory, UserFactory


@pytest.fixture
def two_scenarios(owner):
    """Two of owner's scenarios with one line each: 100,000 vehicles a year for 3
    years (2025-2027, no growth), $1,000 of content at 50%: $50M a year, $150M in
    all; the second starts in 2026 (2026-2028) at 20,000 vehicles: $10M a year."""
    first = ScenarioFactory(owner=owner, name="First plan", annual_growth_pct=Decimal("0"))
    ComponentLineFactory(scenario=first, category__slug="battery", category__name="Battery")
    second = ScenarioFactory(
        owner=owner,
        name="Second plan",
        first_year=2026,
        first_year_volume=20_000,
        annual_growth_pct=Decimal("0"),
    )
    ComponentLineFactory(
        scenario=second, category__slug="display", category__name="Display", supply_start_year=2026
    )
    return first, second


@pytest.fixture
def pipeline(owner, two_scenarios):
    """owner's pipeline: the first plan won at 50%, the second at 80%."""
    first, second = two_scenarios
    pipeline = services.pipeline_create(owner=owner, name="Pursuits")
    services.deal_add(pipeline=pipeline, scenario=first, user=owner, probability_pct=Decimal("50"))
    services.deal_add(pipeline=pipeline, scenario=second, user=owner, probability_pct=Decimal("80"))
    return pipeline


@pytest.fixture
def someone_elses_scenario(db):
    return Scenario.objects.get(pk=ScenarioFactory(owner=UserFactory(username="someone")).pk)
