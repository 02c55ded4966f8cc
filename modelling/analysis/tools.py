"""The sensitivity grid, the tornado and goal seek."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import engine
from .choices import MAX_GRID, AnalysisInput, AnalysisInputError, analysis_inputs
from .variants import Variants, project_many


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
