"""Analysis tools against the engine and against cases worked out by hand."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from modelling import analysis, currency, engine, inputs, snapshots
from modelling import scenario_figures as charts
from modelling.analysis import EBIT, NPV, REVENUE, AnalysisInput, AnalysisInputError, Range
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


def valued(**changes):
    """base() with what its revenue is worth: a tax, working capital, two up-front
    costs (one in a later year), a loss in 2025 (only the display, at a negative
    margin, supplies then) and figures in won, with a rate of the scenario's own in 2027."""
    values = {
        "components": (
            ComponentInput("battery", "Battery", "SDI", 6000.0, -6.0, 50.0, 2026, 8.0, 300_000_000.0, 2026),
            ComponentInput("display", "Display", "Display Co", 300.0, 0.0, 80.0, 2025, -5.0, 10_000_000.0),
        ),
        "discount_rate_pct": 9.0,
        "tax_rate_pct": 24.0,
        "working_capital_pct": 10.0,
        "currency": "KRW",
        "fx_overrides": {2027: 1500.0},
    }
    values.update(changes)
    return base(**values)


def one_line(margin=0.0, upfront=0.0, **changes):
    """One component worth $10 a vehicle, 1,000 vehicles, one year, a 50% share."""
    values = {
        "horizon": 1,
        "volume_overrides": {},
        "first_year_volume": 1000.0,
        "components": (ComponentInput("c", "C", "S", 10.0, 0.0, 50.0, 2025, margin, upfront),),
    }
    values.update(changes)
    return base(**values)


VOLUME = AnalysisInput(inputs.FIRST_YEAR_VOLUME)
GROWTH = AnalysisInput(inputs.GROWTH)
SHARE = AnalysisInput(inputs.SHARE)  # every component's at once
BATTERY_SHARE = AnalysisInput(inputs.SHARE, "battery")
DISPLAY_SHARE = AnalysisInput(inputs.SHARE, "display")
DISPLAY_PRICE = AnalysisInput(inputs.PRICE_CHANGE, "display")
BATTERY_VALUE = AnalysisInput(inputs.CONTENT_VALUE, "battery")
BATTERY_START = AnalysisInput(inputs.SUPPLY_START, "battery")
C_SHARE = AnalysisInput(inputs.SHARE, "c")
MARGIN = AnalysisInput(inputs.MARGIN)  # every component's at once
BATTERY_MARGIN = AnalysisInput(inputs.MARGIN, "battery")
C_MARGIN = AnalysisInput(inputs.MARGIN, "c")


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
        ("margin", inputs.MARGIN, None),
        ("margin:battery", inputs.MARGIN, "battery"),
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
    assert SHARE.label(scenario) == "Share of every component, keeping the mix (mean %)"
    assert BATTERY_SHARE.label(scenario) == "Battery: share (%)"
    assert BATTERY_VALUE.label(scenario) == "Battery: value per vehicle (USD)"
    assert BATTERY_MARGIN.label(scenario) == "Battery: margin (%)"
    assert MARGIN.label(scenario) == "Operating margin of every component, keeping the mix (mean %)"


@pytest.mark.parametrize(
    ("code", "metric", "title", "by_year"),
    [
        ("revenue", REVENUE, "Cumulative revenue, US dollars", True),
        ("ebit", EBIT, "Cumulative EBIT, US dollars", True),
        ("npv", NPV, "NPV, US dollars", False),
    ],
)
def test_each_target_metric_parses_and_says_what_it_is(code, metric, title, by_year):
    assert analysis.Metric.parse(code) is metric
    assert metric.title(currency.USD) == title and metric.by_year is by_year
    assert metric.title(currency.KRW).endswith(", South Korean won")


@pytest.mark.parametrize("code", ["nope", "", None, "NPV"])
def test_an_unknown_metric_is_refused(code):
    with pytest.raises(AnalysisInputError) as raised:
        analysis.Metric.parse(code)
    assert raised.value.field == "metric"


def test_a_metric_of_a_projection_is_its_valuation_in_the_reporting_currency():
    projection = engine.project(valued())
    value = projection.value
    assert REVENUE.of(projection) == pytest.approx(value.cumulative_revenue, rel=1e-12)
    assert EBIT.of(projection) == pytest.approx(value.cumulative_ebit, rel=1e-12)
    assert NPV.of(projection) == pytest.approx(value.npv, rel=1e-12)
    # 2027 at the scenario's own 1,500 won a dollar.
    assert EBIT.of(projection, 2027) == pytest.approx(value.total.ebit[2] * 1500, rel=1e-12)
    with pytest.raises(AnalysisInputError) as raised:
        NPV.of(projection, 2027)
    assert raised.value.field == "year"


