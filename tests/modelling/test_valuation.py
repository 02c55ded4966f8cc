"""What a projection is worth: EBIT, tax, working capital, FCF, NPV, IRR, payback.

Every expected figure is worked out by hand in the comments. The base case is
one component worth $100 a car, all of it won, on 1,000 cars a year for two
years (2025, 2026), no growth and no price change: revenue $100,000 a year.
"""

import dataclasses

import pytest

from modelling import currency, engine
from modelling.valuation import internal_rate_of_return

REVENUE = 100_000.0


def deal(horizon=2, **changes):
    component_changes = {
        k: changes.pop(k) for k in list(changes) if k in {"margin_pct", "upfront_cost", "upfront_year"}
    }
    component = engine.ComponentInput(
        key="battery",
        name="Battery",
        supplier="Samsung SDI",
        content_value=100.0,
        price_change_pct=0.0,
        share_pct=100.0,
        supply_start_year=2025,
        **{"margin_pct": 10.0, **component_changes},
    )
    scenario = engine.ScenarioInput(
        first_year=2025,
        horizon=horizon,
        first_year_volume=1000.0,
        growth_pct=0.0,
        components=(component,),
        **{"discount_rate_pct": 10.0, "tax_rate_pct": 20.0, "working_capital_pct": 10.0, **changes},
    )
    return engine.project(scenario).value


def test_cash_flows_of_a_profitable_deal():
    value = deal()
    flows = value.total
    assert flows.revenue == (REVENUE, REVENUE)
    assert flows.ebit == pytest.approx((10_000, 10_000))  # 10% of $100,000
    assert flows.tax == pytest.approx((2_000, 2_000))  # 20% of $10,000
    # 10% of the change in revenue: from 0 to $100,000, then no change
    assert flows.working_capital_change == pytest.approx((10_000, 0))
    assert flows.fcf == pytest.approx((-2_000, 8_000))  # 10,000 - 2,000 - 10,000; 10,000 - 2,000
    assert flows.discount_factor == pytest.approx((1 / 1.1, 1 / 1.21))
    # -2,000 / 1.1 + 8,000 / 1.21 = -1,818.18 + 6,611.57
    assert value.npv == pytest.approx(-2_000 / 1.1 + 8_000 / 1.21, rel=1e-12)
    assert value.npv == pytest.approx(4_793.388429752066, rel=1e-12)
    # -2,000/(1+r) + 8,000/(1+r)^2 = 0  =>  1 + r = 4
    assert flows.irr == pytest.approx(300.0, abs=1e-6)
    assert flows.cumulative_fcf == pytest.approx((-2_000, 6_000))
    assert flows.payback_year == 2026
    assert value.currency is currency.USD and value.fx_rates == (1.0, 1.0)


def test_zero_margin_earns_nothing_and_still_ties_up_working_capital():
    flows = deal(margin_pct=0.0).total
    assert flows.ebit == (0.0, 0.0) and flows.tax == (0.0, 0.0)
    assert flows.fcf == pytest.approx((-10_000, 0))  # only the working capital
    assert flows.irr is None  # FCF never turns positive
    assert flows.payback_year is None


def test_a_loss_pays_no_tax_and_the_deal_never_pays_back():
    value = deal(margin_pct=-10.0)
    flows = value.total
    assert flows.ebit == pytest.approx((-10_000, -10_000))
    assert flows.tax == (0.0, 0.0)  # max(EBIT, 0) x 20%
    assert flows.fcf == pytest.approx((-20_000, -10_000))  # -10,000 - 10,000 working capital; -10,000
    assert value.npv == pytest.approx(-20_000 / 1.1 - 10_000 / 1.21, rel=1e-12)
    assert flows.irr is None and flows.payback_year is None


def test_an_upfront_cost_makes_the_irr_defined():
    # No tax, working capital or discounting: FCF = EBIT - up-front cost.
    value = deal(
        upfront_cost=15_000.0,
        upfront_year=2025,
        tax_rate_pct=0.0,
        working_capital_pct=0.0,
        discount_rate_pct=0.0,
    )
    flows = value.total
    assert flows.upfront_cost == (15_000.0, 0.0)
    assert flows.fcf == pytest.approx((-5_000, 10_000))  # 10,000 - 15,000; 10,000
    # -5,000/(1+r) + 10,000/(1+r)^2 = 0  =>  1 + r = 2
    assert flows.irr == pytest.approx(100.0, abs=1e-6)
    assert value.npv == pytest.approx(5_000)
    assert flows.payback_year == 2026


def test_an_upfront_cost_without_a_year_is_spent_in_the_first_year():
    assert deal(upfront_cost=1_000.0).total.upfront_cost == (1_000.0, 0.0)


