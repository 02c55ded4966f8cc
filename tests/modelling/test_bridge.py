"""The bridge from one projection to another (modelling/bridge.py): exact,
order-independent, and checked against pairs worked out by hand."""

import math
from collections import Counter
from itertools import permutations

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelling import bridge as bridges
from modelling.bridge import GROUPS, bridge, cell_effects, shapley
from modelling.bridge_figures import waterfall
from modelling.bridge_section import parse_request, section
from modelling.engine import ComponentInput, ScenarioInput, project


def line(key, value=10.0, share=50.0, *, price=0.0, start=2025, margin=0.0, upfront=0.0, upfront_year=None):
    return ComponentInput(
        key=key,
        name=key.title(),
        supplier="Samsung SDI",
        content_value=value,
        price_change_pct=price,
        share_pct=share,
        supply_start_year=start,
        margin_pct=margin,
        upfront_cost=upfront,
        upfront_year=upfront_year,
    )


def plan(*components, first_year=2025, horizon=2, volume=100.0, growth=0.0, **terms):
    return project(
        ScenarioInput(
            first_year=first_year,
            horizon=horizon,
            first_year_volume=volume,
            growth_pct=growth,
            components=components,
            **terms,
        )
    )


def steps(found):
    return {step.key: step.amount for step in found.steps}


def scale(found, *projections):
    """How large the numbers the steps are made of are: the rounding they carry is relative to
    it. That is the bars, and the flows the figure is made of: an NPV of about zero can net
    millions of revenue, working capital and tax, each rounded in its last bit (and a
    billionth of a unit of money is below any rounding worth the name)."""
    flows = [abs(value) for p in projections for value in (*p.revenue_by_year, *p.value.total.upfront_cost)]
    rate = max((max(p.value.fx_rates) for p in projections), default=1.0) if found.currency != "USD" else 1.0
    bars = abs(found.start) + abs(found.end) + math.fsum(abs(step.amount) for step in found.steps)
    return bars + rate * math.fsum(flows) + 1


# --- worked out by hand ----------------------------------------------------------------


def test_a_pair_worked_out_by_hand():
    # A: 2025-2026, 100 vehicles a year; battery $10 at 50%, display $2 at 50%.
    #    Battery 100 x 10 x 0.5 = 500 a year, display 100 x 2 x 0.5 = 100: A = 2 x 600 = 1,200.
    # B: 2025-2026, 200 vehicles a year; battery $14 at 50%; no display; a chip $5 at 100% from 2026.
    #    Battery 200 x 14 x 0.5 = 1,400 a year, chip 200 x 5 x 1 = 1,000 in 2026: B = 3,800.
    # Battery, each year (two factors differ, so each gets half of the cross term):
    #    volume = (200 - 100) x (10 + 14)/2 x 0.5 = 600;  price = (14 - 10) x (100 + 200)/2 x 0.5 = 300,
    #    and 600 + 300 = 1,400 - 500. Over two years: volume 1,200, price 600.
    # New or lost content: + 1,000 (chip) - 200 (display) = 800.
    # 1,200 + 600 + 800 = 2,600 = 3,800 - 1,200.
    a = plan(line("battery", 10), line("display", 2), volume=100)
    b = plan(line("battery", 14), line("chip", 5, 100, start=2026), volume=200)
    found = bridge(a, b, "revenue")
    assert found.start == pytest.approx(1_200) and found.end == pytest.approx(3_800)
    assert [step.key for step in found.steps] == ["volume", "price", "content"]
    assert steps(found) == pytest.approx({"volume": 1_200, "price": 600, "content": 800})
    assert [step.label for step in found.steps] == [GROUPS["volume"], GROUPS["price"], GROUPS["content"]]
    assert found.currency == "USD" and found.note == ""
    # The year 2026 alone: A 600, B 2,400; volume 600, price 300, content 1,000 - 100 = 900.
    year = bridge(a, b, "revenue", year=2026)
    assert (year.start, year.end) == pytest.approx((600, 2_400))
    assert steps(year) == pytest.approx({"volume": 600, "price": 300, "content": 900})
    assert found.for_year(2026) == year


