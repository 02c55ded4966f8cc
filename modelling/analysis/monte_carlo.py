"""Monte Carlo ranges: triangular or PERT draws of the inputs, projected in chunks."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import engine
from .choices import MAX_DRAWS, REVENUE, AnalysisInput, AnalysisInputError, Metric
from .variants import Variants, project_many


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
    p10: list  # percentiles of each year's figure of the metric (Metric.yearly)
    p50: list
    p90: list
    totals: np.ndarray  # the metric of each draw
    target: float | None
    probability_above_target: float | None  # of the metric reaching the target
    metric: Metric = REVENUE

    def histogram(self, bins=40):
        """(bin centres, counts, bin width) of the metric over the draws."""
        counts, edges = np.histogram(self.totals, bins=bins)
        width = float(edges[1] - edges[0]) if len(edges) > 1 else 0.0
        return ((edges[:-1] + edges[1:]) / 2).tolist(), counts.tolist(), width


def monte_carlo(scenario, ranges, *, draws=10_000, seed=1, target=None, metric=REVENUE):
    """The metric over draws of the ranges; target (in the reporting currency,
    or None) is the level whose chance of being reached is reported."""
    engine.validate(scenario)
    if not 1 <= draws <= MAX_DRAWS:
        raise AnalysisInputError("draws", f"must be between 1 and {MAX_DRAWS:,}")
    if target is not None and (not math.isfinite(target) or (target < 0 and not metric.can_be_negative)):
        raise AnalysisInputError("target", f"{metric.label} cannot be negative: give zero or more")
    generator = np.random.Generator(np.random.PCG64(seed))
    variants = Variants.repeat(scenario, draws)
    for spec in ranges:
        variants.set(scenario, spec.input, _draw(generator, spec, draws))
    yearly = project_many(scenario, variants, metric)
    p10, p50, p90 = np.percentile(yearly, [10, 50, 90], axis=0)
    totals = yearly.sum(axis=1)
    probability = float((totals >= target).mean()) if target is not None else None
    return MonteCarloResult(
        draws=draws,
        seed=seed,
        years=list(scenario.years),
        p10=p10.tolist(),
        p50=p50.tolist(),
        p90=p90.tolist(),
        totals=totals,
        target=target,
        probability_above_target=probability,
        metric=metric,
    )
