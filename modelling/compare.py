"""Side-by-side comparison of scenarios and saved versions.

Works on snapshots (see snapshots.py), so a version from the history and a
live scenario are compared by the same code. No Django here beyond what the
callers pass in.
"""

import re
from dataclasses import dataclass, field

from . import engine, inputs, snapshots
from .labels import plotly_text
from .scenario_figures import MONEY_AXIS, PALETTE, base_layout

MIN_ITEMS, MAX_ITEMS = 2, 6
_TOKEN = re.compile(r"^(\d{1,12})(?:v(\d{1,9}))?$")


class CompareRequestError(ValueError):
    """The ids asked for cannot make a comparison; the message says why."""


def parse_ids(values):
    """['3,7', '9v2'] -> [(3, None), (7, None), (9, 2)]: 'v2' picks a saved version."""
    tokens = [token.strip() for value in values for token in value.split(",") if token.strip()]
    if not tokens:
        raise CompareRequestError(f"Pick {MIN_ITEMS} to {MAX_ITEMS} scenarios to compare.")
    items = []
    for token in tokens:
        match = _TOKEN.match(token)
        if not match:
            raise CompareRequestError(f"“{token[:20]}” is not a scenario id.")
        item = (int(match.group(1)), int(match.group(2)) if match.group(2) else None)
        if item in items:
            raise CompareRequestError(f"“{token}” is listed twice.")
        items.append(item)
    if len(items) > MAX_ITEMS:
        raise CompareRequestError(f"Compare at most {MAX_ITEMS} scenarios at once; {len(items)} were given.")
    return items


def format_ids(items):
    return ",".join(f"{pk}v{number}" if number else str(pk) for pk, number in items)


@dataclass
class Item:
    key: tuple
    label: str
    scenario: object
    version_number: int | None
    snapshot: dict
    projection: engine.Projection = field(init=False)

    def __post_init__(self):
        self.projection = engine.project(inputs.engine_input(self.snapshot))

    @property
    def token(self):
        return format_ids([self.key])


@dataclass
class Cell:
    value: object
    difference: object = None  # value - reference, for numbers
    difference_pct: float | None = None
    differs: bool = False


@dataclass
class Row:
    section: str
    key: str
    label: str
    kind: str  # "number", "money", "percent", "year", "text"
    cells: list

    @property
    def all_equal(self):
        return not any(cell.differs for cell in self.cells[1:])


def _cells(values, numeric):
    reference = values[0]
    cells = [Cell(reference)]
    for value in values[1:]:
        cell = Cell(value, differs=value != reference)
        if numeric and value is not None and reference is not None:
            cell.difference = value - reference
            if reference:
                cell.difference_pct = float(cell.difference) / float(reference) * 100
        cells.append(cell)
    return cells


def input_rows(items):
    """One row per input over every item; an input one item lacks shows as None."""
    by_item = [{row.key: row for row in snapshots.input_rows(item.snapshot)} for item in items]
    keys, seen = [], set()
    for rows in by_item:
        for key, row in rows.items():
            if key not in seen:
                seen.add(key)
                keys.append((key, row))
    result = []
    for key, template in keys:
        values = [rows[key].value if key in rows else None for rows in by_item]
        kind = "number" if template.numeric else "text"
        if template.input and template.input.quantity in ("money", "year"):
            kind = template.input.quantity  # a year is written 2026, never 2,026
        result.append(Row("input", key, template.label, kind, _cells(values, template.numeric)))
    return result


OUTPUTS = [
    ("cumulative_revenue", "Cumulative revenue", "money", lambda p: p.cumulative_revenue),
    ("final_year_revenue", "Revenue in the final year", "money", lambda p: p.final_year_revenue),
    ("capture_rate", "Capture rate", "percent", lambda p: p.capture_rate),
    ("first_year_over_1b", "First year over $1B", "year", lambda p: p.first_year_revenue_exceeds()),
    # In US dollars, whatever each item reports in, so the cells compare.
    ("cumulative_ebit", "Cumulative EBIT (US dollars)", "money", lambda p: p.value.total.cumulative_ebit),
    ("npv", "NPV (US dollars)", "money", lambda p: p.value.total.npv),
    ("irr", "IRR", "percent", lambda p: None if p.value.total.irr is None else p.value.total.irr / 100),
    ("payback_year", "Pays back in", "year", lambda p: p.value.total.payback_year),
]


