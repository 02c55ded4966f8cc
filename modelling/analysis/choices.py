"""What the analysis tools can vary and what they measure: typed inputs read
from the declaration (modelling/inputs.py), the one reader of their wire format
("share:battery"), and the target metrics (revenue, EBIT, NPV)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from .. import inputs
from ..labels import with_minus

if TYPE_CHECKING:
    from ..engine import Projection

MAX_DRAWS = 100_000
MAX_GRID = 41


class AnalysisInputError(ValueError):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- inputs that can be varied ----------------------------------------------------


@dataclass(frozen=True)
class AnalysisInput:
    """One input the tools vary: a declared input, for one component (its key)
    or, with no component, the scenario's own input or every component at once.

    Every component at once keeps the scenario's mix: each component's value
    moves by the same amount, clipped to the declared bounds, and the input's
    value is the mean of the components' values that result. At the scenario's
    own mean nothing moves, so the result is exactly the scenario's; at the
    bounds every component is at that bound (see kept_mix)."""

    input: inputs.Input
    component: str | None = None

    @classmethod
    def parse(cls, key, scenario=None):
        """The input a key names: "growth", "share" (every component), "share:battery".
        The one place a key is read; keys are what forms, links and saved
        Monte Carlo ranges carry. With a scenario, the component must be one of its own."""
        code, colon, component = key.partition(":")
        declared = inputs.BY_CODE.get(code)
        if (
            declared is None
            or not declared.tools
            or (colon and not (declared.per_component and component))
            or (declared.per_component and not colon and not declared.every_label)
        ):
            raise AnalysisInputError("input", f"unknown input {key!r}")
        varied = cls(declared, component or None)
        if scenario is not None and varied.component is not None:
            varied._component(scenario)
        return varied

    @property
    def key(self):
        """As forms, links and saved ranges carry it: "share:battery"."""
        return f"{self.input.code}:{self.component}" if self.component else self.input.code

    @property
    def every(self):
        """Every component's value at once, keeping the mix."""
        return self.input.per_component and self.component is None

    @property
    def bounds(self):
        """The declared bounds: the editor's, and every tool's."""
        return tuple(float(bound) for bound in self.input.bounds)

    def clip(self, value):
        low, high = self.bounds
        return min(max(value, low), high)

    def label(self, scenario):
        return self.label_for(self._component(scenario).name if self.component else None)

    def label_for(self, component_name):
        """The label, given the component's name (None for a scenario input or every component)."""
        declared = self.input
        if not declared.per_component:
            return declared.page_label
        if self.every:
            return f"{declared.every_label} (mean {declared.suffix})"
        return f"{component_name}: {declared.analysis_label or declared.page_label}"

    def phrase(self, scenario):
        """The label inside a sentence, without its unit: "Battery: supplier's share"."""
        declared = self.input
        if not declared.per_component:
            return declared.label
        if self.every:
            return declared.every_label
        return f"{self._component(scenario).name}: {declared.label}"

    def amount(self, value):
        """A value as a sentence gives it, to the places the editor keeps: "77.2%", "1,234,568"."""
        declared = self.input
        if declared.quantity == "year":
            return str(round(value))  # 2027, never 2,027
        if declared.whole:
            return with_minus(f"{round(value):,}")
        text = f"{value:,.{declared.decimal_places}f}".rstrip("0").rstrip(".")
        text = "0" if text == "-0" else with_minus(text)
        return f"{text}%" if declared.quantity == "percent" else text

    def value(self, scenario):
        """Its value in scenario; for every component, their mean."""
        if not self.input.per_component:
            return float(getattr(scenario, self.input.engine))
        if self.every:
            return _mean(self._own(scenario))
        return float(getattr(self._component(scenario), self.input.engine))

    def kept_mix(self, scenario, values):
        """For every component at once: each component's value (shape (n, components))
        at each of values (n means), the scenario's mix kept."""
        return kept_mix(self._own(scenario), *self.bounds, np.asarray(values, dtype=float).reshape(-1))

    def each(self, scenario, value):
        """For every component at once: (component name, its value) at value; else none."""
        if not self.every:
            return []
        row = self.kept_mix(scenario, [value])[0]
        return [(c.name, float(v)) for c, v in zip(scenario.components, row, strict=True)]

    def applied(self, scenario, value):
        """A copy of scenario with this input set to value (a scalar, for engine.project)."""
        attribute = self.input.engine
        if not self.input.per_component:
            return replace(scenario, **{attribute: value})
        if self.every:
            row = self.kept_mix(scenario, [value])[0]
            return replace(
                scenario,
                components=tuple(
                    replace(c, **{attribute: float(v)}) for c, v in zip(scenario.components, row, strict=True)
                ),
            )
        return replace(
            scenario,
            components=tuple(
                replace(c, **{attribute: value}) if c.key == self.component else c
                for c in scenario.components
            ),
        )

    def index(self, scenario):
        """The component's position in scenario.components."""
        return scenario.components.index(self._component(scenario))

    def _own(self, scenario):
        """Each component's own value in scenario."""
        return np.asarray([float(getattr(c, self.input.engine)) for c in scenario.components], dtype=float)

    def _component(self, scenario):
        for component in scenario.components:
            if component.key == self.component:
                return component
        raise AnalysisInputError("input", f"no component {self.component!r}")


