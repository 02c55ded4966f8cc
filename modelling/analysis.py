"""Analysis beyond one projection: sensitivity grids, tornado, goal seek and
Monte Carlo ranges.

Plain Python and NumPy, no Django. Many variants of one scenario are
projected at once by `project_many`, which follows the same rules as
engine.project (see engine.py) over arrays; the tests check the two agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np

from . import engine, inputs

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
    or, with no component, the scenario's own input or every component at once."""

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
        """Every component's value at once."""
        return self.input.per_component and self.component is None

    @property
    def bounds(self):
        return tuple(float(bound) for bound in self.input.bounds)

    def label(self, scenario):
        return self.label_for(self._component(scenario).name if self.component else None)

    def label_for(self, component_name):
        """The label, given the component's name (None for a scenario input or every component)."""
        declared = self.input
        if not declared.per_component:
            return declared.page_label
        if self.every:
            return declared.every_label
        return f"{component_name}: {declared.analysis_label or declared.page_label}"

    def value(self, scenario):
        """Its value in scenario; for every component, their mean."""
        if not self.input.per_component:
            return float(getattr(scenario, self.input.engine))
        if self.every:
            values = [getattr(c, self.input.engine) for c in scenario.components]
            return float(sum(values) / len(values)) if values else 0.0
        return float(getattr(self._component(scenario), self.input.engine))

    def applied(self, scenario, value):
        """A copy of scenario with this input set to value (a scalar, for engine.project)."""
        attribute = self.input.engine
        if not self.input.per_component:
            return replace(scenario, **{attribute: value})
        return replace(
            scenario,
            components=tuple(
                replace(c, **{attribute: value}) if self.every or c.key == self.component else c
                for c in scenario.components
            ),
        )

    def index(self, scenario):
        """The component's position in scenario.components."""
        return scenario.components.index(self._component(scenario))

    def _component(self, scenario):
        for component in scenario.components:
            if component.key == self.component:
                return component
        raise AnalysisInputError("input", f"no component {self.component!r}")


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


# --- many projections at once ---------------------------------------------------------


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

    @classmethod
    def repeat(cls, scenario, n):
        def row(declared):
            if declared.per_component:
                return np.tile([float(getattr(c, declared.engine)) for c in scenario.components], (n, 1))
            return np.full(n, float(getattr(scenario, declared.engine)))

        return cls(**{declared.code: row(declared) for declared in VARIED})

    def rows(self, begin, end):
        return Variants(**{f.name: getattr(self, f.name)[begin:end] for f in fields(self)})

    def put(self, begin, other):
        """Write other's rows in from row begin."""
        for f in fields(self):
            values = getattr(other, f.name)
            getattr(self, f.name)[begin : begin + len(values)] = values

    def set(self, scenario, varied, values):
        values = np.asarray(values, dtype=float)
        code = varied.input.code
        if not varied.input.per_component:
            setattr(self, code, values)
        elif varied.every:
            setattr(self, code, np.repeat(values[:, None], getattr(self, code).shape[1], axis=1))
        else:
            getattr(self, code)[:, varied.index(scenario)] = values


CHUNK = 8192  # variants projected together: bounds memory at any number of draws


def project_many(scenario, variants):
    """(revenue, addressable), each of shape (n, years): engine.project's rules, vectorised."""
    n = variants.volume.shape[0]
    years = np.arange(scenario.first_year, scenario.first_year + scenario.horizon)
    revenue, addressable = np.empty((n, len(years))), np.empty((n, len(years)))
    for begin in range(0, n, CHUNK):
        end = min(n, begin + CHUNK)
        revenue[begin:end], addressable[begin:end] = _project_chunk(
            scenario, variants.rows(begin, end), years
        )
    return revenue, addressable


def _project_chunk(scenario, variants, years):
    n = variants.volume.shape[0]
    volumes = np.empty((n, len(years)))
    previous = variants.volume
    for offset, year in enumerate(years):
        if int(year) in scenario.volume_overrides:
            current = np.full(n, float(scenario.volume_overrides[int(year)]))
        elif offset == 0:
            current = variants.volume
        else:
            current = previous * (1 + variants.growth / 100)
        volumes[:, offset] = current
        previous = current
    offsets = np.arange(len(years))
    # unit value per (variant, component, year); then revenue counts from each supply start
    unit = variants.value[:, :, None] * (1 + variants.price[:, :, None] / 100) ** offsets[None, None, :]
    supplying = years[None, None, :] >= variants.start[:, :, None]
    addressable = volumes[:, None, :] * unit
    revenue = np.where(supplying, addressable * (variants.share[:, :, None] / 100), 0.0)
    return revenue.sum(axis=1), addressable.sum(axis=1)