def _random_variants(scenario, n, seed=7):
    """n variants of scenario, and each as the engine's input."""
    generator = np.random.default_rng(seed)
    variants = analysis.Variants.repeat(scenario, n)
    variants.set(scenario, VOLUME, generator.uniform(0, 500_000, n))
    variants.set(scenario, GROWTH, generator.uniform(-50, 80, n))
    variants.set(scenario, BATTERY_SHARE, generator.uniform(0, 100, n))
    variants.set(scenario, DISPLAY_PRICE, generator.uniform(-20, 20, n))
    variants.set(scenario, BATTERY_MARGIN, generator.uniform(-30, 40, n))
    variants.set(scenario, BATTERY_START, generator.integers(2025, 2029, n))
    inputs_ = []
    for i in range(n):
        one = VOLUME.applied(scenario, variants.volume[i])
        one = GROWTH.applied(one, variants.growth[i])
        one = BATTERY_SHARE.applied(one, variants.share[i, 0])
        one = DISPLAY_PRICE.applied(one, variants.price[i, 1])
        one = BATTERY_MARGIN.applied(one, variants.margin[i, 0])
        one = BATTERY_START.applied(one, int(variants.start[i, 0]))
        inputs_.append(one)
    return variants, inputs_


@pytest.mark.parametrize("scenario", [base(), valued()], ids=["revenue only", "valued"])
def test_project_many_follows_the_engine_for_random_variants(scenario):
    variants, each = _random_variants(scenario, 50)
    yearly = {metric: analysis.project_many(scenario, variants, metric) for metric in (REVENUE, EBIT, NPV)}
    for i, one in enumerate(each):
        projection = engine.project(one)
        for metric, series in yearly.items():
            assert series[i] == pytest.approx(metric.yearly(projection), rel=1e-12, abs=1e-3), metric.code
            assert series[i].sum() == pytest.approx(metric.of(projection), rel=1e-12, abs=1e-3), metric.code


def test_the_array_cash_flows_are_the_valuations_year_by_year():
    scenario = valued()
    variants, each = _random_variants(scenario, 40, seed=3)
    flows = analysis.project_flows(scenario, variants)
    for i, one in enumerate(each):
        total = engine.project(one).value.total
        for name in ("revenue", "ebit", "tax", "working_capital_change", "fcf", "present_value"):
            assert getattr(flows, name)[i] == pytest.approx(getattr(total, name), rel=1e-12, abs=1e-6), name
        assert flows.upfront_cost == pytest.approx(total.upfront_cost)
        assert flows.discount_factor == pytest.approx(total.discount_factor, rel=1e-15)
    # The base case has what the array form must get right: a loss year that pays no tax
    # (2025: only the display supplies, at -5%), working capital as revenue grows, the
    # battery's cost in 2026 and the display's in the first year.
    base_case = engine.project(scenario).value.total
    assert base_case.ebit[0] < 0 and base_case.tax[0] == 0 and base_case.tax[1] > 0
    assert base_case.upfront_cost == (10_000_000, 300_000_000, 0, 0)
    assert all(change != 0 for change in base_case.working_capital_change)


def test_a_heatmap_cell_is_the_engine_at_those_two_inputs():
    scenario = base()
    grid = analysis.sensitivity_grid(scenario, SHARE, (0, 100), VOLUME, (50_000, 250_000), steps=21)
    assert len(grid.x_values) == 21 and len(grid.results) == 21 and len(grid.results[0]) == 21
    # Column 7 is share 35%, row 3 is 80,000 vehicles.
    assert grid.x_values[7] == pytest.approx(35) and grid.y_values[3] == pytest.approx(80_000)
    expected = engine.project(VOLUME.applied(SHARE.applied(scenario, 35.0), 80_000.0))
    assert grid.results[3][7] == pytest.approx(expected.cumulative_revenue, rel=1e-12)
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
    assert grid.results == [[0, 0, 0], [0, 2_500, 5_000], [0, 5_000, 10_000]]