def _mean(own):
    return float(own.mean()) if own.size else 0.0


def kept_mix(own, low, high, means):
    """Each component's value, shape (len(means), len(own)), when all of own move
    by one common amount, each clipped to low..high, so that their mean is each
    of means (clipped to low..high itself).

    The mean of the clipped values rises with the common shift, straight between
    the shifts at which a component meets a bound, and strictly between the
    shift that puts every component at low and the one that puts every
    component at high; so each mean has one shift, read off those breakpoints.
    At the mean of own the shift is exactly 0: the scenario's own values."""
    means = np.asarray(means, dtype=float)
    if not own.size:
        return np.empty((means.size, 0))
    breakpoints = np.unique(np.concatenate([low - own, high - own, [0.0]]))
    breakpoints = breakpoints[(breakpoints >= low - own.max()) & (breakpoints <= high - own.min())]
    reached = np.clip(own + breakpoints[:, None], low, high).mean(axis=1)
    shift = np.interp(means, reached, breakpoints)
    shift[means == _mean(own)] = 0.0
    return np.clip(own + shift[:, None], low, high)


def scenario_wide_inputs(tool):
    """What the tool can vary in any scenario: the scenario's own inputs, then
    those that can be set for every component at once."""
    declared = [i for i in inputs.INPUTS if tool in i.tools]
    return [
        *(AnalysisInput(i) for i in declared if not i.per_component),
        *(AnalysisInput(i) for i in declared if i.every_label),
    ]


def analysis_inputs(scenario, tool):
    """What the tool can vary in scenario, as the declaration says: the
    scenario-wide inputs, then each component's."""
    declared = [i for i in inputs.INPUTS if tool in i.tools and i.per_component]
    return [
        *scenario_wide_inputs(tool),
        *(AnalysisInput(i, c.key) for c in scenario.components for i in declared),
    ]


# --- what the tools measure -----------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """What a tool measures, in the scenario's reporting currency, as
    projection.value (modelling/valuation.py) gives it: its yearly figures, whose
    sum over the horizon is the metric."""

    code: str  # in forms, links and saved ranges: "revenue", "ebit", "npv"
    label: str  # "Cumulative EBIT": the sum over the horizon
    yearly_label: str  # one year's figure: "EBIT" as in "EBIT in 2028"
    by_year: bool  # whether it can be measured in one year instead
    can_be_negative: bool
    counts_margin: bool  # whether the operating margins move it

    @classmethod
    def parse(cls, code):
        try:
            return METRICS[code]
        except (KeyError, TypeError):
            raise AnalysisInputError("metric", f"unknown target {code!r}") from None

    @property
    def in_text(self):
        """The label inside a sentence: "cumulative EBIT", "NPV"."""
        return self.measured()

    def measured(self, year=None):
        """Inside a sentence, over the horizon or in one year: "NPV", "revenue in 2028"."""
        text = self.label if year is None else f"{self.yearly_label} in {year}"
        return text if text.split()[0].isupper() else text[0].lower() + text[1:]

    def title(self, currency):
        """ "Cumulative EBIT, US dollars" (currency: a currency.Currency)."""
        return f"{self.label}, {currency.name}"

    def moved_by(self, varied):
        """Whether varying this input can change the metric at all."""
        return self.counts_margin or varied.input is not inputs.MARGIN

    def check_year(self, scenario, year):
        if year is None:
            return
        if not self.by_year:
            raise AnalysisInputError("year", f"{self.label} is over the whole horizon: it has no single year")
        if year not in scenario.years:
            raise AnalysisInputError("year", f"must be within {scenario.first_year}–{scenario.years[-1]}")

    def yearly(self, projection: Projection):
        """The figure of each year, in the reporting currency."""
        value = projection.value
        series = {"revenue": value.total.revenue, "ebit": value.total.ebit, "npv": value.total.present_value}
        return value.in_currency(series[self.code])

    def of(self, projection: Projection, year=None):
        """The metric of a projection: over the horizon, or in one year (see by_year)."""
        self.check_year(projection.scenario, year)
        yearly = self.yearly(projection)
        return math.fsum(yearly) if year is None else yearly[projection.years.index(year)]


REVENUE = Metric("revenue", "Cumulative revenue", "Revenue", True, False, False)
EBIT = Metric("ebit", "Cumulative EBIT", "EBIT", True, True, True)
NPV = Metric("npv", "NPV", "Present value of free cash flow", False, True, True)
METRICS = {metric.code: metric for metric in (REVENUE, EBIT, NPV)}
