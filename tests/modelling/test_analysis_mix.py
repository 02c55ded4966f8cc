"""Every component's share or margin at once, keeping the scenario's mix; the
heatmap's cross on the grid; goal seek's answer in words."""

from dataclasses import replace

import numpy as np
import pytest

from modelling import analysis, engine, inputs
from modelling.analysis import EBIT, AnalysisInput, Range
from modelling.engine import ComponentInput, ScenarioInput

SHARE = AnalysisInput(inputs.SHARE)  # every component's, the mix kept
MARGIN = AnalysisInput(inputs.MARGIN)
VOLUME = AnalysisInput(inputs.FIRST_YEAR_VOLUME)
GROWTH = AnalysisInput(inputs.GROWTH)
BATTERY_SHARE = AnalysisInput(inputs.SHARE, "battery")

OTHERS = ("motor", "display", "chips", "cockpit", "lamps")


def mixed(**changes):
    """One year, 1,000 vehicles: the battery ($6,000 a vehicle) at 65%, five other
    components ($300 each) at 50%. Mean share (65 + 5 x 50) / 6 = 52.5%; revenue
    1,000 x (6,000 x 0.65 + 5 x 300 x 0.5) = 1,000 x (3,900 + 750) = $4,650,000."""
    values = {
        "first_year": 2025,
        "horizon": 1,
        "first_year_volume": 1000.0,
        "growth_pct": 0.0,
        "components": (
            ComponentInput("battery", "Battery", "SDI", 6000.0, 0.0, 65.0, 2025, 10.0),
            *(ComponentInput(key, key.title(), "S", 300.0, 0.0, 50.0, 2025, 4.0) for key in OTHERS),
        ),
    }
    values.update(changes)
    return ScenarioInput(**values)


def shares(scenario):
    return [c.share_pct for c in scenario.components]


def test_the_mean_share_is_the_scenarios_value_and_reproduces_it_exactly():
    scenario = mixed()
    assert SHARE.value(scenario) == 52.5
    assert SHARE.applied(scenario, 52.5) == scenario  # every float as it was
    assert engine.project(SHARE.applied(scenario, 52.5)).cumulative_revenue == pytest.approx(4_650_000)


@pytest.mark.parametrize(
    ("mean", "battery", "other"),
    [
        (52.5, 65.0, 50.0),  # the scenario: no shift
        (60.0, 72.5, 57.5),  # +7.5 points each: (72.5 + 5 x 57.5) / 6 = 60
        (87.5, 100.0, 85.0),  # +35: the battery just reaches 100%
        (90.0, 100.0, 88.0),  # the battery stays at 100%: (100 + 5 x 88) / 6 = 90
        (100.0, 100.0, 100.0),
        (2.5, 15.0, 0.0),  # -50: the others just reach 0%
        (1.0, 6.0, 0.0),  # the others stay at 0%: (6 + 0) / 6 = 1
        (0.0, 0.0, 0.0),
    ],
)
def test_every_components_share_moves_by_the_same_points_clipped_to_0_100(mean, battery, other):
    moved = SHARE.applied(mixed(), mean)
    assert shares(moved) == pytest.approx([battery] + [other] * 5, abs=1e-9)
    assert np.mean(shares(moved)) == pytest.approx(mean, abs=1e-9)  # the value is the mean share


def test_the_arrays_keep_the_mix_as_the_engine_does():
    scenario = mixed()
    means = [0.0, 1.0, 30.0, 52.5, 77.2, 90.0, 100.0]
    variants = analysis.Variants.repeat(scenario, len(means))
    variants.set(scenario, SHARE, means)
    for row, mean in zip(variants.share, means, strict=True):
        assert row == pytest.approx(shares(SHARE.applied(scenario, mean)), abs=1e-12)
    revenue = analysis.project_many(scenario, variants).sum(axis=1)
    for total, mean in zip(revenue, means, strict=True):
        assert total == pytest.approx(engine.project(SHARE.applied(scenario, mean)).cumulative_revenue)


def test_every_components_margin_keeps_its_mix_too():
    # Margins 10% and 4%: mean (10 + 5 x 4) / 6 = 5%. A mean of 8% moves each by 3 points.
    scenario = mixed()
    assert MARGIN.value(scenario) == pytest.approx(5.0)
    moved = MARGIN.applied(scenario, 8.0)
    assert [c.margin_pct for c in moved.components] == pytest.approx([13.0] + [7.0] * 5)
    # Margins can be negative: a mean of -1% is 4% and -2%.
    moved = MARGIN.applied(scenario, -1.0)
    assert [c.margin_pct for c in moved.components] == pytest.approx([4.0] + [-2.0] * 5)


