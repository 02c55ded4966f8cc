"""A scenario's full set of inputs as plain JSON-safe data.

Versions store one; the compare view and the stale-edit message read them
back, so a saved version and a live scenario are compared the same way.
Decimals are kept as strings so nothing is rounded on the way in or out.
"""

from dataclasses import dataclass
from decimal import Decimal

from . import engine

LINE_FIELDS = [
    ("supplier", "supplier", False),
    ("content_value_usd", "value per vehicle (USD)", True),
    ("annual_price_change_pct", "annual price change (%)", True),
    ("share_pct", "supplier's share (%)", True),
    ("supply_start_year", "supply starts", True),
]
SCENARIO_FIELDS = [
    ("first_year", "First year", True),
    ("horizon_years", "Horizon (years)", True),
    ("first_year_volume", "Vehicles in the first year", True),
    ("annual_growth_pct", "Annual volume growth (%)", True),
    ("volume_overrides", "Volume overrides", False),
]


def take(scenario, lines):
    return {
        "name": scenario.name,
        "description": scenario.description,
        "first_year": scenario.first_year,
        "horizon_years": scenario.horizon_years,
        "first_year_volume": scenario.first_year_volume,
        "annual_growth_pct": str(scenario.annual_growth_pct),
        "volume_overrides": {str(y): int(v) for y, v in sorted(scenario.volume_overrides_by_year.items())},
        "monte_carlo": dict(scenario.monte_carlo or {}),
        "lines": [
            {
                "category": line.category.slug,
                "category_name": line.category.name,
                "supplier_id": line.supplier_id,
                "supplier": line.supplier.name,
                "content_value_usd": str(line.content_value_usd),
                "annual_price_change_pct": str(line.annual_price_change_pct),
                "share_pct": str(line.share_pct),
                "supply_start_year": line.supply_start_year,
            }
            for line in lines
        ],
    }


def to_engine_input(snapshot):
    return engine.ScenarioInput(
        first_year=snapshot["first_year"],
        horizon=snapshot["horizon_years"],
        first_year_volume=float(snapshot["first_year_volume"]),
        growth_pct=float(snapshot["annual_growth_pct"]),
        volume_overrides={int(y): float(v) for y, v in snapshot["volume_overrides"].items()},
        components=tuple(
            engine.ComponentInput(
                key=line["category"],
                name=line["category_name"],
                supplier=line["supplier"],
                content_value=float(line["content_value_usd"]),
                price_change_pct=float(line["annual_price_change_pct"]),
                share_pct=float(line["share_pct"]),
                supply_start_year=line["supply_start_year"],
            )
            for line in snapshot["lines"]
        ),
    )


@dataclass(frozen=True)
class InputRow:
    key: str
    label: str
    value: object  # Decimal or int for numeric rows, text otherwise; None when absent
    numeric: bool


def _overrides_text(overrides):
    return "; ".join(f"{year}: {int(volume):,}" for year, volume in overrides.items()) or "none"


MONTE_CARLO_LABELS = [
    ("volume", "Monte Carlo: vehicles in the first year"),
    ("growth", "Monte Carlo: annual growth (%)"),
    ("share", "Monte Carlo: share of every component (%)"),
]


def _range_text(values, distribution):
    low, mode, high = values
    return f"{low:,.10g} / {mode:,.10g} / {high:,.10g} ({distribution})"


def input_rows(snapshot):
    """Every input as a labelled row, in the order the editor shows them, then
    the Monte Carlo ranges if any were saved."""
    rows = []
    for key, label, numeric in SCENARIO_FIELDS:
        value = snapshot[key]
        if key == "volume_overrides":
            value = _overrides_text(value)
        elif numeric:
            value = Decimal(str(value))
        rows.append(InputRow(key, label, value, numeric))
    for line in snapshot["lines"]:
        for field, label, numeric in LINE_FIELDS:
            value = Decimal(str(line[field])) if numeric else line[field]
            rows.append(
                InputRow(f"{line['category']}.{field}", f"{line['category_name']}: {label}", value, numeric)
            )
    ranges = snapshot.get("monte_carlo") or {}
    names = {line["category"]: line["category_name"] for line in snapshot["lines"]}
    labels = dict(MONTE_CARLO_LABELS)
    for key in sorted(k for k in ranges if ":" in k):
        kind, component = key.split(":", 1)
        what = "share (%)" if kind == "share" else "price change (%/yr)"
        labels[key] = f"Monte Carlo: {names.get(component, component)} {what}"
    for key, label in labels.items():
        if key in ranges:
            text = _range_text(ranges[key], ranges.get("distribution", "triangular"))
            rows.append(InputRow(f"monte_carlo.{key}", label, text, False))
    return rows


def changes(before, after):
    """[(label, before, after)] for every input that differs, name and description included."""
    found = [
        (label, before[key], after[key])
        for key, label in (("name", "Name"), ("description", "Description"))
        if before[key] != after[key]
    ]
    old = {row.key: row for row in input_rows(before)}
    for row in input_rows(after):
        previous = old.get(row.key)
        previous_value = previous.value if previous else None
        if previous_value != row.value:
            found.append((row.label, previous_value, row.value))
    return found
