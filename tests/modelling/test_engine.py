"""The projection engine, against figures worked out by hand in the comments."""

import math

import pytest

from modelling.engine import ComponentInput, EngineInputError, ScenarioInput, project, volumes


def component(key="battery", supplier="Samsung SDI", value=100.0, price_change=0.0, share=100.0, start=2025):
    return ComponentInput(
        key=key,
        name=key.title(),
        supplier=supplier,
        content_value=value,
        price_change_pct=price_change,
        share_pct=share,
        supply_start_year=start,
    )


def scenario(*components, first_year=2025, horizon=2, volume=1000.0, growth=0.0, overrides=None):
    return ScenarioInput(
        first_year=first_year,
        horizon=horizon,
        first_year_volume=volume,
        growth_pct=growth,
        components=components or (component(),),
        volume_overrides=overrides or {},
    )


@pytest.mark.parametrize(
    ("inputs", "revenue_by_year", "cumulative", "capture"),
    [
        pytest.param(
            # 1,000 then 1,100 vehicles (+10%) x $100 x 100% = 100,000 and 110,000.
            scenario(component(share=100), volume=1000, growth=10),
            [100_000, 110_000],
            210_000,
            1.0,
            id="share-100-takes-everything",
        ),
        pytest.param(
            # A 0% share earns nothing of the 100,000 + 110,000 addressable.
            scenario(component(share=0), volume=1000, growth=10),
            [0, 0],
            0,
            0.0,
            id="share-0-earns-nothing",
        ),
        pytest.param(
            # Volumes 8,000, 4,000, 2,000 (-50%) x $10 x 50% = 40,000, 20,000, 10,000.
            scenario(component(value=10, share=50), horizon=3, volume=8000, growth=-50),
            [40_000, 20_000, 10_000],
            70_000,
            0.5,
            id="negative-growth",
        ),
        pytest.param(
            # Unit value 1,000, 900, 810, 729 (-10% a year) x 1,000 vehicles x 100%.
            scenario(component(value=1000, price_change=-10), horizon=4, volume=1000),
            [1_000_000, 900_000, 810_000, 729_000],
            3_439_000,
            1.0,
            id="price-decline-over-four-years",
        ),
        pytest.param(
            # 100 vehicles x $10 = 1,000 addressable each year; supply only from 2027:
            # revenue 0, 0, 1,000, 1,000; captured 2,000 of 4,000 = 50%.
            scenario(component(value=10, start=2027), horizon=4, volume=100),
            [0, 0, 1_000, 1_000],
            2_000,
            0.5,
            id="supply-starts-mid-horizon",
        ),
        pytest.param(
            # Supply from 2030 never reaches the 2025-2027 horizon.
            scenario(component(value=10, start=2030), horizon=3, volume=100),
            [0, 0, 0],
            0,
            0.0,
            id="supply-starts-after-horizon",
        ),
        pytest.param(
            # One year: 500 vehicles x $20 = 10,000 addressable, 25% = 2,500.
            scenario(component(value=20, share=25), horizon=1, volume=500),
            [2_500],
            2_500,
            0.25,
            id="single-year-horizon",
        ),
    ],
)
def test_revenue_matches_hand_worked_cases(inputs, revenue_by_year, cumulative, capture):
    result = project(inputs)
    assert result.revenue_by_year == pytest.approx(revenue_by_year)
    assert result.cumulative_revenue == pytest.approx(cumulative)
    assert result.capture_rate == pytest.approx(capture)
    assert result.years == tuple(range(2025, 2025 + len(revenue_by_year)))


def test_an_override_replaces_a_year_and_later_years_grow_from_it():
    # 350,000 in 2025; 550,000 typed for 2026; then +10%: 605,000 and 665,500.
    inputs = scenario(volume=350_000, growth=10, horizon=4, overrides={2026: 550_000})
    assert volumes(inputs) == pytest.approx([350_000, 550_000, 605_000, 665_500])


def test_an_override_of_the_first_year_replaces_the_first_year_volume():
    # 200 typed for 2025 beats the 100 given as first-year volume; no growth after.
    assert volumes(scenario(volume=100, overrides={2025: 200})) == pytest.approx([200, 200])


