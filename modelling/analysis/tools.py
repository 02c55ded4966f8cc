"""The sensitivity grid, the tornado and goal seek, each measuring a target
metric (choices.Metric: cumulative revenue, cumulative EBIT or NPV) in the
scenario's reporting currency."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import engine
from .choices import MAX_GRID, REVENUE, AnalysisInput, AnalysisInputError, Metric, analysis_inputs
from .variants import Variants, project_many


@dataclass
class Grid:
    x: AnalysisInput
    y: AnalysisInput
    x_values: list
    y_values: list
    results: list  # the metric; rows follow y, columns follow x
    base_x: float
    base_y: float
    metric: Metric = REVENUE


def sensitivity_grid(scenario, x, x_range, y, y_range, steps=21, metric=REVENUE):
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
        axes.append(_through(np.linspace(low, high, steps), varied.value(scenario)))
    xs, ys = np.meshgrid(axes[0], axes[1])
    variants = Variants.repeat(scenario, xs.size)
    variants.set(scenario, x, xs.ravel())
    variants.set(scenario, y, ys.ravel())
    totals = project_many(scenario, variants, metric).sum(axis=1)
    return Grid(
        x=x,
        y=y,
        x_values=axes[0].tolist(),
        y_values=axes[1].tolist(),
        results=totals.reshape(xs.shape).tolist(),
        base_x=x.value(scenario),
        base_y=y.value(scenario),
        metric=metric,
    )


def _through(axis, base):
    """The axis with the scenario's own value on it, where it lies within: the
    inner point nearest to it moves onto it, so the cell under the cross is
    exactly the scenario's result. The ends stay where they were asked for."""
    if not axis[0] <= base <= axis[-1] or base in axis or len(axis) < 3:
        return axis
    nearest = 1 + int(np.argmin(np.abs(axis[1:-1] - base)))
    axis[nearest] = base
    return axis


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


