"""Analysis tools against the engine and against cases worked out by hand."""

import math

import numpy as np
import pytest

from modelling import analysis, engine, inputs, snapshots
from modelling.analysis import AnalysisInput, AnalysisInputError, Range
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


VOLUME = AnalysisInput(inputs.FIRST_YEAR_VOLUME)
GROWTH = AnalysisInput(inputs.GROWTH)
SHARE = AnalysisInput(inputs.SHARE)  # every component's at once
BATTERY_SHARE = AnalysisInput(inputs.SHARE, "battery")
DISPLAY_SHARE = AnalysisInput(inputs.SHARE, "display")
DISPLAY_PRICE = AnalysisInput(inputs.PRICE_CHANGE, "display")
BATTERY_VALUE = AnalysisInput(inputs.CONTENT_VALUE, "battery")
BATTERY_START = AnalysisInput(inputs.SUPPLY_START, "battery")
C_SHARE = AnalysisInput(inputs.SHARE, "c")


@pytest.mark.parametrize(
    ("key", "declared", "component"),
    [
        ("volume", inputs.FIRST_YEAR_VOLUME, None),
        ("growth", inputs.GROWTH, None),
        ("share", inputs.SHARE, None),
        ("share:battery", inputs.SHARE, "battery"),
        ("value:display", inputs.CONTENT_VALUE, "display"),
        ("price:battery", inputs.PRICE_CHANGE, "battery"),
        ("start:display", inputs.SUPPLY_START, "display"),
    ],
)
def test_each_key_parses_to_the_declared_input_with_its_bounds(key, declared, component):
    varied = AnalysisInput.parse(key, base())
    assert varied == AnalysisInput(declared, component)
    assert varied.key == key
    assert varied.bounds == (float(declared.low), float(declared.high))


@pytest.mark.parametrize(
    "key", ["nope", "value", "start", "volume:battery", "share:", "first_year", "horizon"]
)
def test_an_unknown_key_is_refused(key):
    with pytest.raises(AnalysisInputError) as raised:
        AnalysisInput.parse(key, base())
    assert raised.value.field == "input"


def test_a_component_the_scenario_does_not_have_is_refused():
    with pytest.raises(AnalysisInputError, match="no component 'wheels'"):
        AnalysisInput.parse("share:wheels", base())
    # Without a scenario (a saved range read back) only the key's shape is checked.
    assert AnalysisInput.parse("share:wheels").component == "wheels"


def test_labels_come_from_the_declaration():
    scenario = base()
    assert GROWTH.label(scenario) == inputs.GROWTH.page_label == "Annual volume growth (%)"
    assert SHARE.label(scenario) == inputs.SHARE.every_label
    assert BATTERY_SHARE.label(scenario) == "Battery: share (%)"
    assert BATTERY_VALUE.label(scenario) == "Battery: value per vehicle (USD)"


def test_project_many_follows_the_engine_for_random_variants():
    scenario = base()
    generator = np.random.default_rng(7)
    variants = analysis.Variants.repeat(scenario, 50)
    variants.set(scenario, VOLUME, generator.uniform(0, 500_000, 50))
    variants.set(scenario, GROWTH, generator.uniform(-50, 80, 50))
    variants.set(scenario, BATTERY_SHARE, generator.uniform(0, 100, 50))
    variants.set(scenario, DISPLAY_PRICE, generator.uniform(-20, 20, 50))
    revenue, addressable = analysis.project_many(scenario, variants)
    for i in range(50):
        one = VOLUME.applied(scenario, variants.volume[i])
        one = GROWTH.applied(one, variants.growth[i])
        one = BATTERY_SHARE.applied(one, variants.share[i, 0])
        one = DISPLAY_PRICE.applied(one, variants.price[i, 1])
        projection = engine.project(one)
        assert revenue[i] == pytest.approx(projection.revenue_by_year, rel=1e-12)
        assert addressable[i] == pytest.approx(projection.addressable_by_year, rel=1e-12)


def test_a_heatmap_cell_is_the_engine_at_those_two_inputs():
    scenario = base()
    grid = analysis.sensitivity_grid(scenario, SHARE, (0, 100), VOLUME, (50_000, 250_000), steps=21)
    assert len(grid.x_values) == 21 and len(grid.cumulative) == 21 and len(grid.cumulative[0]) == 21
    # Column 7 is share 35%, row 3 is 80,000 vehicles.
    assert grid.x_values[7] == pytest.approx(35) and grid.y_values[3] == pytest.approx(80_000)
    expected = engine.project(VOLUME.applied(SHARE.applied(scenario, 35.0), 80_000.0))
    assert grid.cumulative[3][7] == pytest.approx(expected.cumulative_revenue, rel=1e-12)
    assert (grid.base_x, grid.base_y) == (65.0, 100_000.0)  # mean of 50% and 80%; the base volume