# --- sensitivity grid -----------------------------------------------------------------


@dataclass
class Grid:
    x: AnalysisInput
    y: AnalysisInput
    x_values: list
    y_values: list
    cumulative: list  # rows follow y, columns follow x
    base_x: float
    base_y: float


def sensitivity_grid(scenario, x, x_range, y, y_range, steps=21):
    engine.validate(scenario)
    if x == y:
        raise AnalysisInputError("y_name", "pick two different inputs")
    if not 2 <= steps <= MAX_GRID:
        raise AnalysisInputError("steps", f"must be between 2 and {MAX_GRID}")
    axes = []
    for field, varied, (low, high) in (("x", x, x_range), ("y", y, y_range)):
        bound_low, bound_high = varied.bounds
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise AnalysisInputError(f"{field}_range", "the low end must not be above the high end")
        if low < bound_low or high > bound_high:
            raise AnalysisInputError(f"{field}_range", f"must lie within {bound_low:,g} to {bound_high:,g}")
        axes.append(np.linspace(low, high, steps))
    xs, ys = np.meshgrid(axes[0], axes[1])
    variants = Variants.repeat(scenario, xs.size)
    variants.set(scenario, x, xs.ravel())
    variants.set(scenario, y, ys.ravel())
    revenue, _ = project_many(scenario, variants)
    return Grid(
        x=x,
        y=y,
        x_values=axes[0].tolist(),
        y_values=axes[1].tolist(),
        cumulative=revenue.sum(axis=1).reshape(xs.shape).tolist(),
        base_x=x.value(scenario),
        base_y=y.value(scenario),
    )


# --- tornado ------------------------------------------------------------------------------


@dataclass
class Bar:
    input: AnalysisInput
    low_input: float
    high_input: float
    low_result: float
    high_result: float

    @property
    def swing(self):
        return abs(self.high_result - self.low_result)


def tornado(scenario, swing_pct=20.0):
    """Each input moved down and up by swing_pct (shares clipped to 0..100; an
    input with a tornado_step, the supply start years, that far either way),
    one at a time; bars by effect. Every low and high case is projected in one
    vectorised call."""
    engine.validate(scenario)
    if not (math.isfinite(swing_pct) and 0 < swing_pct <= 100):
        raise AnalysisInputError("swing_pct", "must be above 0 and at most 100")
    cases = []
    for varied in analysis_inputs(scenario, "tornado"):
        if varied.every:
            continue  # each component's own says it more precisely
        base = varied.value(scenario)
        low_bound, high_bound = varied.bounds
        step = varied.input.tornado_step
        if step:
            low, high = int(max(base - step, low_bound)), int(min(base + step, high_bound))
        else:
            low, high = base * (1 - swing_pct / 100), base * (1 + swing_pct / 100)
            if base < 0:
                low, high = high, low
            low, high = max(low, low_bound), min(high, high_bound)
        cases.append((varied, low, high))
    variants = Variants.repeat(scenario, 2 * len(cases))
    for index, (varied, low, high) in enumerate(cases):
        one = Variants.repeat(scenario, 2)
        one.set(scenario, varied, [low, high])
        variants.put(2 * index, one)
    cumulative = project_many(scenario, variants)[0].sum(axis=1)
    bars = [
        Bar(varied, low, high, float(cumulative[2 * i]), float(cumulative[2 * i + 1]))
        for i, (varied, low, high) in enumerate(cases)
    ]
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return bars


# --- goal seek ------------------------------------------------------------------------------


@dataclass
class GoalSeekResult:
    input: AnalysisInput
    target: float
    reached: bool
    value: float  # the input found, or the bound that comes closest
    result: float  # what the metric is at that value
    tolerance: float


def _metric(scenario, varied, value, year):
    projection = engine.project(varied.applied(scenario, value))
    if year is None:
        return projection.cumulative_revenue
    return projection.revenue_by_year[projection.years.index(year)]


def _metric_many(scenario, varied, values, year):
    variants = Variants.repeat(scenario, len(values))
    variants.set(scenario, varied, values)
    revenue = project_many(scenario, variants)[0]
    return revenue.sum(axis=1) if year is None else revenue[:, year - scenario.first_year]