def test_a_heatmap_of_npv_is_the_engine_at_those_two_inputs():
    scenario = valued()
    grid = analysis.sensitivity_grid(scenario, MARGIN, (-10, 30), SHARE, (0, 100), steps=5, metric=NPV)
    # Column 3 is a 20% margin on every line, row 1 a 25% share of every component.
    expected = engine.project(SHARE.applied(MARGIN.applied(scenario, 20.0), 25.0))
    assert grid.results[1][3] == pytest.approx(expected.value.npv, rel=1e-12)
    assert grid.metric is NPV
    # Nothing supplied, only the up-front costs: -$10M now and -$300M a year on, discounted at 9%, in won.
    npv_at_no_share = -(10_000_000 / 1.09 + 300_000_000 / 1.09**2) * 1412.23
    assert grid.results[0] == pytest.approx([npv_at_no_share] * 5, rel=1e-12)


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


def test_the_tornado_writes_each_value_as_the_analysis_does_years_without_separators():
    scenario = base()
    bars = analysis.tornado(scenario, swing_pct=20)
    labels = {bar.input: bar.input.label(scenario) for bar in bars}
    figure = charts.tornado_chart(
        bars, labels, engine.project(scenario).cumulative_revenue, REVENUE, currency.USD
    )
    low, high = figure["data"]
    texts = dict(zip(low["y"], zip(low["text"], high["text"], strict=True), strict=True))
    # Each name on two lines, component over measure, to fit a phone's width.
    assert "Battery:<br>supply starts" in texts
    # The battery starts in 2026 and moves a year either way; its share of 50% moves by 20%: 40% and 60%.
    assert texts["Battery:<br>supply starts"] == ("2025", "2027")
    assert texts["Battery:<br>share (%)"] == ("40%", "60%")
    # Room beyond the longest bars for the values written at their ends.
    ends = [b.low_result for b in bars] + [b.high_result for b in bars]
    low_end, high_end = figure["layout"]["xaxis"]["range"]
    assert low_end < min(ends) and high_end > max(ends)


def test_tornado_on_ebit_is_engine_runs_and_has_a_bar_for_each_margin():
    scenario = valued()
    bars = analysis.tornado(scenario, swing_pct=20, metric=EBIT)
    for bar in bars:
        for value, result in ((bar.low_input, bar.low_result), (bar.high_input, bar.high_result)):
            assert result == pytest.approx(
                engine.project(bar.input.applied(scenario, value)).value.cumulative_ebit
            )
    keys = {bar.input.key for bar in bars}
    assert {"margin:battery", "margin:display"} <= keys
    # Revenue does not depend on the margins: on revenue they have no bar.
    assert not any(bar.input.input is inputs.MARGIN for bar in analysis.tornado(scenario, metric=REVENUE))


def test_tornado_on_ebit_by_hand():
    # Revenue 1,000 x $10 x 50% = 5,000; EBIT at 20% = 1,000. The volume, the share, the
    # value per vehicle and the margin each move it by 20% either way: 800 and 1,200.
    # Supply from 2024 changes nothing in a 2025-only horizon; from 2026 it earns nothing.
    one = one_line(margin=20.0)
    bars = {bar.input.key: bar for bar in analysis.tornado(one, swing_pct=20, metric=EBIT)}
    for key in ("volume", "share:c", "value:c", "margin:c"):
        assert (bars[key].low_result, bars[key].high_result) == pytest.approx((800, 1_200)), key
    assert (bars["margin:c"].low_input, bars["margin:c"].high_input) == pytest.approx((16, 24))
    start = bars["start:c"]
    assert (start.low_input, start.high_input, start.low_result, start.high_result) == (2024, 2026, 1_000, 0)
    assert next(iter(bars)) == "start:c"  # the largest swing first: 1,000 against 400
    # At a -10% margin (EBIT -500) more share loses more: the share's bar runs from -400 to -600.
    losing = {bar.input.key: bar for bar in analysis.tornado(one_line(margin=-10.0), metric=EBIT)}
    assert (losing["share:c"].low_result, losing["share:c"].high_result) == pytest.approx((-400, -600))
    assert (losing["margin:c"].low_input, losing["margin:c"].high_input) == pytest.approx((-12, -8))


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


def test_goal_seek_searches_the_editors_bounds():
    # Two years, 1,000 vehicles first, $10 at 50%: revenue = 5,000 + 5,000 x (1 + growth).
    # $35,000 needs 1 + growth = 6: 500% growth, inside the editor's 1,000%.
    two_years = one_line(horizon=2)
    result = analysis.goal_seek(two_years, GROWTH, 35_000)
    assert result.reached and result.value == pytest.approx(500, abs=1e-6)
    # Out of reach, the closest is the declared bound: 1,000% gives 5,000 + 5,000 x 11 = 60,000.
    result = analysis.goal_seek(two_years, GROWTH, 1e18)
    assert not result.reached and result.value == inputs.GROWTH.high == 1000
    assert result.result == pytest.approx(60_000)


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