def tornado(scenario, swing_pct=20.0, metric=REVENUE):
    """Each input moved down and up by swing_pct (shares clipped to 0..100; an
    input with a tornado_step, the supply start years, that far either way),
    one at a time; bars by their effect on the metric. Inputs that cannot move
    the metric (the margins, for revenue) have no bar. Every low and high case
    is projected in one vectorised call."""
    engine.validate(scenario)
    if not (math.isfinite(swing_pct) and 0 < swing_pct <= 100):
        raise AnalysisInputError("swing_pct", "must be above 0 and at most 100")
    cases = []
    for varied in analysis_inputs(scenario, "tornado"):
        if varied.every:
            continue  # each component's own says it more precisely
        if not metric.moved_by(varied):
            continue
        base = varied.value(scenario)
        step = varied.input.tornado_step
        if step:
            low, high = int(varied.clip(base - step)), int(varied.clip(base + step))
        else:
            low, high = base * (1 - swing_pct / 100), base * (1 + swing_pct / 100)
            if base < 0:
                low, high = high, low
            low, high = varied.clip(low), varied.clip(high)
        cases.append((varied, low, high))
    variants = Variants.repeat(scenario, 2 * len(cases))
    for index, (varied, low, high) in enumerate(cases):
        variants.rows(2 * index, 2 * index + 2).set(scenario, varied, [low, high])
    totals = project_many(scenario, variants, metric).sum(axis=1)
    bars = [
        Bar(varied, low, high, float(totals[2 * i]), float(totals[2 * i + 1]))
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
    value: float  # the input found, or where in its search range the metric comes closest
    result: float  # what the metric is at that value
    tolerance: float
    metric: Metric = REVENUE
    year: int | None = None

    def answer(self, scenario):
        """The input at the value found, as a sentence's subject: "Annual volume growth at
        12.5%"; "Share of every component, keeping the mix, at a mean of 77.2%"."""
        varied = self.input
        at = ", at a mean of" if varied.every else " at"
        return f"{varied.phrase(scenario)}{at} {varied.amount(self.value)}"


def _metric(scenario, varied, value, metric, year):
    return metric.of(engine.project(varied.applied(scenario, value)), year)


def _metric_many(scenario, varied, values, metric, year, variants=None):
    """The metric at each of values, projected at once (into variants, if given: one row a value)."""
    if variants is None:
        variants = Variants.repeat(scenario, len(values))
    variants.set(scenario, varied, values)
    yearly = project_many(scenario, variants, metric)
    return yearly.sum(axis=1) if year is None else yearly[:, year - scenario.first_year]


POINTS = 65  # projected at once in each round of goal seek


def _crossing(gaps, tolerance):
    """The index i of the first point that meets the target, or else of the first
    pair of points (i, i + 1) the target lies between (gaps: metric - target at
    each point); None when the target lies between no two of them."""
    for i, gap in enumerate(gaps):
        if abs(gap) <= tolerance:
            return i
        if i + 1 < len(gaps) and (gap < 0) != (gaps[i + 1] < 0):
            return i
    return None


def _nearest(gaps, found):
    """From the first crossing (found) on, while the points close in on the
    target: the one that comes closest."""
    end = found + 1
    while end + 1 < len(gaps) and abs(gaps[end + 1]) < abs(gaps[end]):
        end += 1
    return found + int(np.argmin(np.abs(gaps[found : end + 1])))


def _secant(points, gaps, nearest):
    """Where the straight line between nearest and a neighbour on the target's
    other side meets it (the exact answer for a share or a volume), or None."""
    for other in (nearest - 1, nearest + 1):
        if 0 <= other < len(gaps) and (gaps[other] < 0) != (gaps[nearest] < 0):
            x0, x1, g0, g1 = points[nearest], points[other], gaps[nearest], gaps[other]
            return float(x0 - g0 * (x1 - x0) / (g1 - g0))
    return None


def goal_seek(scenario, varied, target, year=None, metric=REVENUE):
    """The lowest input value within its declared bounds (the editor's) at which
    the metric (over the horizon, or in year) equals target, in the reporting currency.

    The search range is first projected at 65 points at once; the first pair
    between which the metric meets the target brackets the answer, which is then
    narrowed 64-fold a round the same way, and checked with engine.project. The
    metric need not rise with the input (EBIT falls with a share at a negative
    margin; NPV can fall with growth, through working capital): only a target
    met between two neighbouring points of the first 65 is found, and otherwise
    the point that comes closest is reported as not reached. Tolerance: one unit
    of the currency or one part in a billion of the target, whichever is larger."""
    engine.validate(scenario)
    if "goal" not in varied.input.tools:
        raise AnalysisInputError("input", "pick an input goal seek can solve for")
    if not metric.moved_by(varied):
        raise AnalysisInputError("input", f"{varied.input.label} does not change {metric.in_text}")
    if not math.isfinite(target) or (target < 0 and not metric.can_be_negative):
        raise AnalysisInputError("target", f"{metric.label} cannot be negative: give zero or more")
    metric.check_year(scenario, year)
    low, high = varied.bounds
    tolerance = max(1.0, abs(target) * 1e-9)
    variants = Variants.repeat(scenario, POINTS)  # reused by every round

    def gaps_at(points):
        return _metric_many(scenario, varied, points, metric, year, variants) - target

    points = np.linspace(low, high, POINTS)
    gaps = gaps_at(points)
    found = _crossing(gaps, tolerance)
    if found is None:
        closest = float(points[int(np.argmin(np.abs(gaps)))])
        result = _metric(scenario, varied, closest, metric, year)
        return GoalSeekResult(varied, target, False, closest, result, tolerance, metric, year)
    for _ in range(30):
        nearest = _nearest(gaps, found)
        if abs(gaps[nearest]) <= tolerance:
            break
        points = np.linspace(points[found], points[found + 1], POINTS)
        gaps = gaps_at(points)
        found = _crossing(gaps, tolerance)
        if found is None:  # the points no longer differ: as close as a float gets
            nearest = int(np.argmin(np.abs(gaps)))
            break
    best = float(points[nearest])
    guess = _secant(points, gaps, nearest)
    if guess is not None and low <= guess <= high:
        off = _metric_many(scenario, varied, [guess], metric, year)[0] - target
        if abs(off) < abs(gaps[nearest]):
            best = guess
    result = _metric(scenario, varied, best, metric, year)  # the answer, checked by the engine
    reached = abs(result - target) <= tolerance
    return GoalSeekResult(varied, target, reached, best, result, tolerance, metric, year)
