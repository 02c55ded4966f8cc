"""Micro-benchmark of the projection and its charts, without Django.

    .venv/bin/python bench/figures.py [--repeat N]

Times, for the largest scenario the editor allows (8 components x 15 years):

1. engine.project: the projection itself;
2. charts.scenario_figures: the three figures as plain dicts, alone and then
   with json.dumps, which is what the views put in the page;
3. the same three figures through plotly.graph_objects.Figure(dict).to_json(),
   the alternative charts.py avoids.

Each figure is the median over --repeat runs of timeit's best-calibrated
loop (so one figure is a per-call time, in ms).
"""

import argparse
import json
import statistics
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modelling import engine, inputs  # noqa: E402
from modelling import scenario_figures as charts  # noqa: E402

COMPONENTS = [
    # key, name, supplier, USD per vehicle, price change %/yr, share %, supply start
    ("battery", "Battery", "Samsung SDI", 6200, -6, 50, 2026),
    ("display", "Display", "Samsung Display", 300, 0, 50, 2026),
    ("memory", "Memory chips (DRAM)", "Samsung Electronics", 60, 0, 50, 2026),
    ("storage", "NAND flash storage", "Samsung Electronics", 40, 0, 50, 2026),
    ("cameras", "Camera modules", "Samsung Electro-Mechanics", 250, -2, 40, 2027),
    ("mlcc", "MLCCs", "Samsung Electro-Mechanics", 90, -1, 60, 2026),
    ("infotainment", "Infotainment", "Harman", 900, 1, 30, 2028),
    ("processor", "Cockpit processor", "Samsung Electronics", 150, -3, 25, 2029),
]


def scenario_input():
    return engine.ScenarioInput(
        first_year=2025,
        horizon=inputs.HORIZON.high,
        first_year_volume=350_000,
        growth_pct=20,
        volume_overrides={2026: 550_000},
        components=tuple(
            engine.ComponentInput(
                key=key,
                name=name,
                supplier=supplier,
                content_value=value,
                price_change_pct=change,
                share_pct=share,
                supply_start_year=start,
            )
            for key, name, supplier, value, change, share, start in COMPONENTS
        ),
    )


def median_ms(stmt, repeat):
    timer = timeit.Timer(stmt)
    number, _ = timer.autorange()  # enough loops for at least 0.2 s
    runs = timer.repeat(repeat=repeat, number=number)
    return 1000 * statistics.median(runs) / number, number


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats; the median is shown (7)")
    args = parser.parse_args()

    import plotly
    import plotly.graph_objects as go

    scenario = scenario_input()
    projection = engine.project(scenario)
    assert len(projection.rows) == len(COMPONENTS) * inputs.HORIZON.high

    def dict_figures():
        return json.dumps(charts.scenario_figures(projection))

    def plotly_figures():
        return [go.Figure(spec).to_json() for spec in charts.scenario_figures(projection).values()]

    cases = [
        ("engine.project", lambda: engine.project(scenario), None),
        ("charts.scenario_figures (dicts only)", lambda: charts.scenario_figures(projection), None),
        ("charts.scenario_figures + json.dumps", dict_figures, dict_figures),
        ("3 x go.Figure(dict).to_json()", plotly_figures, plotly_figures),
    ]
    results = []
    for label, stmt, output in cases:
        ms, loops = median_ms(stmt, args.repeat)
        size = None
        if output is not None:
            produced = output()
            size = len(produced) if isinstance(produced, str) else sum(map(len, produced))
        results.append((label, ms, loops, size))

    print(
        f"Scenario: {len(COMPONENTS)} components x {inputs.HORIZON.high} years; "
        f"median of {args.repeat} repeats; Python {sys.version.split()[0]}, plotly {plotly.__version__}."
    )
    print()
    print("| step | ms per call | loops per repeat | JSON size |")
    print("|---|---:|---:|---:|")
    for label, ms, loops, size in results:
        size_cell = f"{size / 1024:.1f} KiB" if size is not None else ""
        print(f"| {label} | {ms:.3f} | {loops} | {size_cell} |")
    dict_ms, plotly_ms = results[2][1], results[3][1]
    print()
    print(
        f"Plain dicts + json.dumps are {plotly_ms / dict_ms:.0f}x faster than go.Figure "
        "for the same three figures."
    )


if __name__ == "__main__":
    main()