def test_goal_seek_for_npv_break_even_by_hand():
    # One year in won: revenue = 1,000 vehicles x $10 x share = 100 x share dollars; at a
    # 40% margin EBIT is 40 x share, tax at 25% takes 10 x share, working capital at 10%
    # of the revenue's growth (from nothing) 10 x share, and $500 is spent up front:
    # FCF = 20 x share - 500, zero at a 25% share, whatever the discount rate.
    one = one_line(
        margin=40.0, upfront=500.0, tax_rate_pct=25.0, working_capital_pct=10.0, discount_rate_pct=10.0
    )
    one = engine.ScenarioInput(**{**one.__dict__, "currency": "KRW"})
    result = analysis.goal_seek(one, SHARE, 0, metric=NPV)
    assert result.reached and result.value == pytest.approx(25, abs=1e-6)
    assert abs(result.result) <= result.tolerance == 1
    # At a 50% share NPV = (20 x 50 - 500) / 1.1 dollars = 454.545..., x 1,412.23 won.
    assert NPV.of(engine.project(SHARE.applied(one, 50.0))) == pytest.approx(500 / 1.1 * 1412.23)
    # A target above zero, in won: 1,000,000 won = (20 x share - 500) / 1.1 x 1,412.23.
    result = analysis.goal_seek(one, SHARE, 1_000_000, metric=NPV)
    assert result.value == pytest.approx((1_000_000 / 1412.23 * 1.1 + 500) / 20, abs=1e-6)
    # The margin that breaks even at the 50% share: revenue $5,000, so EBIT is 50 x margin,
    # after a 25% tax 37.5 x margin; less $500 of working capital and $500 up front, zero
    # at a margin of 1,000 / 37.5 = 26.67%.
    result = analysis.goal_seek(one, C_MARGIN, 0, metric=NPV)
    assert result.reached and result.value == pytest.approx(1_000 / 37.5, abs=1e-6)


def test_goal_seek_on_a_metric_that_falls_as_the_input_rises():
    # At a -10% margin EBIT = -10 x share (revenue 100 x share): -250 needs a 25% share.
    result = analysis.goal_seek(one_line(margin=-10.0), SHARE, -250, metric=EBIT)
    assert result.reached and result.value == pytest.approx(25, abs=1e-6)
    # Below the -1,000 a full share gives, out of reach; the closest is the full share.
    result = analysis.goal_seek(one_line(margin=-10.0), SHARE, -1_200, metric=EBIT)
    assert not result.reached and result.value == 100 and result.result == pytest.approx(-1_000)


def test_goal_seek_for_ebit_in_one_year_and_npv_on_the_valued_scenario():
    scenario = valued()
    projection = engine.project(scenario)
    for metric, year in ((EBIT, 2027), (NPV, None), (EBIT, None)):
        target = metric.of(projection, year) * 1.2 if metric is EBIT else 0.0
        for varied in (SHARE, VOLUME, GROWTH, BATTERY_MARGIN):
            result = analysis.goal_seek(scenario, varied, target, year=year, metric=metric)
            if result.reached:
                check = metric.of(engine.project(varied.applied(scenario, result.value)), year)
                assert abs(check - target) <= result.tolerance, (metric.code, varied.key)
    # NPV at zero share is the up-front costs alone; the battery's margin can break even.
    result = analysis.goal_seek(scenario, BATTERY_MARGIN, 0, metric=NPV)
    assert result.reached and -100 < result.value < 100


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"varied": BATTERY_VALUE, "target": 1}, "input"),
        ({"varied": SHARE, "target": -5}, "target"),
        ({"varied": SHARE, "target": math.nan}, "target"),
        ({"varied": SHARE, "target": 1, "year": 2040}, "year"),
        ({"varied": SHARE, "target": 0, "year": 2026, "metric": NPV}, "year"),
        ({"varied": SHARE, "target": math.inf, "metric": NPV}, "target"),
        ({"varied": MARGIN, "target": 1e9}, "input"),  # a margin does not move revenue
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
    assert np.all(result.totals == pytest.approx(projection.cumulative_revenue, rel=1e-12))


