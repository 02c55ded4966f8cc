"""Analysis tools on an 8-component, 15-year scenario: time per call (median
of repeats) measuring cumulative revenue and, where it costs more, NPV;
Monte Carlo against a plain-Python loop doing the same draws, and the peak
memory of a 100,000-draw run.

Run: .venv/bin/python bench/analysis_bench.py
"""

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modelling import analysis, engine  # noqa: E402
from modelling.analysis import AnalysisInput, Range  # noqa: E402
from modelling.engine import ComponentInput, ScenarioInput  # noqa: E402

SCENARIO = ScenarioInput(
    first_year=2025,
    horizon=15,
    first_year_volume=350_000.0,
    growth_pct=20.0,
    components=tuple(
        ComponentInput(
            f"c{i}",
            f"Component {i}",
            f"Affiliate {i % 4}",
            300.0 + 700 * i,
            -2.0 * (i % 3),
            50.0,
            2026,
            margin_pct=4.0 + i,
            upfront_cost=1e8 * (i % 3),
            upfront_year=2025 + i % 2,
        )
        for i in range(8)
    ),
    volume_overrides={2026: 550_000.0},
    discount_rate_pct=9.0,
    tax_rate_pct=24.0,
    working_capital_pct=10.0,
    currency="KRW",
)
KRW = 1412.23  # won a dollar: the scenario reports in won
VOLUME, GROWTH, SHARE = (AnalysisInput.parse(key) for key in ("volume", "growth", "share"))
RANGES = [
    Range(VOLUME, 250_000, 350_000, 500_000),
    Range(GROWTH, 5, 20, 35, "pert"),
    Range(SHARE, 20, 50, 80),
    Range(AnalysisInput.parse("price:c0", SCENARIO), -10, -6, 0),
]


def median_ms(function, repeats=15, loops=5):
    function()  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(loops):
            function()
        times.append((time.perf_counter() - start) / loops * 1000)
    return statistics.median(times)


def plain_python_monte_carlo(draws, seed):
    """The same kind of draws, one engine.project call each."""
    generator = random.Random(seed)
    results = []
    for _ in range(draws):
        scenario = VOLUME.applied(SCENARIO, generator.triangular(250_000, 500_000, 350_000))
        scenario = GROWTH.applied(scenario, generator.triangular(5, 35, 20))
        scenario = SHARE.applied(scenario, generator.triangular(20, 80, 50))
        results.append(engine.project(scenario).cumulative_revenue)
    return results


def peak_memory_of_100k():
    root = str(Path(__file__).resolve().parents[1])
    setup = (
        f"import sys, resource; sys.path.insert(0, {root!r}); "
        "from bench.analysis_bench import SCENARIO, RANGES; from modelling import analysis; "
    )
    report = "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    code = setup + "analysis.monte_carlo(SCENARIO, RANGES, draws=100_000, seed=1); " + report
    baseline = setup + report
    run = [
        int(subprocess.check_output([sys.executable, "-c", c], text=True)) / 1024 for c in (code, baseline)
    ]
    return run