@pytest.mark.parametrize("field", ["x_range", "y_range"])
def test_a_heatmap_accepts_exactly_the_declared_bounds(field):
    low, high = inputs.GROWTH.bounds  # -100 to 1,000 % a year
    ranges = {"x_range": (0, 100), "y_range": (0, 100)}
    analysis.sensitivity_grid(base(), GROWTH, (low, high), SHARE, (0, 100), steps=2)
    for outside in ((low - 0.01, high), (low, high + 0.01)):
        ranges[field] = outside
        x, y = (GROWTH, SHARE) if field == "x_range" else (SHARE, GROWTH)
        with pytest.raises(AnalysisInputError, match=f"within {low:,g} to {high:,g}") as raised:
            analysis.sensitivity_grid(base(), x, ranges["x_range"], y, ranges["y_range"], steps=2)
        assert raised.value.field == field


def test_a_heatmap_by_hand():
    # One component, $10 a vehicle, one year: cumulative = volume x 10 x share / 100.
    one = base(
        horizon=1, volume_overrides={}, components=(ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025),)
    )
    grid = analysis.sensitivity_grid(one, SHARE, (0, 100), VOLUME, (0, 1000), steps=3)
    assert grid.cumulative == [[0, 0, 0], [0, 2_500, 5_000], [0, 5_000, 10_000]]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((SHARE, (0, 100), SHARE, (0, 100)), "y_name"),
        ((SHARE, (60, 40), VOLUME, (0, 1)), "x_range"),
        ((SHARE, (0, 101), VOLUME, (0, 1)), "x_range"),
        ((SHARE, (0, 100), VOLUME, (0, math.inf)), "y_range"),
        ((SHARE, (0, 100), GROWTH, (-200, 0)), "y_range"),
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
                engine.project(bar.input.applied(scenario, value)).cumulative_revenue
            )
    by_input = {bar.input: bar for bar in bars}
    # Shares clip at 100: the display's 80% goes to 64% and 96%; the battery's 50% to 40% and 60%.
    assert (by_input[DISPLAY_SHARE].low_input, by_input[DISPLAY_SHARE].high_input) == pytest.approx((64, 96))
    assert (by_input[BATTERY_SHARE].low_input, by_input[BATTERY_SHARE].high_input) == pytest.approx((40, 60))
    # Start years move one year: 2026 -> 2025 and 2027.
    assert (by_input[BATTERY_START].low_input, by_input[BATTERY_START].high_input) == (2025, 2027)


def test_tornado_by_hand():
    # 1,000 vehicles, one year, $10 x 50%: 5,000. Volume +-20%: 4,000 and 6,000.
    one = base(
        horizon=1,
        volume_overrides={},
        first_year_volume=1000.0,
        components=(ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025),),
    )
    volume = next(bar for bar in analysis.tornado(one) if bar.input == VOLUME)
    assert (volume.low_result, volume.high_result) == pytest.approx((4_000, 6_000))
    share = next(bar for bar in analysis.tornado(one) if bar.input == C_SHARE)
    assert (share.low_input, share.high_input, share.low_result, share.high_result) == pytest.approx(
        (40, 60, 4_000, 6_000)
    )


@pytest.mark.parametrize("varied", [SHARE, BATTERY_SHARE, VOLUME, GROWTH], ids=lambda v: v.key)
def test_goal_seek_hits_a_reachable_target_within_its_tolerance(varied):
    scenario = base()
    target = engine.project(scenario).cumulative_revenue * 1.3
    result = analysis.goal_seek(scenario, varied, target)
    assert result.reached
    assert abs(result.result - target) <= result.tolerance
    check = engine.project(varied.applied(scenario, result.value)).cumulative_revenue
    assert abs(check - target) <= result.tolerance


def test_goal_seek_searches_the_declared_bounds():
    assert analysis.goal_bounds(VOLUME) == (0.0, float(inputs.MAX_VOLUME))
    assert analysis.goal_bounds(BATTERY_SHARE) == (0.0, 100.0)
    assert analysis.goal_bounds(GROWTH) == (-100.0, float(inputs.GROWTH.goal_high))
    # Out of reach, the closest value is the declared bound.
    result = analysis.goal_seek(base(), GROWTH, 1e18)
    assert not result.reached and result.value == inputs.GROWTH.goal_high


