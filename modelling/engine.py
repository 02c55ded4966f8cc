"""Projection engine: component revenue year by year for one scenario.

Plain Python with no Django imports, so it can be tested, benchmarked and
reused (analysis tools, exports) without a database. Money is in USD and
nothing is rounded here; rounding happens only on display.

For each year y from t0 = first_year to t0 + horizon - 1:
    volume(t0)         = first_year_volume, unless overridden
    volume(y)          = volume(y - 1) x (1 + growth/100), unless overridden;
                         an override replaces volume(y) and later years grow from it
    unit_value(c, y)   = content_value(c) x (1 + price_change(c)/100) ** (y - t0)
    addressable(c, y)  = volume(y) x unit_value(c, y)
    revenue(c, y)      = addressable(c, y) x share(c)/100 if y >= supply_start(c) else 0

What the revenue is worth (EBIT, tax, working capital, free cash flow, NPV,
IRR, payback, in the reporting currency) is modelling/valuation.py, read as
Projection.value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property

from . import currency, inputs  # the bounds of every input; read when validating, not on import

BILLION = 1_000_000_000


class EngineInputError(ValueError):
    """An input the engine cannot project; `field` names the input."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ComponentInput:
    key: str
    name: str
    supplier: str
    content_value: float
    price_change_pct: float
    share_pct: float
    supply_start_year: int
    # What the revenue is worth; left out, a line earns nothing and costs nothing up front.
    margin_pct: float = 0.0
    upfront_cost: float = 0.0
    upfront_year: int | None = None  # None: the first projected year


@dataclass(frozen=True)
class ScenarioInput:
    first_year: int
    horizon: int
    first_year_volume: float
    growth_pct: float
    components: tuple[ComponentInput, ...]
    volume_overrides: Mapping[int, float] = field(default_factory=dict)
    # Left out, cash is not discounted, taxed or tied up, and figures stay in dollars.
    discount_rate_pct: float = 0.0
    tax_rate_pct: float = 0.0
    working_capital_pct: float = 0.0
    currency: str = "USD"
    fx_overrides: Mapping[int, float] = field(default_factory=dict)  # {year: units per dollar}

    @property
    def years(self):
        return range(self.first_year, self.first_year + self.horizon)


@dataclass(frozen=True)
class ComponentYear:
    year: int
    component: str
    component_key: str
    supplier: str
    volume: float
    unit_value: float
    share_pct: float
    addressable: float
    revenue: float


@dataclass(frozen=True)
class YearSummary:
    year: int
    volume: float
    addressable: float
    revenue: float
    cumulative: float
    capture_rate: float


@dataclass(frozen=True)
class Projection:
    scenario: ScenarioInput
    years: tuple[int, ...]
    volumes: tuple[float, ...]
    rows: tuple[ComponentYear, ...]  # year-major: every component of a year, then the next year
    revenue_by_year: tuple[float, ...]
    addressable_by_year: tuple[float, ...]
    cumulative_by_year: tuple[float, ...]
    revenue_by_component: dict[str, float]
    revenue_by_affiliate: dict[str, float]

    @cached_property
    def value(self):
        """EBIT, cash flows, NPV, IRR and payback, in total and per affiliate (valuation.Valuation)."""
        from .valuation import valuate  # valuation reads the projection's dataclasses

        return valuate(self)

    @property
    def cumulative_revenue(self):
        return self.cumulative_by_year[-1]

    @property
    def final_year_revenue(self):
        return self.revenue_by_year[-1]

    @property
    def total_addressable(self):
        return sum(self.addressable_by_year)

    @property
    def capture_rate(self):
        """Share of the addressable component market won, 0..1 (0 when nothing is addressable)."""
        addressable = self.total_addressable
        return self.cumulative_revenue / addressable if addressable else 0.0

    def first_year_revenue_exceeds(self, threshold=BILLION):
        """The first year whose revenue is above threshold, or None."""
        for year, revenue in zip(self.years, self.revenue_by_year, strict=True):
            if revenue > threshold:
                return year
        return None

    @property
    def yearly(self):
        """One summary per year, for tables."""
        return [
            YearSummary(
                year=year,
                volume=volume,
                addressable=addressable,
                revenue=revenue,
                cumulative=cumulative,
                capture_rate=revenue / addressable if addressable else 0.0,
            )
            for year, volume, addressable, revenue, cumulative in zip(
                self.years,
                self.volumes,
                self.addressable_by_year,
                self.revenue_by_year,
                self.cumulative_by_year,
                strict=True,
            )
        ]

    @property
    def component_table(self):
        """[(component, [revenue per year..., total])] in input order."""
        return [
            (name, [*series, self.revenue_by_component[name]])
            for name, series in self.component_series().items()
        ]

    def component_series(self):
        """Revenue per year for each component, in input order: {name: [..]}."""
        series = {}
        for row in self.rows:
            series.setdefault(row.component, []).append(row.revenue)
        return series