def test_an_npv_pair_worked_out_by_hand_where_the_effects_cancel():
    # One year, no discounting, no working capital: NPV = EBIT x (1 - tax).
    # A: 100 vehicles x $10 x 100% x 10% margin = EBIT 100, untaxed: NPV 100.
    # B: 200 vehicles, EBIT 200, taxed at 50%: NPV 100.
    # NPV of each mix: A 100; B's volume only 200; B's tax only 50; B 100.
    #    volume = ((200 - 100) + (100 - 50)) / 2 = 75;  terms = ((50 - 100) + (100 - 200)) / 2 = -75.
    a = plan(line("battery", 10, 100, margin=10), horizon=1, volume=100)
    b = plan(line("battery", 10, 100, margin=10), horizon=1, volume=200, tax_rate_pct=50)
    found = bridge(a, b, "npv")
    assert found.start == pytest.approx(100) and found.end == pytest.approx(100)
    assert steps(found) == pytest.approx({"volume": 75, "terms": -75})
    assert found.steps[1].label == "Discount, tax, working capital and up-front cost"


def test_the_npv_bridge_follows_valuation_through_discounting_working_capital_and_up_front_cost():
    # A: 2025-2026, 100 vehicles, battery $10 at 100%, margin 50%, no terms: revenue 1,000 a year,
    #    EBIT 500 a year, NPV 1,000. B: the same with 10% discounting, 10% working capital and a
    #    $100 up-front cost in 2025 (a term of a common component):
    #    2025: FCF = 500 - 0.1 x 1,000 - 100 = 300, / 1.1 = 272.727...
    #    2026: FCF = 500 - 0.1 x 0 = 500, / 1.21 = 413.223...;  NPV 685.950...
    # Only the terms differ, so the whole difference, 685.950 - 1,000, is theirs.
    a = plan(line("battery", 10, 100, margin=50), volume=100)
    b = plan(
        line("battery", 10, 100, margin=50, upfront=100),
        volume=100,
        discount_rate_pct=10,
        working_capital_pct=10,
    )
    found = bridge(a, b, "npv")
    assert found.end == pytest.approx(300 / 1.1 + 500 / 1.21)
    assert steps(found) == pytest.approx({"terms": 300 / 1.1 + 500 / 1.21 - 1_000})
    assert bridge(a, b, "revenue").steps == ()  # revenue is the same
    assert steps(bridge(a, b, "npv", year=2025)) == pytest.approx({"terms": 300 / 1.1 - 500})


def test_a_margin_moves_ebit_and_npv_but_not_revenue():
    # Battery 100 x $10 x 100% = 1,000 a year; margin 10% -> 20%: EBIT 200 -> 400 over two years.
    a = plan(line("battery", 10, 100, margin=10))
    b = plan(line("battery", 10, 100, margin=20))
    assert bridge(a, b, "revenue").steps == ()
    assert steps(bridge(a, b, "ebit")) == pytest.approx({"margin": 200})
    assert steps(bridge(a, b, "npv")) == pytest.approx({"margin": 200})


def test_a_later_supply_start_is_a_share_effect():
    # Battery 100 x $10 x 50% = 500 a year; starting in 2026 instead of 2025 loses 2025's 500.
    a = plan(line("battery", 10, 50, start=2025))
    b = plan(line("battery", 10, 50, start=2026))
    assert steps(bridge(a, b, "revenue")) == pytest.approx({"share": -500})