def test_at_the_heatmaps_cross_the_grid_is_the_scenarios_result():
    scenario = mixed()
    grid = analysis.sensitivity_grid(scenario, SHARE, (0, 100), VOLUME, (500, 1500), steps=21)
    column, row = grid.x_values.index(grid.base_x), grid.y_values.index(grid.base_y)
    assert (grid.base_x, grid.base_y) == (52.5, 1000.0)
    assert grid.results[row][column] == pytest.approx(4_650_000, rel=1e-12)
    # One share for all at the plain mean would give 1,000 x 7,500 x 0.525 = $3,937,500.
    one_for_all = replace(scenario, components=tuple(replace(c, share_pct=52.5) for c in scenario.components))
    assert engine.project(one_for_all).cumulative_revenue == pytest.approx(3_937_500)


def test_the_scenarios_own_value_is_put_on_the_grid_and_the_ends_stay():
    # 0 to 100 in 21 steps is every 5%; 52.5 is nearest 50 (and 55): 50 moves onto it.
    grid = analysis.sensitivity_grid(mixed(), SHARE, (0, 100), GROWTH, (-10, 10), steps=21)
    assert grid.x_values[9:12] == [45.0, 52.5, 55.0]
    assert (grid.x_values[0], grid.x_values[-1]) == (0.0, 100.0)
    assert grid.y_values[10] == 0.0  # growth 0% is on the grid already
    # Outside the range nothing moves: 60 to 100 in 5 steps.
    grid = analysis.sensitivity_grid(mixed(), SHARE, (60, 100), GROWTH, (-10, 10), steps=5)
    assert grid.x_values == [60.0, 70.0, 80.0, 90.0, 100.0]


def test_goal_seek_for_every_components_share_keeps_the_mix_by_hand():
    # Below any bound, revenue = 4,650,000 + 1,000 x (6,000 + 5 x 300) x shift / 100
    # = 4,650,000 + 75,000 x shift. $5,400,000 needs a 10-point shift: a mean of 62.5%,
    # the battery at 75% and the others at 60%.
    scenario = mixed()
    result = analysis.goal_seek(scenario, SHARE, 5_400_000)
    assert result.reached and result.value == pytest.approx(62.5, abs=1e-9)
    each = SHARE.each(scenario, result.value)
    assert [name for name, _ in each] == ["Battery", "Motor", "Display", "Chips", "Cockpit", "Lamps"]
    assert [value for _, value in each] == pytest.approx([75.0] + [60.0] * 5, abs=1e-9)


def test_goal_seek_for_every_components_margin_by_hand():
    # EBIT = 3,900,000 x battery margin + 750,000 x other margin (1,000 x revenue per vehicle).
    # At the scenario: 390,000 + 30,000 = 420,000. Each point of shift adds 46,500:
    # $606,000 needs 4 points, a mean of 9%.
    result = analysis.goal_seek(mixed(), MARGIN, 606_000, metric=EBIT)
    assert result.reached and result.value == pytest.approx(9.0, abs=1e-9)


def test_monte_carlo_at_the_mean_share_is_the_scenario_exactly():
    scenario = mixed()
    result = analysis.monte_carlo(scenario, [Range(SHARE, 52.5, 52.5, 52.5)], draws=20)
    assert np.all(result.totals == pytest.approx(4_650_000, rel=1e-12))


@pytest.mark.parametrize(
    ("varied", "value", "text"),
    [
        (SHARE, 77.2, "77.2%"),
        (SHARE, 62.499999999, "62.5%"),  # the editor's two places
        (BATTERY_SHARE, 100.0, "100%"),
        (GROWTH, -0.001, "0%"),
        (GROWTH, 1000.0, "1,000%"),
        (VOLUME, 1_234_567.8, "1,234,568"),
    ],
)
def test_a_value_reads_plainly(varied, value, text):
    assert varied.amount(value) == text


def test_an_input_reads_plainly_inside_a_sentence():
    scenario = mixed()
    assert SHARE.phrase(scenario) == "Share of every component, keeping the mix"
    assert BATTERY_SHARE.phrase(scenario) == "Battery: supplier's share"
    assert GROWTH.phrase(scenario) == "Annual volume growth"
    assert BATTERY_SHARE.each(scenario, 70.0) == []  # only every component at once lists each
