"""Analysis tools against the engine and against cases worked out by hand."""

import math

import numpy as np
import pytest

from modelling import analysis, engine
from modelling.analysis import AnalysisInputError, Range
from modelling.engine import ComponentInput, ScenarioInput


def base(**changes):
    values = {
        "first_year": 2025,
        "horizon": 4,
        "first_year_volume": 100_000.0,
        "growth_pct": 10.0,
        "components": (
            ComponentInput("battery", "Battery", "SDI", 6000.0, -6.0, 50.0, 2026),
            ComponentInput("display", "Display", "Display Co", 300.0, 0.0, 80.0, 2025),
        ),
        "volume_overrides": {2027: 150_000.0},
    }
    values.update(changes)
    return ScenarioInput(**values)


def test_project_many_follows_the_engine_for_random_variants():
    scenario = base()
    generator = np.random.default_rng(7)
    variants = analysis.Variants.repeat(scenario, 50)
    variants.set(scenario, "volume", generator.uniform(0, 500_000, 50))
    variants.set(scenario, "growth", generator.uniform(-50, 80, 50))
    variants.set(scenario, "share:battery", generator.uniform(0, 100, 50))
    variants.set(scenario, "price:display", generator.uniform(-20, 20, 50))
    revenue, addressable = analysis.project_many(scenario, variants)
    for i in range(50):
        one = analysis._with(scenario, "volume", variants.volume[i])
        one = analysis._with(one, "growth", variants.growth[i])
        one = analysis._with(one, "share:battery", variants.share[i, 0])
        one = analysis._with(one, "price:display", variants.price[i, 1])
        projection = engine.project(one)
        assert revenue[i] == pytest.approx(projection.revenue_by_year, rel=1e-12)
        assert addressable[i] == pytest.approx(projection.addressable_by_year, rel=1e-12)


def test_a_heatmap_cell_is_the_engine_at_those_two_inputs():
    scenario = base()
    grid = analysis.sensitivity_grid(scenario, "share", (0, 100), "volume", (50_000, 250_000), steps=21)
    assert len(grid.x_values) == 21 and len(grid.cumulative) == 21 and len(grid.cumulative[0]) == 21
    # Column 7 is share 35%, row 3 is 80,000 vehicles.
    assert grid.x_values[7] == pytest.approx(35) and grid.y_values[3] == pytest.approx(80_000)
    expected = engine.project(analysis._with(analysis._with(scenario, "share", 35.0), "volume", 80_000.0))
    assert grid.cumulative[3][7] == pytest.approx(expected.cumulative_revenue, rel=1e-12)
    assert (grid.base_x, grid.base_y) == (65.0, 100_000.0)  # mean of 50% and 80%; the base volume


def test_a_heatmap_by_hand():
    # One component, $10 a vehicle, one year: cumulative = volume x 10 x share / 100.
    one = base(
        horizon=1, volume_overrides={}, components=(ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025),)
    )
    grid = analysis.sensitivity_grid(one, "share", (0, 100), "volume", (0, 1000), steps=3)
    assert grid.cumulative == [[0, 0, 0], [0, 2_500, 5_000], [0, 5_000, 10_000]]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("share", (0, 100), "share", (0, 100)), "y_name"),
        (("share", (60, 40), "volume", (0, 1)), "x_range"),
        (("share", (0, 101), "volume", (0, 1)), "x_range"),
        (("share", (0, 100), "volume", (0, math.inf)), "y_range"),
        (("share", (0, 100), "growth", (-200, 0)), "y_range"),
    ],
)
def test_bad_grid_ranges_are_refused_by_field(args, field):
    with pytest.raises(AnalysisInputError) as raised:
        analysis.sensitivity_grid(base(), *args)
    assert raised.value.field == field


def test_tornado_bars_are_engine_runs_at_the_low_and_high_values_sorted_by_swing():
    scenario = base()
    bars = analysis.tornado(scenario, swing_pct=20)
    assert [bar.swing for bar in bars] == sorted((bar.swing for bar in bars), reverse=True)
    for bar in bars:
        for value, result in ((bar.low_input, bar.low_result), (bar.high_input, bar.high_result)):
            assert result == pytest.approx(
                engine.project(analysis._with(scenario, bar.name, value)).cumulative_revenue
            )
    by_name = {bar.name: bar for bar in bars}
    # Shares clip at 100: the display's 80% goes to 64% and 96%; the battery's 50% to 40% and 60%.
    assert (by_name["share:display"].low_input, by_name["share:display"].high_input) == pytest.approx(
        (64, 96)
    )
    assert (by_name["share:battery"].low_input, by_name["share:battery"].high_input) == pytest.approx(
        (40, 60)
    )
    # Start years move one year: 2026 -> 2025 and 2027.
    assert (by_name["start:battery"].low_input, by_name["start:battery"].high_input) == (2025, 2027)


def test_tornado_by_hand():
    # 1,000 vehicles, one year, $10 x 50%: 5,000. Volume +-20%: 4,000 and 6,000.
    one = base(
        horizon=1,
        volume_overrides={},
        first_year_volume=1000.0,
        components=(ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025),),
    )
    volume = next(bar for bar in analysis.tornado(one) if bar.name == "volume")
    assert (volume.low_result, volume.high_result) == pytest.approx((4_000, 6_000))
    share = next(bar for bar in analysis.tornado(one) if bar.name == "share:c")
    assert (share.low_input, share.high_input, share.low_result, share.high_result) == pytest.approx(
        (40, 60, 4_000, 6_000)
    )