def test_a_component_only_one_has_lands_wholly_in_new_or_lost_content():
    # B adds a chip at $5 x 100% to A's battery: 100 x 5 = 500 a year, 1,000 in all; even with
    # B's volume doubled, the chip's whole revenue (200 x 5 x 2 years = 2,000) is content, and
    # the battery's extra 100 x 10 x 0.5 x 2 = 1,000 is volume.
    a = plan(line("battery", 10))
    assert steps(bridge(a, plan(line("battery", 10), line("chip", 5, 100)), "revenue")) == pytest.approx(
        {"content": 1_000}
    )
    b = plan(line("battery", 10), line("chip", 5, 100), volume=200)
    assert steps(bridge(a, b, "revenue")) == pytest.approx({"volume": 1_000, "content": 2_000})
    effects = cell_effects(a, b, "revenue")
    assert effects[("chip", 2025)] == pytest.approx({"content": 1_000})
    assert "content" not in effects[("battery", 2025)]
    # And taken away again, it is lost content.
    assert steps(bridge(b, a, "revenue")) == pytest.approx({"volume": -1_000, "content": -2_000})


def test_a_year_outside_one_horizon_is_volume_alone():
    # A 2025-2026, B 2025-2027, 100 vehicles, battery $10 falling 10% a year at 50%:
    # 2027 adds 100 x 10 x 0.9^2 x 0.5 = 405, all volume.
    a = plan(line("battery", 10, price=-10), horizon=2)
    b = plan(line("battery", 10, price=-10), horizon=3)
    assert steps(bridge(a, b, "revenue")) == pytest.approx({"volume": 405})
    assert bridge(a, b, "revenue", year=2027).start == 0
    # Even when B's price differs: A says nothing of 2027's price, so B's 2027 (100 x 12 x 0.5
    # = 600) is volume; in 2025 and 2026 the $2 more is price, 2 x 100 x 0.5 = 100 a year.
    b = plan(line("battery", 12), horizon=3)
    a = plan(line("battery", 10), horizon=2)
    assert steps(bridge(a, b, "revenue", year=2027)) == pytest.approx({"volume": 600})
    assert steps(bridge(a, b, "revenue")) == pytest.approx({"volume": 600, "price": 200})
    # And B starting a year later: A's 2025 (100 x 10 x 0.5 = 500) is lost volume alone.
    late = plan(line("battery", 10), first_year=2026, horizon=1)
    assert steps(bridge(a, late, "revenue", year=2025)) == pytest.approx({"volume": -500})


def test_a_plan_moved_a_year_later_is_valued_from_its_own_first_year():
    # Flat volume and prices: 2026-2027 earns what 2025-2026 does, each valued at its own
    # start, so nothing moves (the valuation year goes with the years valued, not the terms).
    terms = {"discount_rate_pct": 9, "tax_rate_pct": 24, "working_capital_pct": 10}
    a = plan(line("battery", 10, margin=20, upfront=50, start=2024), **terms)
    b = plan(line("battery", 10, margin=20, upfront=50, start=2024), first_year=2026, **terms)
    for metric in ("revenue", "ebit", "npv"):
        assert bridge(a, b, metric).steps == ()
    # But each year has its own: 2025 is A's alone, lost volume.
    (step,) = bridge(a, b, "npv", year=2025).steps
    assert step.key == "volume" and step.amount == pytest.approx(-a.value.total.present_value[0])


def test_a_pair_the_same_has_no_steps():
    a = plan(line("battery", 10, margin=5), discount_rate_pct=9, currency="KRW")
    for metric in ("revenue", "ebit", "npv"):
        found = bridge(a, a, metric)
        assert found.steps == () and found.start == found.end
        assert all(year.steps == () for year in found.per_year)


# --- exchange rates --------------------------------------------------------------------


def test_the_same_currency_bridges_its_rate_as_a_step():
    # Revenue 100 x 10 x 50% = 500 dollars a year; at 1,000 won, then 1,000 -> 1,200 won in 2026:
    # 500,000 + 500,000 -> 500,000 + 600,000: the rate adds 100,000 won.
    a = plan(line("battery"), currency="KRW", fx_overrides={2025: 1_000})
    b = plan(line("battery"), currency="KRW", fx_overrides={2025: 1_000, 2026: 1_200})
    found = bridge(a, b, "revenue")
    assert found.currency == "KRW"
    assert (found.start, found.end) == pytest.approx((1_000_000, 1_100_000))
    assert steps(found) == pytest.approx({"fx": 100_000})
    # Both in dollars: no rate to bridge.
    assert "fx" not in steps(bridge(plan(line("battery")), plan(line("battery"), volume=200), "revenue"))


