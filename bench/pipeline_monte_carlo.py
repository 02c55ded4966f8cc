"""Pipeline Monte Carlo: 10,000 draws of a 10-deal pipeline, each deal of three
weighted cases (bear, base, bull) with 6 components over 8 years, every case
with saved ranges on volume, growth and the share of every component; the
deals start from 2025 to 2029. Median and spread of 7 runs, and the same for
100,000 draws.

Run: .venv/bin/python bench/pipeline_monte_carlo.py
Target (issue "Pipeline across car makers"): 10,000 draws well under a second.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modelling.analysis import AnalysisInput, Range  # noqa: E402
from modelling.engine import ComponentInput, ScenarioInput  # noqa: E402
from modelling.pipeline_monte_carlo import RangedCase, RangedDeal, pipeline_monte_carlo  # noqa: E402


def scenario(first_year, volume, share):
    return ScenarioInput(
        first_year=first_year,
        horizon=8,
        first_year_volume=volume,
        growth_pct=15.0,
        components=tuple(
            ComponentInput(
                f"c{i}",
                f"Component {i}",
                f"Affiliate {i % 3}",
                500.0 + 300 * i,
                -2.0,
                share,
                first_year + 1,
                8.0,
            )
            for i in range(6)
        ),
        discount_rate_pct=9.0,
        tax_rate_pct=24.0,
        working_capital_pct=10.0,
    )


RANGES = (
    Range(AnalysisInput.parse("volume"), 200_000, 350_000, 600_000, "pert"),
    Range(AnalysisInput.parse("growth"), 0, 15, 40),
    Range(AnalysisInput.parse("share"), 10, 40, 70),
)


def pipeline():
    deals = []
    for number in range(10):
        first_year = 2025 + number % 5
        cases = tuple(
            RangedCase(weight, scenario(first_year, 300_000 * factor, 40 * factor), RANGES)
            for weight, factor in ((0.25, 0.6), (0.5, 1.0), (0.25, 1.4))
        )
        deals.append(RangedDeal(0.1 + 0.08 * number, cases))
    return deals


def timed(draws, repeats=7):
    deals = pipeline()
    pipeline_monte_carlo(deals, draws=draws, seed=1)  # warm up
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        pipeline_monte_carlo(deals, draws=draws, seed=seed + 2)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main():
    print("### Pipeline Monte Carlo (10 deals × 3 cases, 6 components, 8 years, ranges on 3 inputs)")
    print()
    print("| draws | median | fastest | slowest |")
    print("|---:|---:|---:|---:|")
    for draws in (10_000, 100_000):
        median, fastest, slowest = timed(draws, repeats=7 if draws <= 10_000 else 3)
        print(f"| {draws:,} | {median:.0f} ms | {fastest:.0f} ms | {slowest:.0f} ms |")


if __name__ == "__main__":
    main()