def page_timings(repeats=30):
    """p50 of each tool's htmx fragment and of the whole analysis page, through
    Django's full stack in this process (a fresh SQLite file, demo data)."""
    import os
    import tempfile

    database = Path(tempfile.mkdtemp()) / "analysis-bench.sqlite3"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="false", DATABASE_URL=f"sqlite:///{database}"
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # responses carry their context, and hosts are testserver
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    from django.contrib.auth import get_user_model

    from scenarios.models import Scenario

    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    scenario = Scenario.objects.get(name="Article baseline")
    url = f"/scenarios/{scenario.pk}/analysis/"
    requests = {
        "whole analysis page (runs no tool: each loads itself)": ({}, {}),
        "sensitivity fragment": ({"tool": "sensitivity"}, {"HTTP_HX_REQUEST": "true"}),
        "tornado fragment": ({"tool": "tornado", "swing_pct": "20"}, {"HTTP_HX_REQUEST": "true"}),
        "goal seek fragment": (
            {"tool": "goal", "target_usd": "2e10", "year": "", "name": "share"},
            {"HTTP_HX_REQUEST": "true"},
        ),
        "goal seek fragment, NPV break-even": (
            {"tool": "goal", "metric": "npv", "target_usd": "0", "year": "", "name": "share"},
            {"HTTP_HX_REQUEST": "true"},
        ),
    }
    defaults = client.get(url).context["montecarlo"]["form"].data
    monte_carlo = {"tool": "montecarlo", **{k: v for k, v in defaults.items() if v is not None}}
    requests["Monte Carlo fragment (10,000 draws)"] = (monte_carlo, {"HTTP_HX_REQUEST": "true"})
    requests["Monte Carlo fragment (10,000 draws), NPV"] = (
        {**monte_carlo, "metric": "npv", "target_usd": "0"},
        {"HTTP_HX_REQUEST": "true"},
    )
    results = []
    for name, (query, headers) in requests.items():
        if query.get("tool") == "sensitivity":  # its default axes follow the scenario
            query = {"tool": "sensitivity", **client.get(url).context["sensitivity"]["form"].data}
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            response = client.get(url, query, **headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        results.append((name, statistics.median(times)))
    return results


def main():
    rows = [
        (
            "21 x 21 sensitivity grid",
            median_ms(
                lambda: analysis.sensitivity_grid(SCENARIO, SHARE, (0, 100), VOLUME, (100_000, 600_000), 21)
            ),
            20,
        ),
        (
            "21 x 21 sensitivity grid, NPV",
            median_ms(
                lambda: analysis.sensitivity_grid(
                    SCENARIO, SHARE, (0, 100), VOLUME, (100_000, 600_000), 21, metric=analysis.NPV
                )
            ),
            20,
        ),
        ("tornado (all inputs, ±20%)", median_ms(lambda: analysis.tornado(SCENARIO, 20)), 10),
        (
            "tornado (all inputs and margins, ±20%), NPV",
            median_ms(lambda: analysis.tornado(SCENARIO, 20, metric=analysis.NPV)),
            10,
        ),
        ("goal seek (uniform share)", median_ms(lambda: analysis.goal_seek(SCENARIO, SHARE, 5e10 * KRW)), 20),
        ("goal seek (growth)", median_ms(lambda: analysis.goal_seek(SCENARIO, GROWTH, 8e10 * KRW)), 20),
        (
            "goal seek (uniform share), NPV break-even",
            median_ms(lambda: analysis.goal_seek(SCENARIO, SHARE, 0, metric=analysis.NPV)),
            20,
        ),
        (
            "Monte Carlo, 10,000 draws, NPV",
            median_ms(
                lambda: analysis.monte_carlo(SCENARIO, RANGES, draws=10_000, seed=1, metric=analysis.NPV),
                repeats=9,
                loops=2,
            ),
            50,
        ),
        (
            "Monte Carlo, 10,000 draws",
            median_ms(
                lambda: analysis.monte_carlo(SCENARIO, RANGES, draws=10_000, seed=1), repeats=9, loops=2
            ),
            50,
        ),
    ]
    plain = median_ms(lambda: plain_python_monte_carlo(1_000, 1), repeats=3, loops=1) * 10
    vector = rows[-1][1]
    peak, baseline = peak_memory_of_100k()
    print("8 components x 15 years, in won; median of repeats; Python", sys.version.split()[0])
    print()
    print("| tool | ms per call | target | |")
    print("|---|---:|---:|---|")
    for name, ms, target in rows:
        print(f"| {name} | {ms:.2f} | < {target} | {'met' if ms < target else '**missed**'} |")
    print()
    print(
        f"Monte Carlo, 10,000 draws: vectorised {vector:.1f} ms; a plain-Python loop of engine.project "
        f"calls {plain:.0f} ms (1,000 draws timed, x10): {plain / vector:.0f}x faster."
    )
    print(
        f"Peak memory (max RSS) of a 100,000-draw run: {peak:.0f} MB "
        f"({peak - baseline:.0f} MB above the {baseline:.0f} MB the imports take); target < 300 MB: "
        f"{'met' if peak < 300 else '**missed**'}."
    )
    print()
    print("| response (in-process, full Django stack) | p50 ms | target | |")
    print("|---|---:|---:|---|")
    for name, ms in page_timings():
        print(f"| {name} | {ms:.1f} | < 60 | {'met' if ms < 60 else '**missed**'} |")


if __name__ == "__main__":
    main()
