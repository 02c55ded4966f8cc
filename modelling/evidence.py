"""How much of a projection's revenue rests on relationships known to exist.

Each component line is put in one of three classes by the relationship between
its supplier and the customer for that component (companies/evidence.py reads
them from the database):

    disclosed  the relationship is established and the supplier, the customer
               or both have disclosed it
    press      the relationship is established and the press has reported it
    potential  anything else: a potential or ended relationship, an inferred
               one, or none at all

coverage() sums the projected revenue of each class and its share of the total.
Plain Python with no Django, like the engine; the figure is a Plotly dict in
the manner of scenario_figures.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .scenario_figures import MONEY_AXIS, base_layout

DISCLOSED = "disclosed"
PRESS = "press"
POTENTIAL = "potential"

# In order from the best known to the least.
CLASSES = (DISCLOSED, PRESS, POTENTIAL)
LABELS = {
    DISCLOSED: "Established and disclosed",
    PRESS: "Reported by the press",
    POTENTIAL: "Potential or inferred",
}
COLOURS = {DISCLOSED: "#17a589", PRESS: "#2e86c1", POTENTIAL: "#d4ac0d"}


@dataclass(frozen=True)
class ClassRevenue:
    key: str
    label: str
    revenue: float  # USD, over every projected year
    share: float  # of the projected revenue, 0..1 (0 when nothing is projected)
    lines: tuple[str, ...]  # the component lines in this class, in input order


@dataclass(frozen=True)
class Coverage:
    classes: tuple[ClassRevenue, ...]  # always the three, in CLASSES order
    total: float

    def __iter__(self):
        return iter(self.classes)

    def __getitem__(self, key):
        for part in self.classes:
            if part.key == key:
                return part
        raise KeyError(key)


def _coverage(revenue, lines):
    """A Coverage of {class: USD} and {class: [line, ...]}."""
    total = math.fsum(revenue.values())
    return Coverage(
        classes=tuple(
            ClassRevenue(
                key=key,
                label=LABELS[key],
                revenue=revenue[key],
                share=revenue[key] / total if total else 0.0,
                lines=tuple(lines[key]),
            )
            for key in CLASSES
        ),
        total=total,
    )


def coverage(revenue_by_line: Mapping[str, float], class_by_line: Mapping[str, str]) -> Coverage:
    """Revenue and share per evidence class. revenue_by_line: {line: USD}; class_by_line:
    {line: one of CLASSES}; a line it leaves out has no relationship, so counts as potential."""
    unknown = set(class_by_line.values()) - set(CLASSES)
    if unknown:
        raise ValueError(f"unknown evidence classes: {sorted(unknown)}")
    revenue = dict.fromkeys(CLASSES, 0.0)
    lines = {key: [] for key in CLASSES}
    for line, amount in revenue_by_line.items():
        key = class_by_line.get(line, POTENTIAL)
        revenue[key] += amount
        lines[key].append(line)
    return _coverage(revenue, lines)


def weighted_coverage(parts) -> Coverage:
    """The coverage of a portfolio: parts are (factor, Coverage) pairs, each class's
    revenue the Σ of factor × that class's revenue (a pipeline's factor is a deal's
    probability × a case's weight). Lines are named as the parts name them, once each."""
    parts = list(parts)
    revenue = {key: math.fsum(factor * part[key].revenue for factor, part in parts) for key in CLASSES}
    # A line of a part that weighs nothing (a case at 0%) is not part of the portfolio.
    lines = {
        key: list(dict.fromkeys(line for factor, part in parts if factor for line in part[key].lines))
        for key in CLASSES
    }
    return _coverage(revenue, lines)


def revenue_by_line(projection) -> dict[str, float]:
    """A projection's revenue over every year per component line, keyed as its input's
    key (the category's slug), in input order."""
    revenue = {c.key: 0.0 for c in projection.scenario.components}
    for row in projection.rows:
        revenue[row.component_key] += row.revenue
    return revenue


def projection_coverage(projection, class_by_line: Mapping[str, str]) -> Coverage:
    """coverage() of a projection, its lines keyed by component key."""
    return coverage(revenue_by_line(projection), class_by_line)


def coverage_figure(result: Coverage, title="Projected revenue by evidence"):
    """One horizontal bar, stacked by evidence class, in USD."""
    layout = base_layout(title, barmode="stack", hovermode="closest", height=220, money=False)
    layout["xaxis"] = {**MONEY_AXIS, "gridcolor": "#e5e8ec", "rangemode": "tozero"}
    layout["yaxis"] = {"visible": False}
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": part.label,
                "x": [part.revenue],
                "y": ["Revenue"],
                "marker": {"color": COLOURS[part.key]},
                "customdata": [part.share * 100],
                "hovertemplate": "%{fullData.name}: $%{x:,.0f} (%{customdata:.1f}%)<extra></extra>",
            }
            for part in result
        ],
        "layout": layout,
    }
