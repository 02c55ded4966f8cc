"""A pipeline's expected values, worked out by hand.

Every case below has one component worth $100 a vehicle, won whole (100%) from
its first year, no price change, flat volume and a 10% margin, with no
discounting, tax or working capital: so a year's revenue is 100 × volume and its
EBIT, free cash flow and present value are a tenth of that.

Deal A (Xiaomi), won with probability 0.5, has three cases:
    bear, weight 0.25: 10 vehicles, 2025-2026  ->  1,000 a year
    base, weight 0.50: 20 vehicles, 2025-2026  ->  2,000 a year
    bull, weight 0.25: 40 vehicles, 2025-2027  ->  4,000 a year
Deal B (BYD), won with probability 0.8, one case (weight 1):
    5 vehicles, 2027-2028  ->  500 a year

Expected revenue by year:
    2025: 0.5 × (0.25×1,000 + 0.5×2,000 + 0.25×4,000) = 0.5 × 2,250 = 1,125
    2026: the same, 1,125
    2027: 0.5 × 0.25×4,000 + 0.8 × 500 = 500 + 400 = 900
    2028: 0.8 × 500 = 400
    cumulative 3,550
If everything is won: 2,250, 2,250, 1,000 + 500 = 1,500, 500 (cumulative 6,500).
"""

import pytest

from modelling.engine import ComponentInput, ScenarioInput, project
from modelling.pipeline import Case, Deal, combine


def case(label, weight, customer, *, first_year, horizon, volume, supplier="Samsung SDI"):
    scenario = ScenarioInput(
        first_year=first_year,
        horizon=horizon,
        first_year_volume=volume,
        growth_pct=0.0,
        components=(
            ComponentInput(
                key="battery",
                name="Battery",
                supplier=supplier,
                content_value=100.0,
                price_change_pct=0.0,
                share_pct=100.0,
                supply_start_year=first_year,
                margin_pct=10.0,
            ),
        ),
    )
    return Case(label=label, weight=weight, customer=customer, projection=project(scenario))


@pytest.fixture
def deals():
    xiaomi = Deal(
        name="Xiaomi EV supply",
        probability=0.5,
        cases=(
            case("bear", 0.25, "Xiaomi", first_year=2025, horizon=2, volume=10),
            case("base", 0.5, "Xiaomi", first_year=2025, horizon=2, volume=20),
            case("bull", 0.25, "Xiaomi", first_year=2025, horizon=3, volume=40),
        ),
    )
    byd = Deal(
        name="BYD",
        probability=0.8,
        cases=(case("base", 1.0, "BYD", first_year=2027, horizon=2, volume=5, supplier="Harman"),),
    )
    return [xiaomi, byd]


def test_expected_and_all_won_revenue_by_calendar_year(deals):
    result = combine(deals)
    assert result.years == (2025, 2026, 2027, 2028)
    assert result.expected_revenue == pytest.approx((1_125, 1_125, 900, 400))
    assert result.cumulative_expected_revenue == pytest.approx(3_550)
    assert result.all_won_revenue == pytest.approx((2_250, 2_250, 1_500, 500))
    assert result.cumulative_all_won_revenue == pytest.approx(6_500)


def test_ebit_and_npv_are_weighted_the_same_way(deals):
    # A tenth of revenue, undiscounted: expected EBIT and NPV 355, all won 650.
    result = combine(deals)
    assert result.expected_ebit == pytest.approx((112.5, 112.5, 90, 40))
    assert result.expected_npv == pytest.approx(355)
    assert result.all_won_npv == pytest.approx(650)


def test_by_customer_and_by_affiliate(deals):
    result = combine(deals)
    assert result.by_customer["Xiaomi"] == pytest.approx((1_125, 1_125, 500, 0))
    assert result.by_customer["BYD"] == pytest.approx((0, 0, 400, 400))
    assert result.by_affiliate["Samsung SDI"] == pytest.approx((1_125, 1_125, 500, 0))
    assert result.by_affiliate["Harman"] == pytest.approx((0, 0, 400, 400))
    assert result.by_component == {"Battery": pytest.approx((1_125, 1_125, 900, 400))}


def test_each_deal_on_its_own(deals):
    xiaomi, byd = combine(deals).deals
    # Xiaomi: 0.5 × (0.25×2,000 + 0.5×4,000 + 0.25×12,000) = 0.5 × 5,500 = 2,750.
    assert xiaomi.expected_revenue == pytest.approx(2_750)
    assert xiaomi.all_won_revenue == pytest.approx(5_500)
    # BYD: 0.8 × 1,000 = 800; its NPV a tenth.
    assert byd.expected_revenue == pytest.approx(800)
    assert byd.expected_npv == pytest.approx(80)


def test_an_empty_pipeline_has_no_years_and_nothing_expected():
    result = combine([])
    assert result.years == ()
    assert result.cumulative_expected_revenue == 0
    assert result.expected_npv == 0