def goal_seek(scenario, varied, target, year=None):
    """The input value at which cumulative revenue (or revenue in year) equals
    target. Every input here raises revenue monotonically, so a target outside
    [f(low bound), f(high bound)] cannot be reached; then the closest bound is
    reported. The bracket is narrowed 64-fold a round by projecting 65 points at
    once; the answer is checked with engine.project. Tolerance: $1 or one part
    in a billion of the target, whichever is larger."""
    engine.validate(scenario)
    if "goal" not in varied.input.tools:
        raise AnalysisInputError("input", "solve for a share, the first-year volume or growth")
    if not math.isfinite(target) or target < 0:
        raise AnalysisInputError("target", "must be a positive number of US dollars")
    if year is not None and year not in scenario.years:
        raise AnalysisInputError("year", f"must be within {scenario.first_year}–{scenario.years[-1]}")
    low, high = goal_bounds(varied)
    tolerance = max(1.0, abs(target) * 1e-9)
    f_low, f_high = _metric(scenario, varied, low, year), _metric(scenario, varied, high, year)
    if target < f_low - tolerance:
        return GoalSeekResult(varied, target, False, low, f_low, tolerance)
    if target > f_high + tolerance:
        return GoalSeekResult(varied, target, False, high, f_high, tolerance)
    best = low
    for _ in range(30):
        points = np.linspace(low, high, 65)
        values = _metric_many(scenario, varied, points, year)
        nearest = int(np.argmin(np.abs(values - target)))
        best = float(points[nearest])
        if abs(values[nearest] - target) <= tolerance:
            break
        above = int(np.searchsorted(values, target))  # values rise with the input
        low, high = float(points[max(above - 1, 0)]), float(points[min(above, 64)])
    return GoalSeekResult(varied, target, True, best, _metric(scenario, varied, best, year), tolerance)


def goal_bounds(varied):
    """Where goal seek searches: the declared bounds, up to goal_high if declared."""
    low, high = varied.bounds
    return low, float(varied.input.goal_high or high)


# --- Monte Carlo ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    input: AnalysisInput
    low: float
    mode: float
    high: float
    distribution: str = "triangular"  # or "pert"


def _draw(generator, spec, n):
    field = spec.input.key
    if not (spec.low <= spec.mode <= spec.high):
        raise AnalysisInputError(field, "needs low ≤ most likely ≤ high")
    bound_low, bound_high = spec.input.bounds
    if spec.low < bound_low or spec.high > bound_high:
        raise AnalysisInputError(field, f"must lie within {bound_low:,g} to {bound_high:,g}")
    if spec.low == spec.high:
        return np.full(n, spec.low)
    if spec.distribution == "triangular":
        return generator.triangular(spec.low, spec.mode, spec.high, n)
    if spec.distribution == "pert":
        width = spec.high - spec.low
        alpha = 1 + 4 * (spec.mode - spec.low) / width
        beta = 1 + 4 * (spec.high - spec.mode) / width
        return spec.low + generator.beta(alpha, beta, n) * width
    raise AnalysisInputError(field, "distribution must be triangular or pert")


@dataclass
class MonteCarloResult:
    draws: int
    seed: int
    years: list
    p10: list
    p50: list
    p90: list
    cumulative: np.ndarray
    target: float | None
    probability_above_target: float | None

    def histogram(self, bins=40):
        """(bin centres, counts, bin width) of cumulative revenue."""
        counts, edges = np.histogram(self.cumulative, bins=bins)
        width = float(edges[1] - edges[0]) if len(edges) > 1 else 0.0
        return ((edges[:-1] + edges[1:]) / 2).tolist(), counts.tolist(), width


def monte_carlo(scenario, ranges, *, draws=10_000, seed=1, target=None):
    engine.validate(scenario)
    if not 1 <= draws <= MAX_DRAWS:
        raise AnalysisInputError("draws", f"must be between 1 and {MAX_DRAWS:,}")
    generator = np.random.Generator(np.random.PCG64(seed))
    variants = Variants.repeat(scenario, draws)
    for spec in ranges:
        variants.set(scenario, spec.input, _draw(generator, spec, draws))
    revenue, _ = project_many(scenario, variants)
    p10, p50, p90 = np.percentile(revenue, [10, 50, 90], axis=0)
    cumulative = revenue.sum(axis=1)
    probability = float((cumulative >= target).mean()) if target is not None else None
    return MonteCarloResult(
        draws=draws,
        seed=seed,
        years=list(scenario.years),
        p10=p10.tolist(),
        p50=p50.tolist(),
        p90=p90.tolist(),
        cumulative=cumulative,
        target=target,
        probability_above_target=probability,
    )
