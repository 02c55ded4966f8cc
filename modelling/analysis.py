"""Analysis beyond one projection: sensitivity grids, tornado, goal seek and
Monte Carlo ranges.

Plain Python and NumPy, no Django. Many variants of one scenario are
projected at once by `project_many`, which follows the same rules as
engine.project (see engine.py) over arrays; the tests check the two agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
# "share" (every component's share at once), "volume", "growth",
# "share:<key>", "value:<key>", "price:<key>" for one component.


def declared_input(name):
    """What modelling/inputs.py declares for "growth" or "share:battery"."""
    code, colon, key = name.partition(":")
    declared = inputs.BY_CODE.get(code)
    if declared is None or (colon and not (declared.per_component and key)):
        raise AnalysisInputError("input", f"unknown input {name!r}")
    if declared.per_component and not colon and not declared.every_label:
        raise AnalysisInputError("input", f"unknown input {name!r}")
    return declared


def input_label(scenario, name):
    declared = declared_input(name)
    if not declared.per_component:
        return declared.page_label
    if ":" not in name:
        return declared.every_label
    component = _component(scenario, name.split(":", 1)[1]).name
    return f"{component}: {declared.analysis_label or declared.page_label}"


def input_bounds(name):
    return tuple(float(bound) for bound in declared_input(name).bounds)


def base_value(scenario, name):
    if name == "volume":
        return float(scenario.first_year_volume)
    if name == "growth":
        return float(scenario.growth_pct)
    if name == "share":
        shares = [c.share_pct for c in scenario.components]
        return float(sum(shares) / len(shares)) if shares else 0.0
    kind, key = name.split(":", 1)
    component = _component(scenario, key)
    return float(
        {
            "share": component.share_pct,
            "value": component.content_value,
            "price": component.price_change_pct,
            "start": component.supply_start_year,
        }[kind]
    )


def variable_inputs(scenario, *, with_start_years=False):
    names = ["volume", "growth", "share"]
    for component in scenario.components:
        names += [f"share:{component.key}", f"value:{component.key}", f"price:{component.key}"]
        if with_start_years:
            names.append(f"start:{component.key}")
    return names


def _component(scenario, key):
    for component in scenario.components:
        if component.key == key:
            return component
    raise AnalysisInputError("input", f"no component {key!r}")


# --- many projections at once ---------------------------------------------------------


@dataclass
class Variants:
    """Per-variant inputs, each an array of length n (components: shape (n, C))."""

    volume: np.ndarray
    growth: np.ndarray
    share: np.ndarray
    value: np.ndarray
    price: np.ndarray
    start: np.ndarray

    @classmethod
    def repeat(cls, scenario, n):
        components = scenario.components
        return cls(
            volume=np.full(n, float(scenario.first_year_volume)),
            growth=np.full(n, float(scenario.growth_pct)),
            share=np.tile([float(c.share_pct) for c in components], (n, 1)),
            value=np.tile([float(c.content_value) for c in components], (n, 1)),
            price=np.tile([float(c.price_change_pct) for c in components], (n, 1)),
            start=np.tile([c.supply_start_year for c in components], (n, 1)),
        )

    def rows(self, begin, end):
        return Variants(
            self.volume[begin:end],
            self.growth[begin:end],
            self.share[begin:end],
            self.value[begin:end],
            self.price[begin:end],
            self.start[begin:end],
        )

    def set(self, scenario, name, values):
        values = np.asarray(values, dtype=float)
        if name == "volume":
            self.volume = values
        elif name == "growth":
            self.growth = values
        elif name == "share":
            self.share = np.repeat(values[:, None], self.share.shape[1], axis=1)
        else:
            kind, key = name.split(":", 1)
            index = [c.key for c in scenario.components].index(_component(scenario, key).key)
            target = {"share": self.share, "value": self.value, "price": self.price, "start": self.start}.get(
                kind
            )
            if target is None:
                raise AnalysisInputError("input", f"{name} cannot vary here")
            target[:, index] = values


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
    x_name: str
    y_name: str
    x_values: list
    y_values: list
    cumulative: list  # rows follow y, columns follow x
    base_x: float
    base_y: float


def sensitivity_grid(scenario, x_name, x_range, y_name, y_range, steps=21):
    engine.validate(scenario)
    if x_name == y_name:
        raise AnalysisInputError("y_name", "pick two different inputs")
    if not 2 <= steps <= MAX_GRID:
        raise AnalysisInputError("steps", f"must be between 2 and {MAX_GRID}")
    axes = []
    for field, name, (low, high) in (("x", x_name, x_range), ("y", y_name, y_range)):
        bound_low, bound_high = input_bounds(name)
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise AnalysisInputError(f"{field}_range", "the low end must not be above the high end")
        if low < bound_low or high > bound_high:
            raise AnalysisInputError(f"{field}_range", f"must lie within {bound_low:,g} to {bound_high:,g}")
        axes.append(np.linspace(low, high, steps))
    xs, ys = np.meshgrid(axes[0], axes[1])
    variants = Variants.repeat(scenario, xs.size)
    variants.set(scenario, x_name, xs.ravel())
    variants.set(scenario, y_name, ys.ravel())
    revenue, _ = project_many(scenario, variants)
    return Grid(
        x_name=x_name,
        y_name=y_name,
        x_values=axes[0].tolist(),
        y_values=axes[1].tolist(),
        cumulative=revenue.sum(axis=1).reshape(xs.shape).tolist(),
        base_x=base_value(scenario, x_name),
        base_y=base_value(scenario, y_name),
    )


# --- tornado ------------------------------------------------------------------------------


@dataclass
class Bar:
    name: str
    low_input: float
    high_input: float
    low_result: float
    high_result: float

    @property
    def swing(self):
        return abs(self.high_result - self.low_result)


def _with(scenario, name, value):
    """A copy of scenario with one input set to value (scalar, for engine.project)."""
    from dataclasses import replace

    if name == "volume":
        return replace(scenario, first_year_volume=value)
    if name == "growth":
        return replace(scenario, growth_pct=value)
    if name == "share":
        return replace(scenario, components=tuple(replace(c, share_pct=value) for c in scenario.components))
    kind, key = name.split(":", 1)
    field = {
        "share": "share_pct",
        "value": "content_value",
        "price": "price_change_pct",
        "start": "supply_start_year",
    }[kind]
    return replace(
        scenario,
        components=tuple(replace(c, **{field: value}) if c.key == key else c for c in scenario.components),
    )


def tornado(scenario, swing_pct=20.0):
    """Each input moved down and up by swing_pct (shares clipped to 0..100; supply
    start years one year earlier and later), one at a time; bars by effect.
    Every low and high case is projected in one vectorised call."""
    engine.validate(scenario)
    if not (math.isfinite(swing_pct) and 0 < swing_pct <= 100):
        raise AnalysisInputError("swing_pct", "must be above 0 and at most 100")
    cases = []
    for name in variable_inputs(scenario, with_start_years=True):
        if name == "share":
            continue  # the per-component shares say it more precisely
        base = base_value(scenario, name)
        low_bound, high_bound = input_bounds(name)
        if name.startswith("start:"):
            low, high = int(max(base - 1, low_bound)), int(min(base + 1, high_bound))
        else:
            low, high = base * (1 - swing_pct / 100), base * (1 + swing_pct / 100)
            if base < 0:
                low, high = high, low
            low, high = max(low, low_bound), min(high, high_bound)
        cases.append((name, low, high))
    variants = Variants.repeat(scenario, 2 * len(cases))
    for index, (name, low, high) in enumerate(cases):
        one = Variants.repeat(scenario, 2)
        one.set(scenario, name, [low, high])
        for field in ("volume", "growth", "share", "value", "price", "start"):
            getattr(variants, field)[2 * index : 2 * index + 2] = getattr(one, field)
    cumulative = project_many(scenario, variants)[0].sum(axis=1)
    bars = [
        Bar(name, low, high, float(cumulative[2 * i]), float(cumulative[2 * i + 1]))
        for i, (name, low, high) in enumerate(cases)
    ]
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return bars


# --- goal seek ------------------------------------------------------------------------------

GOAL_INPUTS = ("share", "volume", "growth")  # and "share:<key>"


@dataclass
class GoalSeekResult:
    name: str
    target: float
    reached: bool
    value: float  # the input found, or the bound that comes closest
    result: float  # what the metric is at that value
    tolerance: float


def _metric(scenario, name, value, year):
    projection = engine.project(_with(scenario, name, value))
    if year is None:
        return projection.cumulative_revenue
    return projection.revenue_by_year[projection.years.index(year)]


def _metric_many(scenario, name, values, year):
    variants = Variants.repeat(scenario, len(values))
    variants.set(scenario, name, values)
    revenue = project_many(scenario, variants)[0]
    return revenue.sum(axis=1) if year is None else revenue[:, year - scenario.first_year]


def goal_seek(scenario, name, target, year=None):
    """The input value at which cumulative revenue (or revenue in year) equals
    target. Every input here raises revenue monotonically, so a target outside
    [f(low bound), f(high bound)] cannot be reached; then the closest bound is
    reported. The bracket is narrowed 64-fold a round by projecting 65 points at
    once; the answer is checked with engine.project. Tolerance: $1 or one part
    in a billion of the target, whichever is larger."""
    engine.validate(scenario)
    if not (name in GOAL_INPUTS or name.startswith("share:")):
        raise AnalysisInputError("input", "solve for a share, the first-year volume or growth")
    if not math.isfinite(target) or target < 0:
        raise AnalysisInputError("target", "must be a positive number of US dollars")
    if year is not None and year not in scenario.years:
        raise AnalysisInputError("year", f"must be within {scenario.first_year}–{scenario.years[-1]}")
    low, high = input_bounds(name)
    high = float(declared_input(name).goal_high or high)
    tolerance = max(1.0, abs(target) * 1e-9)
    f_low, f_high = _metric(scenario, name, low, year), _metric(scenario, name, high, year)
    if target < f_low - tolerance:
        return GoalSeekResult(name, target, False, low, f_low, tolerance)
    if target > f_high + tolerance:
        return GoalSeekResult(name, target, False, high, f_high, tolerance)
    best = low
    for _ in range(30):
        points = np.linspace(low, high, 65)
        values = _metric_many(scenario, name, points, year)
        nearest = int(np.argmin(np.abs(values - target)))
        best = float(points[nearest])
        if abs(values[nearest] - target) <= tolerance:
            break
        above = int(np.searchsorted(values, target))  # values rise with the input
        low, high = float(points[max(above - 1, 0)]), float(points[min(above, 64)])
    return GoalSeekResult(name, target, True, best, _metric(scenario, name, best, year), tolerance)


# --- Monte Carlo ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    name: str
    low: float
    mode: float
    high: float
    distribution: str = "triangular"  # or "pert"


def _draw(generator, spec, n):
    if not (spec.low <= spec.mode <= spec.high):
        raise AnalysisInputError(spec.name, "needs low ≤ most likely ≤ high")
    bound_low, bound_high = input_bounds(spec.name)
    if spec.low < bound_low or spec.high > bound_high:
        raise AnalysisInputError(spec.name, f"must lie within {bound_low:,g} to {bound_high:,g}")
    if spec.low == spec.high:
        return np.full(n, spec.low)
    if spec.distribution == "triangular":
        return generator.triangular(spec.low, spec.mode, spec.high, n)
    if spec.distribution == "pert":
        width = spec.high - spec.low
        alpha = 1 + 4 * (spec.mode - spec.low) / width
        beta = 1 + 4 * (spec.high - spec.mode) / width
        return spec.low + generator.beta(alpha, beta, n) * width
    raise AnalysisInputError(spec.name, "distribution must be triangular or pert")


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
        variants.set(scenario, spec.name, _draw(generator, spec, draws))
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
