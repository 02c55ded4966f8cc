"""Pipeline Monte Carlo: reproducible, and its mean converges on the closed form."""

import numpy as np
import pytest

from modelling.analysis import AnalysisInput
from modelling.analysis.monte_carlo import Range
from modelling.pipeline import Deal, combine
from modelling.pipeline_monte_carlo import RangedCase, RangedDeal, pipeline_monte_carlo, ranges_from_saved
from tests.modelling.test_pipeline import case


def two_deals():
    """The hand-worked pipeline of test_pipeline.py: expected cumulative revenue 3,550."""
    xiaomi = [
        case("bear", 0.25, "Xiaomi", first_year=2025, horizon=2, volume=10),
        case("base", 0.5, "Xiaomi", first_year=2025, horizon=2, volume=20),
        case("bull", 0.25, "Xiaomi", first_year=2025, horizon=3, volume=40),
    ]
    byd = [case("base", 1.0, "BYD", first_year=2027, horizon=2, volume=5)]
    return [(0.5, xiaomi), (0.8, byd)]


def ranged(deals, ranges=()):
    return [
        RangedDeal(p, tuple(RangedCase(c.weight, c.projection.scenario, ranges) for c in cases))
        for p, cases in deals
    ]


def test_the_same_seed_gives_the_same_draws_and_another_seed_others():
    one = pipeline_monte_carlo(ranged(two_deals()), draws=2_000, seed=7)
    again = pipeline_monte_carlo(ranged(two_deals()), draws=2_000, seed=7)
    other = pipeline_monte_carlo(ranged(two_deals()), draws=2_000, seed=8)
    assert np.array_equal(one.cumulative_revenue, again.cumulative_revenue)
    assert not np.array_equal(one.cumulative_revenue, other.cumulative_revenue)


def test_the_mean_converges_on_the_closed_form():
    closed = combine([Deal("d", p, tuple(cases)) for p, cases in two_deals()])
    assert closed.cumulative_expected_revenue == pytest.approx(3_550)
    result = pipeline_monte_carlo(ranged(two_deals()), draws=50_000, seed=3)
    draws = result.cumulative_revenue
    # Within four standard errors of the draws' own spread (about 1 in 16,000 to fail by chance).
    tolerance = 4 * draws.std() / np.sqrt(draws.size)
    assert abs(draws.mean() - 3_550) < tolerance
    assert tolerance < 0.02 * 3_550  # and the check is tight: under 2% of the value
    # Each draw is one of the possible outcomes: a won Xiaomi case (2,000, 4,000 or
    # 12,000) or nothing, plus BYD's 1,000 or nothing.
    possible = {x + b for x in (0, 2_000, 4_000, 12_000) for b in (0, 1_000)}
    assert set(np.unique(draws).tolist()) <= possible
    # NPV is a tenth of revenue here (10% margin, no discounting).
    assert result.npv == pytest.approx(draws / 10)


def test_years_align_and_the_chance_of_beating_a_target():
    result = pipeline_monte_carlo(ranged(two_deals()), draws=20_000, seed=1, target=4_000)
    assert result.years == [2025, 2026, 2027, 2028]
    # Reaching 4,000 needs a won Xiaomi deal on its base or bull case: 0.5 × 0.75 = 0.375
    # (base plus BYD's 1,000 is 5,000; bear plus BYD, 3,000, falls short).
    assert result.probability_above_target == pytest.approx(0.375, abs=0.015)


def test_a_won_case_draws_its_inputs_from_its_saved_ranges():
    deals = two_deals()
    scenario = deals[1][1][0].projection.scenario
    saved = {"volume": [4, 5, 6], "distribution": "triangular", "draws": 1000, "unknown": [1, 2, 3]}
    ranges = ranges_from_saved(saved, scenario)
    assert [r.input.key for r in ranges] == ["volume"]
    result = pipeline_monte_carlo(
        [RangedDeal(1.0, (RangedCase(1.0, scenario, ranges),))], draws=20_000, seed=2
    )
    # Volume triangular(4, 5, 6), mean 5: two years of 100 × volume, mean 1,000.
    assert result.cumulative_revenue.min() >= 800 and result.cumulative_revenue.max() <= 1_200
    assert result.cumulative_revenue.mean() == pytest.approx(1_000, rel=0.01)


def test_ranges_are_checked_against_the_declared_bounds():
    scenario = two_deals()[1][1][0].projection.scenario
    bad = Range(AnalysisInput.parse("share"), -5, 50, 100)
    with pytest.raises(ValueError, match="must lie within"):
        pipeline_monte_carlo([RangedDeal(1.0, (RangedCase(1.0, scenario, (bad,)),))], draws=10)


def test_a_deal_left_without_cases_adds_nothing():
    # Its scenarios deleted since: the deal stays on the page, contributing no draws.
    result = pipeline_monte_carlo(ranged(two_deals()) + [RangedDeal(0.9, ())], draws=1_000, seed=4)
    alone = pipeline_monte_carlo(ranged(two_deals()), draws=1_000, seed=4)
    assert np.array_equal(result.cumulative_revenue, alone.cumulative_revenue)