# Attributes the engine takes as whole numbers (years, the horizon).
_WHOLE = {f.name for cls in (ScenarioInput, ComponentInput) for f in fields(cls) if f.type.startswith("int")}
# Attributes a caller may leave as None, for the engine's own default.
_OPTIONAL = {f.name for cls in (ScenarioInput, ComponentInput) for f in fields(cls) if f.default is None}


def _check_number(field, value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EngineInputError(field, "must be a number")
    if not math.isfinite(value):
        raise EngineInputError(field, "must be a finite number")
    if not low <= value <= high:
        raise EngineInputError(field, f"must be between {low:,} and {high:,}")


def _check_year(field, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise EngineInputError(field, "must be a whole year")
    _check_number(field, value, *inputs.YEARS)


def _check_input(declared, field, value):
    if value is None and declared.engine in _OPTIONAL:
        return
    if declared.engine in _WHOLE and (isinstance(value, bool) or not isinstance(value, int)):
        what = "year" if declared.unit == "year" else f"number of {declared.unit}"
        raise EngineInputError(field, f"must be a whole {what}")
    _check_number(field, value, declared.low, declared.high)


def validate(scenario: ScenarioInput):
    for declared in inputs.SCENARIO:
        _check_input(declared, declared.engine, getattr(scenario, declared.engine))
    for year, volume in scenario.volume_overrides.items():
        _check_year("volume_overrides", year)
        if year not in scenario.years:
            raise EngineInputError("volume_overrides", f"{year} is outside the projected years")
        _check_number(f"volume_overrides[{year}]", volume, 0, inputs.MAX_VOLUME)
    if scenario.currency not in currency.CURRENCIES:
        raise EngineInputError("currency", f"{scenario.currency!r} is not a reporting currency")
    for year, rate in scenario.fx_overrides.items():
        _check_year("fx_overrides", year)
        if year not in scenario.years:
            raise EngineInputError("fx_overrides", f"{year} is outside the projected years")
        _check_number(f"fx_overrides[{year}]", rate, 0, currency.MAX_RATE)
        if rate <= 0:
            raise EngineInputError(f"fx_overrides[{year}]", "must be above zero")
    seen = set()
    for index, component in enumerate(scenario.components):
        prefix = f"components[{index}]"
        if component.key in seen:
            raise EngineInputError(prefix, f"component {component.key!r} appears twice")
        seen.add(component.key)
        for declared in inputs.COMPONENT:
            _check_input(declared, f"{prefix}.{declared.engine}", getattr(component, declared.engine))
        if component.upfront_cost and component.upfront_year not in (None, *scenario.years):
            raise EngineInputError(
                f"{prefix}.upfront_year",
                f"{component.upfront_year} is outside the projected years "
                f"{scenario.first_year}–{scenario.years[-1]}",
            )


def volumes(scenario: ScenarioInput):
    result = []
    previous = None
    for year in scenario.years:
        if year in scenario.volume_overrides:
            volume = float(scenario.volume_overrides[year])
        elif previous is None:
            volume = float(scenario.first_year_volume)
        else:
            volume = previous * (1 + scenario.growth_pct / 100)
        result.append(volume)
        previous = volume
    return result


def project(scenario: ScenarioInput) -> Projection:
    validate(scenario)
    years = tuple(scenario.years)
    volume_by_year = volumes(scenario)
    rows = []
    revenue_by_year, addressable_by_year, cumulative_by_year = [], [], []
    by_component = {c.name: 0.0 for c in scenario.components}
    by_affiliate = {}
    for c in scenario.components:
        by_affiliate.setdefault(c.supplier, 0.0)
    running_total = 0.0
    for offset, (year, volume) in enumerate(zip(years, volume_by_year, strict=True)):
        year_revenue = year_addressable = 0.0
        for c in scenario.components:
            unit_value = c.content_value * (1 + c.price_change_pct / 100) ** offset
            addressable = volume * unit_value
            revenue = addressable * c.share_pct / 100 if year >= c.supply_start_year else 0.0
            rows.append(
                ComponentYear(
                    year=year,
                    component=c.name,
                    component_key=c.key,
                    supplier=c.supplier,
                    volume=volume,
                    unit_value=unit_value,
                    share_pct=c.share_pct,
                    addressable=addressable,
                    revenue=revenue,
                )
            )
            year_revenue += revenue
            year_addressable += addressable
            by_component[c.name] += revenue
            by_affiliate[c.supplier] += revenue
        running_total += year_revenue
        revenue_by_year.append(year_revenue)
        addressable_by_year.append(year_addressable)
        cumulative_by_year.append(running_total)
    return Projection(
        scenario=scenario,
        years=years,
        volumes=tuple(volume_by_year),
        rows=tuple(rows),
        revenue_by_year=tuple(revenue_by_year),
        addressable_by_year=tuple(addressable_by_year),
        cumulative_by_year=tuple(cumulative_by_year),
        revenue_by_component=by_component,
        revenue_by_affiliate=by_affiliate,
    )