@pytest.mark.parametrize("name", ["share", "share:battery", "volume", "growth"])
def test_goal_seek_hits_a_reachable_target_within_its_tolerance(name):
    scenario = base()
    target = engine.project(scenario).cumulative_revenue * 1.3
    result = analysis.goal_seek(scenario, name, target)
    assert result.reached
    assert abs(result.result - target) <= result.tolerance
    check = engine.project(analysis._with(scenario, name, result.value)).cumulative_revenue
    assert abs(check - target) <= result.tolerance


def test_goal_seek_by_hand():
    # One year, 1,000 vehicles, $10: revenue = 100 x share. $2,500 needs a 25% share.
    one = base(
        horizon=1,
        volume_overrides={},
        first_year_volume=1000.0,
        components=(ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025),),
    )
    result = analysis.goal_seek(one, "share", 2_500)
    assert result.reached and result.value == pytest.approx(25, abs=1e-6)


def test_goal_seek_reports_an_unreachable_target_and_the_closest_it_gets():
    scenario = base()
    at_full_share = engine.project(analysis._with(scenario, "share", 100.0)).cumulative_revenue
    result = analysis.goal_seek(scenario, "share", at_full_share * 2)
    assert not result.reached
    assert result.value == 100 and result.result == pytest.approx(at_full_share)


def test_goal_seek_for_revenue_in_one_year():
    scenario = base()
    # 2027 is overridden to 150,000, so 2028 has 165,000 vehicles whatever the first-year
    # volume: battery 6,000 x 0.94^3 = 4,983.504 x 50% x 165,000 = 411,139,080, display
    # 300 x 80% x 165,000 = 39,600,000; 450,739,080 in all. $1B is out of the volume's reach.
    result = analysis.goal_seek(scenario, "volume", 1e9, year=2028)
    assert not result.reached and result.result == pytest.approx(450_739_080)
    # Growth does move 2028 (from the override on): it can reach $500M.
    result = analysis.goal_seek(scenario, "growth", 5e8, year=2028)
    assert result.reached
    projection = engine.project(analysis._with(scenario, "growth", result.value))
    assert abs(projection.revenue_by_year[3] - 5e8) <= result.tolerance


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "value:battery", "target": 1}, "input"),
        ({"name": "share", "target": -5}, "target"),
        ({"name": "share", "target": math.nan}, "target"),
        ({"name": "share", "target": 1, "year": 2040}, "year"),
    ],
)
def test_bad_goal_seek_requests_are_refused_by_field(kwargs, field):
    with pytest.raises(AnalysisInputError) as raised:
        analysis.goal_seek(base(), **kwargs)
    assert raised.value.field == field


def test_monte_carlo_with_degenerate_ranges_equals_the_engine_exactly():
    scenario = base()
    ranges = [Range("volume", 100_000, 100_000, 100_000), Range("share:battery", 50, 50, 50, "pert")]
    result = analysis.monte_carlo(scenario, ranges, draws=100, seed=3)
    projection = engine.project(scenario)
    assert result.p10 == result.p50 == result.p90
    assert result.p50 == pytest.approx(list(projection.revenue_by_year), rel=1e-12)
    assert np.all(result.cumulative == pytest.approx(projection.cumulative_revenue, rel=1e-12))


def test_monte_carlo_with_the_same_seed_is_identical_and_another_seed_differs():
    ranges = [Range("volume", 50_000, 100_000, 200_000), Range("growth", 0, 10, 30, "pert")]
    first = analysis.monte_carlo(base(), ranges, draws=2_000, seed=42, target=3e9)
    again = analysis.monte_carlo(base(), ranges, draws=2_000, seed=42, target=3e9)
    other = analysis.monte_carlo(base(), ranges, draws=2_000, seed=43, target=3e9)
    assert np.array_equal(first.cumulative, again.cumulative) and first.p50 == again.p50
    assert first.probability_above_target == again.probability_above_target
    assert not np.array_equal(first.cumulative, other.cumulative)


def test_monte_carlo_percentiles_match_a_known_distribution():
    # Revenue = volume when one component is worth $1 at 100% for one year; volume is
    # triangular(0, 500, 1000). Its CDF below 500 is x^2 / 500,000, so P10 = sqrt(50,000)
    # = 223.607; P50 = 500; P90 = 776.393 by symmetry. 100,000 draws: within 5 (about 5 SE).
    one = base(
        horizon=1, volume_overrides={}, components=(ComponentInput("c", "C", "S", 1.0, 0.0, 100.0, 2025),)
    )
    result = analysis.monte_carlo(
        one, [Range("volume", 0, 500, 1000)], draws=100_000, seed=11, target=776.393
    )
    assert result.p10[0] == pytest.approx(223.607, abs=5)
    assert result.p50[0] == pytest.approx(500, abs=5)
    assert result.p90[0] == pytest.approx(776.393, abs=5)
    assert result.probability_above_target == pytest.approx(0.10, abs=0.005)


@pytest.mark.parametrize(
    ("ranges", "draws", "field"),
    [
        ([Range("volume", 10, 5, 20)], 100, "volume"),
        ([Range("share:battery", 0, 50, 120)], 100, "share:battery"),
        ([Range("growth", 0, 1, 2, "normal")], 100, "growth"),
        ([], 100_001, "draws"),
        ([], 0, "draws"),
    ],
)
def test_bad_monte_carlo_requests_are_refused_by_field(ranges, draws, field):
    with pytest.raises(AnalysisInputError) as raised:
        analysis.monte_carlo(base(), ranges, draws=draws)
    assert raised.value.field == field
