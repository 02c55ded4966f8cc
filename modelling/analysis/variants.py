"""Many variants of one scenario projected at once over NumPy arrays, by the
same rules as engine.project and valuation.valuate (see engine.py and
valuation.py); the tests check they agree.

A variant differs from the scenario only in the inputs the tools vary (VARIED);
everything else (the tax rate, working capital, discount rate, up-front costs,
exchange rates) is the scenario's own, the same for every variant.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .. import inputs, valuation
from .choices import REVENUE

VARIED = tuple(i for i in inputs.INPUTS if i.tools)  # the inputs a Variants row carries


@dataclass
class Variants:
    """Per-variant inputs, each an array of length n (components: shape (n, C)),
    one per varied input, named by its code."""

    volume: np.ndarray
    growth: np.ndarray
    value: np.ndarray
    price: np.ndarray
    share: np.ndarray
    start: np.ndarray
    margin: np.ndarray

    @classmethod
    def repeat(cls, scenario, n):
        def row(declared):
            if declared.per_component:
                values = [float(getattr(c, declared.engine)) for c in scenario.components]
                return np.tile(np.asarray(values, dtype=float).reshape(1, -1), (n, 1))
            return np.full(n, float(getattr(scenario, declared.engine)))

        return cls(**{declared.code: row(declared) for declared in VARIED})

    def rows(self, begin, end):
        """Rows begin to end, as views: setting them sets these."""
        return Variants(**{f.name: getattr(self, f.name)[begin:end] for f in fields(self)})

    def set(self, scenario, varied, values):
        """The varied input takes values, one per row, written into the arrays in place
        (every component's at once: each component's value, scenario's mix kept)."""
        values = np.asarray(values, dtype=float)
        column = getattr(self, varied.input.code)
        if not varied.input.per_component:
            column[:] = values
        elif varied.every:
            column[:] = varied.kept_mix(scenario, values)
        else:
            column[:, varied.index(scenario)] = values


CHUNK = 8192  # variants projected together: bounds memory at any number of draws


@dataclass
class Flows:
    """valuation.CashFlows for many variants: each series of shape (n, years), in US dollars."""

    revenue: np.ndarray
    ebit: np.ndarray
    tax: np.ndarray
    working_capital_change: np.ndarray
    upfront_cost: np.ndarray  # (years,): the scenario's own, the same in every variant
    fcf: np.ndarray
    discount_factor: np.ndarray  # (years,)
    present_value: np.ndarray


def cash_flows(scenario, revenue, ebit):
    """valuation.cash_flows over arrays: revenue and EBIT of shape (n, years), US dollars."""
    years = np.asarray(scenario.years)
    tax = np.maximum(ebit, 0.0) * (scenario.tax_rate_pct / 100)
    working_capital = np.diff(revenue, axis=1, prepend=0.0) * (scenario.working_capital_pct / 100)
    upfront = np.asarray(valuation.upfront_costs(scenario))
    fcf = ebit - tax - working_capital - upfront
    discount = 1 / (1 + scenario.discount_rate_pct / 100) ** (years - scenario.first_year + 1)
    return Flows(revenue, ebit, tax, working_capital, upfront, fcf, discount, fcf * discount)


def project_many(scenario, variants, metric=REVENUE):
    """The metric's figure per variant and year, shape (n, years), in the reporting
    currency (choices.Metric.yearly for each variant): revenue, EBIT or the present
    value of the free cash flow. Summed over the years, the metric."""
    n = variants.volume.shape[0]
    result = np.empty((n, scenario.horizon))
    for begin in range(0, n, CHUNK):
        end = min(n, begin + CHUNK)
        revenue, ebit = _project_chunk(scenario, variants.rows(begin, end), ebit=metric.counts_margin)
        if metric.code == "revenue":
            result[begin:end] = revenue
        elif metric.code == "ebit":
            result[begin:end] = ebit
        else:
            result[begin:end] = cash_flows(scenario, revenue, ebit).present_value
    if scenario.currency != "USD":
        result *= np.asarray(valuation.fx_rates(scenario))
    return result


def project_flows(scenario, variants):
    """Every cash-flow series of every variant (Flows, US dollars), unchunked: for checks."""
    return cash_flows(scenario, *_project_chunk(scenario, variants, ebit=True))


def _project_chunk(scenario, variants, *, ebit):
    """(revenue, EBIT or None), each (n, years) in US dollars. Year by year, as
    engine.project goes: the volume from last year's, each component's unit value
    from last year's by its price change, revenue from its supply start."""
    n = variants.share.shape[0]
    revenue = np.empty((n, scenario.horizon))
    earned = np.empty((n, scenario.horizon)) if ebit else None
    share = variants.share / 100
    margin = variants.margin / 100
    price = 1 + variants.price / 100
    unit = variants.value.copy()  # unit value per (variant, component), from the first year's
    volume = variants.volume
    for offset, year in enumerate(scenario.years):
        if year in scenario.volume_overrides:
            volume = np.full(n, float(scenario.volume_overrides[year]))
        elif offset:
            volume = volume * (1 + variants.growth / 100)
        if offset:
            unit *= price
        # revenue(c, y) = volume(y) x unit_value(c, y) x share(c) once supply has started
        component_revenue = volume[:, None] * unit * share
        component_revenue *= year >= variants.start
        revenue[:, offset] = component_revenue.sum(axis=1)
        if ebit:
            earned[:, offset] = np.einsum("nc,nc->n", component_revenue, margin)
    return revenue, earned