def test_components_add_up_by_year_component_and_affiliate():
    # 1,000 vehicles, one year:
    #   battery  $6,000 x 50%  = 3,000,000 (Samsung SDI)
    #   display  $300   x 100% =   300,000 (Samsung Display)
    #   memory   $400   x 25%  =   100,000 (Samsung Display, to test grouping)
    # total 3,400,000 of 6,700,000 addressable = 50.746...%
    inputs = scenario(
        component("battery", "Samsung SDI", value=6000, share=50),
        component("display", "Samsung Display", value=300, share=100),
        component("memory", "Samsung Display", value=400, share=25),
        horizon=1,
        volume=1000,
    )
    result = project(inputs)
    assert result.revenue_by_component == pytest.approx(
        {"Battery": 3_000_000, "Display": 300_000, "Memory": 100_000}
    )
    assert result.revenue_by_affiliate == pytest.approx(
        {"Samsung SDI": 3_000_000, "Samsung Display": 400_000}
    )
    assert result.total_addressable == pytest.approx(6_700_000)
    assert result.capture_rate == pytest.approx(3_400_000 / 6_700_000)
    assert [row.revenue for row in result.rows] == pytest.approx([3_000_000, 300_000, 100_000])


def test_rows_carry_every_input_of_the_calculation():
    # Year two: 1,100 vehicles x ($100 x 0.9) = 99,000 addressable; 40% = 39,600.
    result = project(scenario(component(price_change=-10, share=40), volume=1000, growth=10))
    second = result.rows[1]
    assert (second.year, second.volume, second.unit_value, second.share_pct) == (2026, 1100, 90, 40)
    assert second.addressable == pytest.approx(99_000)
    assert second.revenue == pytest.approx(39_600)


def test_cumulative_revenue_runs_year_by_year():
    # 100,000 then 110,000: cumulative 100,000 then 210,000.
    result = project(scenario(volume=1000, growth=10))
    assert result.cumulative_by_year == pytest.approx((100_000, 210_000))


def test_first_year_over_a_billion_is_found_or_never():
    # $1,000 x 100% x 350,000 doubling: $350M, $700M, $1.4B -> 2027.
    doubling = project(scenario(component(value=1000), horizon=3, volume=350_000, growth=100))
    assert doubling.first_year_revenue_exceeds() == 2027
    # Flat at $350M a year never passes $1B.
    flat = project(scenario(component(value=1000), horizon=3, volume=350_000))
    assert flat.first_year_revenue_exceeds() is None


def test_nothing_is_rounded():
    # 1 vehicle x $0.1 x 1/3 share stays 0.0333..., not 0.03.
    result = project(scenario(component(value=0.1, share=100 / 3), horizon=1, volume=1))
    assert result.cumulative_revenue == pytest.approx(0.1 / 3, rel=1e-12)
    assert result.cumulative_revenue != round(result.cumulative_revenue, 2)


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        (scenario(volume=-1), "first_year_volume"),
        (scenario(volume=math.nan), "first_year_volume"),
        (scenario(volume=math.inf), "first_year_volume"),
        (scenario(volume="1000"), "first_year_volume"),
        (scenario(volume=1e12), "first_year_volume"),
        (scenario(growth=math.inf), "growth_pct"),
        (scenario(growth=-101), "growth_pct"),
        (scenario(horizon=0), "horizon"),
        (scenario(horizon=16), "horizon"),
        (scenario(horizon=2.5), "horizon"),
        (scenario(first_year=1999), "first_year"),
        (scenario(first_year=True), "first_year"),
        (scenario(overrides={2030: 10}), "volume_overrides"),
        (scenario(overrides={2026: -5}), "volume_overrides[2026]"),
        (scenario(overrides={2026: math.nan}), "volume_overrides[2026]"),
        (scenario(component(share=101)), "components[0].share_pct"),
        (scenario(component(share=-0.01)), "components[0].share_pct"),
        (scenario(component(share=math.nan)), "components[0].share_pct"),
        (scenario(component(value=-1)), "components[0].content_value"),
        (scenario(component(value=math.inf)), "components[0].content_value"),
        (scenario(component(price_change=-101)), "components[0].price_change_pct"),
        (scenario(component(start=2025.5)), "components[0].supply_start_year"),
        (scenario(component("battery"), component("battery")), "components[1]"),
    ],
)
def test_invalid_input_raises_an_error_naming_the_field(inputs, field):
    with pytest.raises(EngineInputError) as raised:
        project(inputs)
    assert raised.value.field == field
    assert str(raised.value).startswith(field)
