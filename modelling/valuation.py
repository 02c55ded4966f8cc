"""What a projection's revenue is worth: EBIT, cash flow, NPV, IRR and payback.

For each projected year y from t0, in US dollars (engine.py gives revenue):
    EBIT(y)    = sum over components c of revenue(c, y) x margin(c)/100
    tax(y)     = max(EBIT(y), 0) x tax rate/100          (a loss year pays none, and earns no credit)
    dWC(y)     = working capital %/100 x (revenue(y) - revenue(y - 1)), revenue(t0 - 1) = 0
    capex(y)   = sum of the up-front costs spent in year y (a line's cost in its year, else in t0)
    FCF(y)     = EBIT(y) - tax(y) - dWC(y) - capex(y)
    DF(y)      = 1 / (1 + r/100) ** (y - t0 + 1)          (valued at 1 January of t0, cash at year end)
    PV(y)      = FCF(y) x DF(y);  NPV = sum of PV(y), with no terminal value after the horizon
    IRR        = the rate at which NPV is zero, where FCF changes sign; else not defined
    payback    = the first year the cumulative FCF is above zero, or none within the horizon
In the reporting currency, a year's figure is its dollar figure x that year's
rate (currency.rate_path), so NPV there is the sum of PV(y) x rate(y).

Each affiliate is also valued on its own, from its own lines, with the same
rules: its tax floor applies to its own EBIT, so when one affiliate makes a
loss in a year that another's profit covers, the affiliates' NPVs do not add
up to the deal's.

Plain Python, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from . import currency

# IRR is searched between these rates (fractions): -99% to 10,000% a year.
_IRR_LOW, _IRR_HIGH = -0.99, 100.0
_IRR_GRID = 400


@dataclass(frozen=True)
class CashFlows:
    """One set of yearly series, in US dollars, for the deal or one affiliate."""

    years: tuple[int, ...]
    revenue: tuple[float, ...]
    ebit: tuple[float, ...]
    tax: tuple[float, ...]
    working_capital_change: tuple[float, ...]
    upfront_cost: tuple[float, ...]
    fcf: tuple[float, ...]
    discount_factor: tuple[float, ...]
    present_value: tuple[float, ...]

    @property
    def cumulative_revenue(self):
        return math.fsum(self.revenue)

    @property
    def cumulative_ebit(self):
        return math.fsum(self.ebit)

    @property
    def npv(self):
        return math.fsum(self.present_value)

    @property
    def cumulative_fcf(self):
        running, result = 0.0, []
        for value in self.fcf:
            running += value
            result.append(running)
        return tuple(result)

    @property
    def payback_year(self):
        """The first year the cumulative free cash flow is above zero, or None."""
        for year, cumulative in zip(self.years, self.cumulative_fcf, strict=True):
            if cumulative > 0:
                return year
        return None

    @cached_property
    def irr(self):
        """The internal rate of return in % a year, or None where it is not defined."""
        return internal_rate_of_return(self.fcf)


def _npv_at(rate, flows):
    return math.fsum(flow / (1 + rate) ** (offset + 1) for offset, flow in enumerate(flows))


def _rough_npv_at(rate, flows):
    """The NPV by Horner's rule in the discount factor: fast, for finding where
    it changes sign; the root itself is refined with _npv_at."""
    factor, total = 1 / (1 + rate), 0.0
    for flow in reversed(flows):
        total = (total + flow) * factor
    return total


# A geometric grid in (1 + rate): fine near zero, coarse at extreme rates.
_IRR_RATIO = ((1 + _IRR_HIGH) / (1 + _IRR_LOW)) ** (1 / _IRR_GRID)
_IRR_GRID_RATES = tuple((1 + _IRR_LOW) * _IRR_RATIO**step - 1 for step in range(_IRR_GRID + 1))


def internal_rate_of_return(flows):
    """The lowest rate (in %) between -99% and 10,000% at which the flows, each
    at a year's end, are worth zero; None unless the flows change sign."""
    if not (any(f > 0 for f in flows) and any(f < 0 for f in flows)):
        return None
    low = _IRR_GRID_RATES[0]
    low_value = _rough_npv_at(low, flows)
    for high in _IRR_GRID_RATES[1:]:
        high_value = _rough_npv_at(high, flows)
        if low_value == 0:
            return low * 100
        if (low_value < 0) != (high_value < 0):
            return _root_between(low, high, flows) * 100
        low, low_value = high, high_value
    return None


def _root_between(low, high, flows):
    """The rate in [low, high] at which the NPV is zero, the NPV changing sign
    between them: regula falsi with the Illinois step, which needs about ten
    evaluations where halving needs forty, falling back to halving."""
    low_value, high_value = _npv_at(low, flows), _npv_at(high, flows)
    if low_value == 0 or high_value == 0:
        return low if low_value == 0 else high
    kept = 0  # which end stayed put last time: -1 low, 1 high
    for _ in range(200):
        middle = (low * high_value - high * low_value) / (high_value - low_value)
        if not low < middle < high:
            middle = (low + high) / 2
        middle_value = _npv_at(middle, flows)
        if middle_value == 0 or high - low < 1e-12:
            return middle
        if (low_value < 0) == (middle_value < 0):
            low, low_value = middle, middle_value
            if kept == 1:
                high_value /= 2
            kept = 1
        else:
            high, high_value = middle, middle_value
            if kept == -1:
                low_value /= 2
            kept = -1
    return (low + high) / 2


