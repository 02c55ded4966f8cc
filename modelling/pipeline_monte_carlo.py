"""Monte Carlo over a pipeline: in each draw every deal is won or lost with its
probability, independently; a won deal is one of its cases, picked by weight,
and that case's inputs are drawn from its scenario's saved ranges (fixed where
none are saved), projected as analysis.monte_carlo projects one scenario.

The mean of the draws' cumulative revenue converges on the closed form
(pipeline.combine: Σ probability × Σ weight × value) where no ranges are saved;
tests/modelling/test_pipeline_monte_carlo.py checks it. US dollars throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .analysis.choices import MAX_DRAWS, NPV, AnalysisInput, AnalysisInputError
from .analysis.monte_carlo import MonteCarloResult, Range, _draw
from .analysis.variants import Variants, project_flows
from .engine import ScenarioInput


@dataclass(frozen=True)
class RangedCase:
    weight: float  # 0..1 within its deal
    scenario: ScenarioInput
    ranges: tuple[Range, ...] = ()


@dataclass(frozen=True)
class RangedDeal:
    probability: float  # 0..1
    cases: tuple[RangedCase, ...]


@dataclass
class PipelineMonteCarloResult(MonteCarloResult):
    """analysis.MonteCarloResult of cumulative revenue (its totals, one per draw,
    in US dollars), so the scenario's fan chart and histogram draw it too; with
    each draw's NPV beside it."""

    npv: np.ndarray | None = None

    @property
    def cumulative_revenue(self):
        return self.totals

    @property
    def of_npv(self):
        """The same draws as a MonteCarloResult of NPV (no target), for its histogram."""
        return replace(self, totals=self.npv, metric=NPV, target=None, probability_above_target=None)

    @staticmethod
    def percentiles(values):
        """{"p10": ..., "p50": ..., "p90": ...} of one value per draw."""
        return dict(zip(("p10", "p50", "p90"), np.percentile(values, [10, 50, 90]).tolist(), strict=True))


def ranges_from_saved(saved, scenario):
    """The Range of each input in saved ranges as Scenario.monte_carlo keeps them
    ({"volume": [low, most likely, high], "distribution": "pert", ...}); keys that
    name no input, or a component the scenario lacks, are left out."""
    distribution = (saved or {}).get("distribution", "triangular")
    ranges = []
    for key, values in (saved or {}).items():
        try:
            varied = AnalysisInput.parse(key, scenario)
        except (AnalysisInputError, ValueError):
            continue
        low, mode, high = (float(value) for value in values)
        ranges.append(Range(varied, low, mode, high, distribution))
    return tuple(ranges)


def pipeline_monte_carlo(deals, *, draws=10_000, seed=1, target=None):
    if not 1 <= draws <= MAX_DRAWS:
        raise AnalysisInputError("draws", f"must be between 1 and {MAX_DRAWS:,}")
    all_years = [year for deal in deals for case in deal.cases for year in case.scenario.years]
    years = tuple(range(min(all_years), max(all_years) + 1)) if all_years else ()
    first = years[0] if years else 0
    generator = np.random.Generator(np.random.PCG64(seed))
    revenue = np.zeros((draws, len(years)))
    npv = np.zeros(draws)
    for deal in deals:
        if not deal.cases:
            continue  # a deal whose every case's scenario was deleted
        won = generator.random(draws) < deal.probability
        weights = np.asarray([case.weight for case in deal.cases], dtype=float)
        cumulative = np.cumsum(weights)
        cumulative[-1] = np.inf  # every won draw is one of the cases, whatever the rounding
        picked = np.searchsorted(cumulative, generator.random(draws), side="right")
        for index, case in enumerate(deal.cases):
            rows = np.flatnonzero(won & (picked == index))
            if not rows.size:
                continue
            variants = Variants.repeat(case.scenario, rows.size)
            for spec in case.ranges:
                variants.set(case.scenario, spec.input, _draw(generator, spec, rows.size))
            flows = project_flows(case.scenario, variants)
            offset = case.scenario.first_year - first
            revenue[rows, offset : offset + case.scenario.horizon] += flows.revenue
            npv[rows] += flows.present_value.sum(axis=1)
    cumulative_revenue = revenue.sum(axis=1)
    p10, p50, p90 = (np.percentile(revenue, [10, 50, 90], axis=0) if years else np.zeros((3, 0))).tolist()
    probability = float((cumulative_revenue >= target).mean()) if target is not None else None
    return PipelineMonteCarloResult(
        draws=draws,
        seed=seed,
        years=list(years),
        p10=p10,
        p50=p50,
        p90=p90,
        totals=cumulative_revenue,
        target=target,
        probability_above_target=probability,
        npv=npv,
    )
