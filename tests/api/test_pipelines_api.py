"""Pipelines through the API: the page's expected figures, and a deal's terms
changed through the page's form and service."""

from decimal import Decimal

import pytest

from tests.pipelines.conftest import pipeline, two_scenarios  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_pipelines_expected_figures(owner_api, pipeline):  # noqa: F811
    # First plan: $50M a year 2025-2027 at 50%; second: $10M a year 2026-2028 at 80%.
    body = owner_api.get(f"/api/pipelines/{pipeline.pk}").json()
    assert body["years"] == [2025, 2026, 2027, 2028]
    assert body["expected_revenue_usd"] == pytest.approx([25e6, 33e6, 33e6, 8e6])
    assert body["all_won_revenue_usd"] == pytest.approx([50e6, 60e6, 60e6, 10e6])
    assert body["by_component"]["Battery"] == pytest.approx([25e6, 25e6, 25e6, 0])
    assert [deal["probability_pct"] for deal in body["deals"]] == [50.0, 80.0]
    assert [deal["expected_revenue_usd"] for deal in body["deals"]] == pytest.approx([75e6, 24e6])


def test_a_deals_terms_change_every_figure(owner_api, pipeline):  # noqa: F811
    deal = pipeline.deals.get(name="First plan")
    case = deal.cases.get()
    answer = owner_api.patch(
        f"/api/pipelines/{pipeline.pk}/deals/{deal.pk}",
        {"probability_pct": 100, "weights": {str(case.pk): 100}},
    )
    assert answer.status_code == 200, answer.content
    # $150M at 100% + $24M = $174M.
    assert sum(answer.json()["expected_revenue_usd"]) == pytest.approx(174e6)
    deal.refresh_from_db()
    assert deal.probability_pct == Decimal("100")


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"probability_pct": 101}, "probability_pct"),
        ({"probability_pct": 50, "weights": {"CASE": 90}}, "__all__"),
    ],
    ids=["probability", "weights"],
)
def test_refused_terms_say_why_and_change_nothing(owner_api, pipeline, terms, field):  # noqa: F811
    deal = pipeline.deals.get(name="First plan")
    case = deal.cases.get()
    terms = {**terms, "weights": {str(case.pk): w for w in terms.get("weights", {"x": 100}).values()}}
    answer = owner_api.patch(f"/api/pipelines/{pipeline.pk}/deals/{deal.pk}", terms)
    assert answer.status_code == 400
    assert field in answer.json()["errors"], answer.json()
    deal.refresh_from_db()
    assert deal.probability_pct == Decimal("50")
