"""A scenario's full set of inputs as plain JSON-safe data.

Versions store one; the compare view and the stale-edit message read them
back, so a saved version and a live scenario are compared the same way.
Decimals are kept as strings so nothing is rounded on the way in or out.
"""

from dataclasses import dataclass
from decimal import Decimal

from . import analysis, inputs
from .inputs import Input


def take(scenario, lines):
    """The scenario's and its lines' inputs; the numeric ones as modelling/inputs.py declares them."""
    return {
        "name": scenario.name,
        "description": scenario.description,
        **{i.name: i.store(getattr(scenario, i.name)) for i in inputs.SCENARIO},
        "volume_overrides": {str(y): int(v) for y, v in sorted(scenario.volume_overrides_by_year.items())},
        "reporting_currency": scenario.reporting_currency,
        "fx_rates": {str(y): str(rate) for y, rate in sorted(scenario.fx_rates_by_year.items())},
        "monte_carlo": dict(scenario.monte_carlo or {}),
        "lines": [
            {
                "category": line.category.slug,
                "category_name": line.category.name,
                "supplier_id": line.supplier_id,
                "supplier": line.supplier.name,
                **{i.name: i.store(getattr(line, i.name)) for i in inputs.COMPONENT},
            }
            for line in lines
        ],
    }


@dataclass(frozen=True)
class InputRow:
    key: str
    label: str
    value: object  # Decimal for numeric rows, text otherwise; None when absent
    numeric: bool
    input: Input | None = None  # what modelling/inputs.py declares, for a numeric row


def _overrides_text(overrides):
    return "; ".join(f"{year}: {int(volume):,}" for year, volume in overrides.items()) or "none"


def _rates_text(rates):
    return "; ".join(f"{year}: {Decimal(str(rate)):,}" for year, rate in rates.items()) or "none"


def _monte_carlo_label(label):
    return f"Monte Carlo: {label[0].lower()}{label[1:]}"


# The ranges the Monte Carlo form always has: the inputs it varies for the whole scenario.
MONTE_CARLO_LABELS = [
    (varied.key, _monte_carlo_label(varied.label_for(None)))
    for varied in analysis.scenario_wide_inputs("montecarlo")
]


def _range_text(values, distribution):
    low, mode, high = values
    return f"{low:,.10g} / {mode:,.10g} / {high:,.10g} ({distribution})"


def input_rows(snapshot):
    """Every input as a labelled row, in the order the editor shows them, then
    the Monte Carlo ranges if any were saved."""
    rows = [InputRow(i.name, i.page_label, Decimal(str(snapshot[i.name])), True, i) for i in inputs.SCENARIO]
    overrides = _overrides_text(snapshot["volume_overrides"])
    rows.append(InputRow("volume_overrides", "Volume overrides", overrides, False))
    rows.append(InputRow("reporting_currency", "Reporting currency", snapshot["reporting_currency"], False))
    rows.append(
        InputRow("fx_rates", "Exchange rates set for this scenario", _rates_text(snapshot["fx_rates"]), False)
    )
    for line in snapshot["lines"]:
        key, name = line["category"], line["category_name"]
        rows.append(InputRow(f"{key}.supplier", f"{name}: supplier", line["supplier"], False))
        rows += [
            InputRow(f"{key}.{i.name}", f"{name}: {i.page_label}", Decimal(str(line[i.name])), True, i)
            for i in inputs.COMPONENT
        ]
    ranges = snapshot.get("monte_carlo") or {}
    names = {line["category"]: line["category_name"] for line in snapshot["lines"]}
    labels = dict(MONTE_CARLO_LABELS)
    for key in sorted(ranges):
        try:
            varied = analysis.AnalysisInput.parse(key)
        except analysis.AnalysisInputError:
            continue  # "draws", "seed" and the like
        if varied.component:
            labels[key] = f"Monte Carlo: {varied.label_for(names.get(varied.component, varied.component))}"
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