def test_goal_seek_by_hand():
    # One year, 1,000 vehicles, $10: revenue = 100 x share. $2,500 needs a 25% share.
    one = base(
        horizon=1,
        volume_overrides={},
        first_year_volume=1000.0,
        components=(ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025),),
    )
    result = analysis.goal_seek(one, SHARE, 2_500)
    assert result.reached and result.value == pytest.approx(25, abs=1e-6)


def test_goal_seek_reports_an_unreachable_target_and_the_closest_it_gets():
    scenario = base()
    at_full_share = engine.project(SHARE.applied(scenario, 100.0)).cumulative_revenue
    result = analysis.goal_seek(scenario, SHARE, at_full_share * 2)
    assert not result.reached
    assert result.value == 100 and result.result == pytest.approx(at_full_share)


def test_goal_seek_for_revenue_in_one_year():
    scenario = base()
    # 2027 is overridden to 150,000, so 2028 has 165,000 vehicles whatever the first-year
    # volume: battery 6,000 x 0.94^3 = 4,983.504 x 50% x 165,000 = 411,139,080, display
    # 300 x 80% x 165,000 = 39,600,000; 450,739,080 in all. $1B is out of the volume's reach.
    result = analysis.goal_seek(scenario, VOLUME, 1e9, year=2028)
    assert not result.reached and result.result == pytest.approx(450_739_080)
    # Growth does move 2028 (from the override on): it can reach $500M.
    result = analysis.goal_seek(scenario, GROWTH, 5e8, year=2028)
    assert result.reached
    projection = engine.project(GROWTH.applied(scenario, result.value))
    assert abs(projection.revenue_by_year[3] - 5e8) <= result.tolerance


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"varied": BATTERY_VALUE, "target": 1}, "input"),
        ({"varied": SHARE, "target": -5}, "target"),
        ({"varied": SHARE, "target": math.nan}, "target"),
        ({"varied": SHARE, "target": 1, "year": 2040}, "year"),
    ],
)
def test_bad_goal_seek_requests_are_refused_by_field(kwargs, field):
    with pytest.raises(AnalysisInputError) as raised:
        analysis.goal_seek(base(), **kwargs)
    assert raised.value.field == field


def test_monte_carlo_with_degenerate_ranges_equals_the_engine_exactly():
    scenario = base()
    ranges = [Range(VOLUME, 100_000, 100_000, 100_000), Range(BATTERY_SHARE, 50, 50, 50, "pert")]
    result = analysis.monte_carlo(scenario, ranges, draws=100, seed=3)
    projection = engine.project(scenario)
    assert result.p10 == result.p50 == result.p90
    assert result.p50 == pytest.approx(list(projection.revenue_by_year), rel=1e-12)
    assert np.all(result.cumulative == pytest.approx(projection.cumulative_revenue, rel=1e-12))


def test_monte_carlo_with_the_same_seed_is_identical_and_another_seed_differs():
    ranges = [Range(VOLUME, 50_000, 100_000, 200_000), Range(GROWTH, 0, 10, 30, "pert")]
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
    result = analysis.monte_carlo(one, [Range(VOLUME, 0, 500, 1000)], draws=100_000, seed=11, target=776.393)
    assert result.p10[0] == pytest.approx(223.607, abs=5)
    assert result.p50[0] == pytest.approx(500, abs=5)
    assert result.p90[0] == pytest.approx(776.393, abs=5)
    assert result.probability_above_target == pytest.approx(0.10, abs=0.005)


@pytest.mark.parametrize(
    ("ranges", "draws", "field"),
    [
        ([Range(VOLUME, 10, 5, 20)], 100, "volume"),
        ([Range(BATTERY_SHARE, 0, 50, 120)], 100, "share:battery"),
        ([Range(GROWTH, 0, 1, 2, "normal")], 100, "growth"),
        ([], 100_001, "draws"),
        ([], 0, "draws"),
    ],
)
def test_bad_monte_carlo_requests_are_refused_by_field(ranges, draws, field):
    with pytest.raises(AnalysisInputError) as raised:
        analysis.monte_carlo(base(), ranges, draws=draws)
    assert raised.value.field == field


def test_saved_monte_carlo_ranges_are_labelled_from_the_declaration():
    assert snapshots.MONTE_CARLO_LABELS == [
        ("volume", "Monte Carlo: vehicles in the first year"),
        ("growth", "Monte Carlo: annual volume growth (%)"),
        ("share", "Monte Carlo: share of every component (%)"),
    ]