@pytest.mark.parametrize("metric", [EBIT, NPV], ids=lambda m: m.code)
def test_monte_carlo_of_a_value_metric_with_degenerate_ranges_equals_the_engine(metric):
    scenario = valued()
    ranges = [Range(VOLUME, 100_000, 100_000, 100_000), Range(BATTERY_MARGIN, 8, 8, 8)]
    result = analysis.monte_carlo(scenario, ranges, draws=50, seed=3, target=0, metric=metric)
    projection = engine.project(scenario)
    assert result.p50 == pytest.approx(list(metric.yearly(projection)), rel=1e-12)
    assert np.all(result.totals == pytest.approx(metric.of(projection), rel=1e-12))
    assert result.probability_above_target == float(metric.of(projection) >= 0)


def test_monte_carlo_with_the_same_seed_is_identical_and_another_seed_differs():
    ranges = [Range(VOLUME, 50_000, 100_000, 200_000), Range(GROWTH, 0, 10, 30, "pert")]
    first = analysis.monte_carlo(base(), ranges, draws=2_000, seed=42, target=3e9)
    again = analysis.monte_carlo(base(), ranges, draws=2_000, seed=42, target=3e9)
    other = analysis.monte_carlo(base(), ranges, draws=2_000, seed=43, target=3e9)
    assert np.array_equal(first.totals, again.totals) and first.p50 == again.p50
    assert first.probability_above_target == again.probability_above_target
    assert not np.array_equal(first.totals, other.totals)


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


def test_a_negative_monte_carlo_target_is_refused_for_revenue_only():
    with pytest.raises(AnalysisInputError) as raised:
        analysis.monte_carlo(base(), [], draws=10, target=-1)
    assert raised.value.field == "target"
    assert analysis.monte_carlo(valued(), [], draws=10, target=-1, metric=NPV).probability_above_target in (
        0,
        1,
    )


def test_saved_monte_carlo_ranges_are_labelled_from_the_declaration():
    assert snapshots.MONTE_CARLO_LABELS == [
        ("volume", "Monte Carlo: vehicles in the first year"),
        ("growth", "Monte Carlo: annual volume growth (%)"),
        ("share", "Monte Carlo: share of every component, keeping the mix (mean %)"),
        ("margin", "Monte Carlo: operating margin of every component, keeping the mix (mean %)"),
    ]


@pytest.mark.parametrize("metric", [REVENUE, EBIT, NPV], ids=lambda m: m.code)
def test_the_analysis_figures_are_valid_plotly_and_name_metric_and_currency(metric):
    scenario = valued()
    money = currency.KRW
    grid = analysis.sensitivity_grid(scenario, SHARE, (0, 100), MARGIN, (-10, 30), steps=3, metric=metric)
    bars = analysis.tornado(scenario, metric=metric)
    labels = {bar.input: bar.input.label(scenario) for bar in bars}
    result = analysis.monte_carlo(scenario, [Range(GROWTH, 0, 10, 20)], draws=200, target=0, metric=metric)
    title = metric.title(money)
    figures = {
        "heatmap": charts.sensitivity_heatmap(grid, "Share", "Margin", money),
        "tornado": charts.tornado_chart(bars, labels, metric.of(engine.project(scenario)), metric, money),
        "fan": charts.monte_carlo_fan(result, money),
        "histogram": charts.monte_carlo_histogram(result, money),
    }
    for name, figure in figures.items():
        go.Figure(figure)  # raises ValueError on any unknown or ill-typed property
        layout = figure["layout"]
        shown = " ".join([layout["title"]["text"], str(layout["xaxis"]), str(layout["yaxis"])])
        assert metric.label in shown or metric.yearly_label in shown, name
        assert "South Korean won" in shown or "KRW" in str(figure["data"]), name
    assert figures["heatmap"]["layout"]["title"]["text"] == title
    assert figures["tornado"]["layout"]["xaxis"]["title"]["text"] == title
    assert figures["histogram"]["layout"]["xaxis"]["title"]["text"] == title
    assert figures["tornado"]["layout"]["xaxis"]["tickprefix"] == "₩"


def test_a_negative_value_is_written_with_the_pages_minus_sign():
    # U+2212, as every table and Plotly axis writes it, never a hyphen.
    assert DISPLAY_PRICE.amount(-7.2) == "\u22127.2%"
    assert DISPLAY_PRICE.amount(-0.001) == "0%"
    assert AnalysisInput(inputs.FIRST_YEAR_VOLUME).amount(-1234.4) == "\u22121,234"