def test_an_upfront_cost_outside_the_projected_years_is_refused():
    with pytest.raises(engine.EngineInputError) as raised:
        deal(upfront_cost=1_000.0, upfront_year=2030)
    assert raised.value.field == "components[0].upfront_year"
    deal(upfront_cost=0.0, upfront_year=2030)  # no cost: the year does not matter


def test_figures_in_the_reporting_currency_use_each_years_rate():
    # KRW: 1,412.23 won per dollar sourced for 2025; 1,500 set for 2026.
    value = deal(currency="KRW", fx_overrides={2026: 1500.0})
    assert value.currency is currency.KRW
    assert value.fx_rates == (1412.23, 1500.0)
    assert value.in_currency(value.total.revenue) == pytest.approx((141_223_000, 150_000_000))
    # PV in dollars (-1,818.18, 6,611.57), each at its year's rate
    assert value.npv == pytest.approx(-2_000 / 1.1 * 1412.23 + 8_000 / 1.21 * 1500, rel=1e-12)
    assert value.cumulative_ebit == pytest.approx(10_000 * 1412.23 + 10_000 * 1500)


def test_a_rate_path_is_flat_after_the_last_known_year():
    assert currency.rate_path("CNY", range(2024, 2027)) == {2024: 7.13, 2025: 7.13, 2026: 7.13}
    # Before the first known year, the earliest known rate; a set rate holds until the next.
    assert currency.rate_path("KRW", [2023, 2025, 2027, 2028], {2027: 1450}) == {
        2023: 1412.23,
        2025: 1412.23,
        2027: 1450.0,
        2028: 1450.0,
    }
    assert currency.rate_path("USD", [2025]) == {2025: 1.0}


def test_an_unknown_currency_or_a_bad_rate_is_refused():
    with pytest.raises(engine.EngineInputError):
        deal(currency="EUR")
    with pytest.raises(engine.EngineInputError):
        deal(currency="KRW", fx_overrides={2026: 0.0})
    with pytest.raises(engine.EngineInputError):
        deal(currency="KRW", fx_overrides={2031: 1400.0})


def test_a_one_year_horizon():
    value = deal(horizon=1, tax_rate_pct=24.0, discount_rate_pct=9.0)
    # EBIT 10,000; tax 2,400; working capital 10,000: FCF -2,400, discounted one year at 9%
    assert value.total.fcf == pytest.approx((-2_400,))
    assert value.npv == pytest.approx(-2_400 / 1.09, rel=1e-12)
    assert value.total.irr is None and value.total.payback_year is None


def test_each_affiliate_is_valued_on_its_own_lines():
    base = engine.project(
        engine.ScenarioInput(
            first_year=2025,
            horizon=1,
            first_year_volume=1000.0,
            growth_pct=0.0,
            tax_rate_pct=20.0,
            components=(
                engine.ComponentInput(
                    "battery", "Battery", "Samsung SDI", 100.0, 0.0, 100.0, 2025, margin_pct=10.0
                ),
                engine.ComponentInput(
                    "display", "Display", "Samsung Display", 50.0, 0.0, 100.0, 2025, margin_pct=-10.0
                ),
            ),
        )
    ).value
    sdi, display = base.by_affiliate["Samsung SDI"], base.by_affiliate["Samsung Display"]
    assert sdi.revenue == (100_000.0,) and display.revenue == (50_000.0,)
    assert sdi.ebit == pytest.approx((10_000,)) and display.ebit == pytest.approx((-5_000,))
    # SDI pays 20% of 10,000; Display's loss pays nothing. The deal pays 20% of 5,000.
    assert sdi.tax == pytest.approx((2_000,)) and display.tax == (0.0,)
    assert base.total.tax == pytest.approx((1_000,))
    assert sdi.npv + display.npv == pytest.approx(8_000 - 5_000)  # no discounting: r = 0
    assert base.npv == pytest.approx(4_000)  # 5,000 EBIT - 1,000 tax
    assert base.ebit_by_component == pytest.approx({"Battery": 10_000, "Display": -5_000})


def test_the_valuation_is_computed_once_per_projection():
    projection = engine.project(
        dataclasses.replace(engine.ScenarioInput(2025, 1, 1.0, 0.0, ()), components=())
    )
    assert projection.value is projection.value
    assert projection.value.npv == 0.0


def test_of_two_rates_that_zero_the_flows_the_lower_is_the_irr():
    # -100/y + 230/y^2 - 132/y^3 = 0 with y = 1 + r  =>  100y^2 - 230y + 132 = 0
    #  =>  y = (230 ± 10) / 200: 1.1 or 1.2, so 10% and 20%; the lower is reported.
    assert internal_rate_of_return([-100.0, 230.0, -132.0]) == pytest.approx(10.0, abs=1e-9)
    # -1,000/y + 1,500/y^2 = 0  =>  y = 1.5; found to far better than a tenth of a point.
    assert internal_rate_of_return([-1_000.0, 1_500.0]) == pytest.approx(50.0, abs=1e-9)