def test_two_currencies_bridge_in_dollars_and_say_so():
    a = plan(line("battery"), currency="KRW")
    b = plan(line("battery"), volume=200, currency="CNY")
    found = bridge(a, b, "revenue")
    assert found.currency == "USD"
    assert "US dollars" in found.note and "South Korean won" in found.note
    # In dollars: 1,000 -> 2,000, all volume.
    assert (found.start, found.end) == pytest.approx((1_000, 2_000))
    assert steps(found) == pytest.approx({"volume": 1_000})


# --- properties over random pairs ------------------------------------------------------

# Each pair takes some 80 draws and six bridges, so a run tries two fifths of the
# profile's examples (200 by default, 2,000 with HYPOTHESIS_PROFILE=long; see tests/conftest.py).
SOME_PAIRS = settings(max_examples=max(100, settings.default.max_examples * 2 // 5))
FEWER_PAIRS = settings(max_examples=max(50, settings.default.max_examples // 5))
KEYS = ("battery", "display", "chip", "camera")
percent = st.floats(-100, 100, allow_nan=False)


@st.composite
def scenarios(draw, first_year=None, code=None):
    # Mostly plans of the next few years; now and then two decades apart.
    first_year = first_year or draw(st.one_of(st.integers(2024, 2030), st.integers(2000, 2086)))
    horizon = draw(st.integers(1, 15))
    years = list(range(first_year, first_year + horizon))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=len(KEYS), unique=True))
    components = tuple(
        ComponentInput(
            key=key,
            name=key.title(),
            supplier=draw(st.sampled_from(["Samsung SDI", "Samsung Display"])),
            content_value=draw(st.floats(0, 20_000)),
            price_change_pct=draw(st.one_of(st.floats(-30, 30), percent)),
            share_pct=draw(st.floats(0, 100)),
            supply_start_year=draw(st.integers(max(first_year - 2, 2000), min(first_year + horizon, 2100))),
            margin_pct=draw(percent),
            upfront_cost=draw(st.one_of(st.just(0.0), st.floats(0, 1e10))),
            upfront_year=draw(st.one_of(st.none(), st.sampled_from(years))),
        )
        for key in keys
    )
    return project(
        ScenarioInput(
            first_year=first_year,
            horizon=horizon,
            first_year_volume=draw(st.floats(0, 2_000_000)),
            growth_pct=draw(st.floats(-50, 100)),
            components=components,
            volume_overrides=draw(
                st.dictionaries(st.sampled_from(years), st.floats(0, 3_000_000), max_size=2)
            ),
            discount_rate_pct=draw(st.floats(0, 30)),
            tax_rate_pct=draw(st.floats(0, 100)),
            working_capital_pct=draw(st.floats(0, 100)),
            currency=code or draw(st.sampled_from(["USD", "KRW", "CNY"])),
            fx_overrides=draw(st.dictionaries(st.sampled_from(years), st.floats(0.5, 2_000), max_size=3)),
        )
    )


@st.composite
def pairs(draw):
    """Two scenarios, more often than not in the same currency (so the rate is bridged too)."""
    a = draw(scenarios())
    code = draw(st.sampled_from([a.scenario.currency, a.scenario.currency, None]))
    return a, draw(scenarios(code=code))


@SOME_PAIRS
@given(pairs())
def test_the_steps_sum_to_b_minus_a_exactly_and_swapping_negates_them(pair):
    a, b = pair
    own = {"revenue": a.value.cumulative_revenue, "ebit": a.value.cumulative_ebit, "npv": a.value.npv}
    for metric in ("revenue", "ebit", "npv"):
        found = bridge(a, b, metric)
        assert abs(found.residual) <= 1e-9 * scale(found, a, b)
        if found.currency == a.scenario.currency:
            assert found.start == own[metric]  # the page's own figure
        # Order and direction: B to A is every step of A to B with its sign turned, bit for bit.
        back = bridge(b, a, metric)
        assert (back.start, back.end) == (found.end, found.start)
        assert [(s.key, -s.amount) for s in back.steps] == [(s.key, s.amount) for s in found.steps]
        # Bars come in the one order, and a bar of zero is left out.
        keys = [step.key for step in found.steps]
        assert keys == [key for key in GROUPS if key in keys]
        assert all(step.amount != 0 for step in found.steps)


@SOME_PAIRS
@given(pairs())
def test_each_year_bridges_its_own_difference_and_the_years_add_up_to_the_total(pair):
    a, b = pair
    for metric in ("revenue", "ebit", "npv"):
        found = bridge(a, b, metric)
        assert [year.year for year in found.per_year] == sorted(set(a.years) | set(b.years))
        by_year = Counter()
        for year in found.per_year:
            assert abs(year.residual) <= 1e-9 * (scale(year) + scale(found, a, b))
            by_year.update(steps(year))
        for key, amount in steps(found).items():
            assert by_year[key] == pytest.approx(amount, rel=1e-9, abs=1e-9 * scale(found, a, b))
        year = found.per_year[len(found.per_year) // 2]
        assert bridge(a, b, metric, year=year.year) == year


@SOME_PAIRS
@given(pairs())
def test_for_revenue_and_ebit_the_groups_effects_are_the_sums_of_the_cells(pair):
    a, b = pair
    for metric in ("revenue", "ebit"):
        found = bridge(a, b, metric)
        totals = Counter()
        for effects in cell_effects(a, b, metric).values():
            totals.update(effects)
        for key in GROUPS:
            assert totals.get(key, 0.0) == pytest.approx(
                steps(found).get(key, 0.0), abs=1e-9 * scale(found, a, b)
            )


@FEWER_PAIRS
@given(scenarios(first_year=2025), st.randoms(use_true_random=False))
def test_the_order_components_are_listed_in_does_not_matter(a, random):
    shuffled = list(a.scenario.components)
    random.shuffle(shuffled)
    volume = {2025: 5_000.0}
    b = project(
        ScenarioInput(**{**vars(a.scenario), "components": tuple(shuffled), "volume_overrides": volume})
    )
    c = project(ScenarioInput(**{**vars(a.scenario), "volume_overrides": volume}))
    for metric in ("revenue", "npv"):
        listed, shuffled = bridge(a, c, metric), bridge(a, b, metric)
        assert shuffled.steps == listed.steps
        assert [y.steps for y in shuffled.per_year] == [y.steps for y in listed.per_year]
        # B's own figure is the engine's sum, in the order of its components: the same to rounding.
        assert shuffled.end == pytest.approx(listed.end, rel=1e-12, abs=1e-9)


def test_shapley_values_are_the_average_over_every_order_of_switching():
    # A game where the order matters: value({x}) = 1, value({y}) = 2, value({x, y}) = 10, 0 else;
    # x: ((1 - 0) + (10 - 2)) / 2 = 4.5;  y: ((2 - 0) + (10 - 1)) / 2 = 5.5; z adds nothing.
    table = {frozenset(): 0, frozenset("x"): 1, frozenset("y"): 2, frozenset("xy"): 10}

    def value(subset):
        return table[subset - {"z"}]

    assert shapley(("x", "y", "z"), value) == {"x": 4.5, "y": 5.5, "z": 0.0}
    # And by brute force over the 3! orders.
    orders = list(permutations("xyz"))
    for player in "xyz":
        average = sum(
            value(frozenset(order[: order.index(player) + 1]))
            - value(frozenset(order[: order.index(player)]))
            for order in orders
        ) / len(orders)
        assert shapley(("x", "y", "z"), value)[player] == pytest.approx(average)


# --- the figure and the page's section -------------------------------------------------


def test_the_waterfall_is_valid_plotly_and_ends_where_b_is():
    a = plan(line("battery", 10), line("display", 2), volume=100)
    b = plan(line("battery", 14), line("chip", 5, 100, start=2026), volume=200)
    found = bridge(a, b, "revenue")
    figure = waterfall(found, "Plan <b>A</b>", "Plan")
    go.Figure(figure)
    trace = figure["data"][0]
    assert trace["type"] == "waterfall"
    assert trace["measure"] == ["absolute", "relative", "relative", "relative", "total"]
    # Names as typed, never as markup; short labels under the bars, wrapped at about 12
    # characters to fit a phone, and the full ones in the hover.
    assert trace["x"] == [
        "Plan<br>&lt;b&gt;A&lt;/b&gt;",
        "Volume",
        "Content<br>value",
        "New/lost<br>content",
        "Plan",
    ]
    assert "Plan &lt;b&gt;A&lt;/b&gt; to Plan" in figure["layout"]["title"]["text"]
    assert trace["customdata"][1:4] == ["Volume", "Content value (price)", "New or lost content"]
    assert trace["y"] == pytest.approx([1_200, 1_200, 600, 800, 3_800])
    assert figure["layout"]["yaxis"]["tickprefix"] == "$"
    # Two bars of one name would be drawn as one.
    assert waterfall(found, "Plan", "Plan")["data"][0]["x"][-1] == "Plan "


class Item:
    def __init__(self, label, projection):
        self.label, self.projection = label, projection


def test_the_section_bridges_the_reference_to_each_other_item():
    a = plan(line("battery", 10), line("display", 2), volume=100)
    b = plan(line("battery", 14), line("chip", 5, 100, start=2026), volume=200)
    c = plan(line("battery", 10), volume=100, horizon=3)
    found = section([Item("A", a), Item("B", b), Item("C", c)], "revenue", "")
    assert found.error == "" and found.years == (2025, 2026, 2027)
    assert [(pair.reference, pair.other) for pair in found.pairs] == [("A", "B"), ("A", "C")]
    first = found.pairs[0]
    assert [(row.label, row.kind) for row in first.rows] == [
        ("A", "start"),
        ("Volume", "step"),
        ("Content value (price)", "step"),
        ("New or lost content", "step"),
        ("B", "end"),
    ]
    assert [row.amount for row in first.rows] == pytest.approx([1_200, 1_200, 600, 800, 3_800])
    assert first.chart_id == "chart-bridge-1" and first.currency_name == "US dollars"
    # C loses the display (-200) and runs a year longer (+ 100 x 10 x 50% = 500 of volume).
    assert {step.key: step.amount for step in found.pairs[1].bridge.steps} == pytest.approx(
        {"volume": 500, "content": -200}
    )
    assert section([Item("A", a), Item("B", b)], "NPV", "2026").pairs[0].bridge.year == 2026


@pytest.mark.parametrize(
    ("metric", "year", "message"),
    [
        ("profit", "", "“profit” is not something to bridge: pick revenue, EBIT or NPV."),
        ("revenue", "next", "“next” is not a year."),
        ("revenue", "20261", "“20261” is not a year."),
        ("revenue", "١٢٣٤", "“١٢٣٤” is not a year."),
        ("ebit", "1999", "1999 is outside the years a scenario can have (2000–2100)."),
        ("npv", "2040", "No scenario compared projects 2040: pick a year from 2025 to 2026."),
    ],
)
def test_a_bad_request_gives_a_message_and_no_bridges(metric, year, message):
    items = [Item("A", plan(line("battery"))), Item("B", plan(line("battery"), volume=200))]
    found = section(items, metric, year)
    assert found.error == message and found.pairs == ()
    assert found.metric == (metric if metric in bridges.METRICS else "revenue")


def test_parse_request_defaults_to_cumulative_revenue():
    assert parse_request(None, None) == ("revenue", None)
    assert parse_request(" EBIT ", "2027") == ("ebit", 2027)
    with pytest.raises(ValueError):
        bridge(plan(line("battery")), plan(line("battery")), "irr")