def output_rows(items):
    rows = [
        Row("output", key, label, kind, _cells([read(item.projection) for item in items], numeric=True))
        for key, label, kind, read in OUTPUTS
    ]
    for row in rows:
        if row.kind == "year":  # 2027 vs 2026 is a year later, not 0.05% more
            for cell in row.cells:
                cell.difference_pct = None
    return rows


def component_names(items):
    names = []
    for item in items:
        for name in item.projection.revenue_by_component:
            if name not in names:
                names.append(name)
    return names


def component_totals(items):
    """[(component, [cumulative revenue per item])], 0 where an item lacks the component."""
    return [
        (name, [item.projection.revenue_by_component.get(name, 0.0) for item in items])
        for name in component_names(items)
    ]


def figures(items):
    """Total revenue per year, cumulative revenue by component, and volume per year."""

    def colour(index):
        return PALETTE[index % len(PALETTE)]

    total = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": plotly_text(item.label),
            "x": list(item.projection.years),
            "y": list(item.projection.revenue_by_year),
            "line": {"color": colour(i), "width": 3 if i == 0 else 2},
            "hovertemplate": "%{fullData.name}: $%{y:,.0f}<extra></extra>",
        }
        for i, item in enumerate(items)
    ]
    # Horizontal bars: component names are long, and on the y axis they get the
    # room they need (automargin) instead of running into the legend.
    components = list(reversed(component_names(items)))  # plotly draws the first at the bottom
    by_component = [
        {
            "type": "bar",
            "orientation": "h",
            "name": plotly_text(item.label),
            "y": [plotly_text(name) for name in components],
            "x": [item.projection.revenue_by_component.get(name, 0.0) for name in components],
            "marker": {"color": colour(i)},
            "hovertemplate": "%{fullData.name}<br>%{y}: $%{x:,.0f}<extra></extra>",
        }
        # The first scenario's bar on top in each group, in the same colour as elsewhere.
        for i, item in reversed(list(enumerate(items)))
    ]
    volume = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": plotly_text(item.label),
            "x": list(item.projection.years),
            "y": list(item.projection.volumes),
            "line": {"color": colour(i), "dash": "solid" if i == 0 else "dot"},
            "hovertemplate": "%{fullData.name}: %{y:,.0f} vehicles<extra></extra>",
        }
        for i, item in enumerate(items)
    ]
    return {
        "total": {"data": total, "layout": base_layout("Total revenue per year", y_title="USD")},
        "components": {
            "data": by_component,
            "layout": base_layout(
                "Cumulative revenue by component",
                barmode="group",
                hovermode="closest",
                height=max(320, (12 * len(items) + 16) * len(components) + 140),
                legend={"orientation": "h", "y": -0.12, "traceorder": "reversed"},
                xaxis={**MONEY_AXIS, "gridcolor": "#e5e8ec", "rangemode": "tozero"},
                yaxis={"type": "category", "automargin": True, "ticksuffix": "  "},
            ),
        },
        "volume": {
            "data": volume,
            "layout": base_layout("Vehicles per year", y_title="vehicles", money=False),
        },
    }


def as_csv_rows(items, rows):
    """Long, machine-readable rows: one per (row, item)."""
    yield [
        "section",
        "item",
        "label",
        "scenario_id",
        "version",
        "scenario",
        "value",
        "reference_value",
        "difference",
        "difference_pct",
    ]
    for row in rows:
        reference = row.cells[0].value
        for item, cell in zip(items, row.cells, strict=True):
            yield [
                row.section,
                row.key,
                row.label,
                item.key[0],
                item.version_number or "",
                item.label,
                _raw(cell.value),
                _raw(reference),
                _raw(cell.difference),
                _raw(cell.difference_pct),
            ]


def _raw(value):
    """Numbers as they are (csv writes floats at full precision), None as empty."""
    return "" if value is None else value