def cash_flows(scenario, years, revenue, ebit, upfront_cost):
    """The cash-flow series from yearly revenue, EBIT and up-front cost (US dollars)."""
    t0 = scenario.first_year
    tax = tuple(max(value, 0.0) * scenario.tax_rate_pct / 100 for value in ebit)
    previous = (0.0, *revenue[:-1])
    working_capital = tuple(
        scenario.working_capital_pct / 100 * (now - before)
        for now, before in zip(revenue, previous, strict=True)
    )
    fcf = tuple(e - t - w - c for e, t, w, c in zip(ebit, tax, working_capital, upfront_cost, strict=True))
    discount = tuple(1 / (1 + scenario.discount_rate_pct / 100) ** (year - t0 + 1) for year in years)
    return CashFlows(
        years=years,
        revenue=tuple(revenue),
        ebit=tuple(ebit),
        tax=tax,
        working_capital_change=working_capital,
        upfront_cost=tuple(upfront_cost),
        fcf=fcf,
        discount_factor=discount,
        present_value=tuple(f * d for f, d in zip(fcf, discount, strict=True)),
    )


@dataclass(frozen=True)
class ValueYear:
    """One year's cash flow in the reporting currency (discount factor and rate as they are)."""

    year: int
    revenue: float
    ebit: float
    tax: float
    working_capital_change: float
    upfront_cost: float
    fcf: float
    discount_factor: float
    present_value: float
    cumulative_fcf: float
    fx_rate: float


@dataclass(frozen=True)
class Valuation:
    currency: currency.Currency
    fx_rates: tuple[float, ...]  # units of the reporting currency per dollar, one per year
    total: CashFlows
    by_affiliate: dict[str, CashFlows]  # in the order the affiliates' lines come
    ebit_by_component: dict[str, float]  # cumulative, US dollars

    def in_currency(self, series):
        """A yearly series of dollar figures in the reporting currency."""
        return tuple(value * rate for value, rate in zip(series, self.fx_rates, strict=True))

    def total_in_currency(self, series):
        """The sum over the years of a dollar series, each year at its own rate."""
        return math.fsum(self.in_currency(series))

    @property
    def yearly(self):
        """One ValueYear per projected year, for tables and exports."""
        flows = self.total
        converted = {
            name: self.in_currency(getattr(flows, name))
            for name in (
                "revenue",
                "ebit",
                "tax",
                "working_capital_change",
                "upfront_cost",
                "fcf",
                "present_value",
            )
        }
        cumulative = 0.0
        rows = []
        for offset, year in enumerate(flows.years):
            cumulative += converted["fcf"][offset]
            rows.append(
                ValueYear(
                    year=year,
                    **{name: series[offset] for name, series in converted.items()},
                    discount_factor=flows.discount_factor[offset],
                    cumulative_fcf=cumulative,
                    fx_rate=self.fx_rates[offset],
                )
            )
        return rows

    @property
    def by_affiliate_in_currency(self):
        """[(affiliate, revenue, EBIT, NPV)], each summed over the years in the reporting currency."""
        return [
            (
                name,
                self.total_in_currency(flows.revenue),
                self.total_in_currency(flows.ebit),
                self.total_in_currency(flows.present_value),
            )
            for name, flows in self.by_affiliate.items()
        ]

    @property
    def npv(self):
        """NPV in the reporting currency."""
        return self.total_in_currency(self.total.present_value)

    @property
    def cumulative_ebit(self):
        return self.total_in_currency(self.total.ebit)

    @property
    def cumulative_revenue(self):
        return self.total_in_currency(self.total.revenue)


def upfront_costs(scenario, components=None):
    """Each projected year's up-front costs (US dollars) of components (all the
    scenario's by default): a line's cost in its year, else in the first year."""
    spent = [0.0] * scenario.horizon
    for c in scenario.components if components is None else components:
        if c.upfront_cost:
            year = scenario.first_year if c.upfront_year is None else c.upfront_year
            spent[year - scenario.first_year] += c.upfront_cost
    return spent


def fx_rates(scenario):
    """Units of the reporting currency per dollar, one per projected year."""
    path = currency.rate_path(scenario.currency, scenario.years, scenario.fx_overrides)
    return tuple(path[year] for year in scenario.years)


def valuate(projection):
    scenario = projection.scenario
    years = projection.years
    index = {year: offset for offset, year in enumerate(years)}
    components = {c.name: c for c in scenario.components}
    ebit = [0.0] * len(years)
    affiliates = {}  # supplier: (revenue, ebit, upfront cost) per year
    for c in scenario.components:
        if c.supplier not in affiliates:
            own_lines = [line for line in scenario.components if line.supplier == c.supplier]
            affiliates[c.supplier] = (
                [0.0] * len(years),
                [0.0] * len(years),
                upfront_costs(scenario, own_lines),
            )
    ebit_by_component = dict.fromkeys(components, 0.0)
    for row in projection.rows:
        offset = index[row.year]
        earned = row.revenue * components[row.component].margin_pct / 100
        ebit[offset] += earned
        ebit_by_component[row.component] += earned
        revenue_of, ebit_of, _ = affiliates[row.supplier]
        revenue_of[offset] += row.revenue
        ebit_of[offset] += earned
    return Valuation(
        currency=currency.CURRENCIES[scenario.currency],
        fx_rates=fx_rates(scenario),
        total=cash_flows(scenario, years, projection.revenue_by_year, ebit, upfront_costs(scenario)),
        by_affiliate={
            supplier: cash_flows(scenario, years, *series) for supplier, series in affiliates.items()
        },
        ebit_by_component=ebit_by_component,
    )
