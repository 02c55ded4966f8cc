"""What each export table holds: the one source of rows that every writer reads."""

from dataclasses import dataclass

from modelling import inputs as model_inputs

USD = '"$"#,##0'
USD_CENTS = '"$"#,##0.00'
WHOLE = "#,##0"
PERCENT_VALUE = '0.00"%"'
FRACTION = "0.0%"
YEAR = "0"
NUMBER_FORMATS = {
    "year": YEAR,
    "duration": YEAR,
    "count": WHOLE,
    "money": USD_CENTS,
    "percent": PERCENT_VALUE,
}


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header
    title: str  # the workbook header
    width: int
    number_format: str | None = None


@dataclass(frozen=True)
class Formatted:
    """A cell whose number format is its own, not its column's (the Inputs sheet)."""

    value: object
    number_format: str | None


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple
    rows: list


def _same(key, width, number_format=None):
    return Column(key, key, width, number_format)


COMPONENT_COLUMNS = (
    _same("year", 8, YEAR),
    _same("component", 26),
    _same("supplier", 24),
    _same("volume", 14, WHOLE),
    _same("unit_value_usd", 16, USD_CENTS),
    _same("share_pct", 10, PERCENT_VALUE),
    _same("addressable_usd", 20, USD),
    _same("revenue_usd", 20, USD),
)
CSV_COLUMNS = [column.key for column in COMPONENT_COLUMNS]


def components_table(projection):
    """Every component-year of the projection; the scenario's CSV export is this table."""
    rows = [
        [
            row.year,
            row.component,
            row.supplier,
            row.volume,
            row.unit_value,
            row.share_pct,
            row.addressable,
            row.revenue,
        ]
        for row in projection.rows
    ]
    return Table("Components", COMPONENT_COLUMNS, rows)


YEARLY_COLUMNS = (
    Column("year", "Year", 8, YEAR),
    Column("volume", "Vehicles", 14, WHOLE),
    Column("addressable_usd", "Addressable (USD)", 20, USD),
    Column("revenue_usd", "Revenue (USD)", 20, USD),
    Column("cumulative_usd", "Cumulative (USD)", 20, USD),
    Column("capture_rate", "Capture rate", 14, FRACTION),
)


def yearly_table(projection):
    rows = [
        [year.year, year.volume, year.addressable, year.revenue, year.cumulative, year.capture_rate]
        for year in projection.yearly
    ]
    return Table("Projection", YEARLY_COLUMNS, rows)


INPUT_COLUMNS = (
    Column("input", "Input", 44),
    Column("value", "Value", 18),
    Column("unit", "Unit", 12),
    Column("source", "Source", 90),
)


def _provenance(line):
    category = line.category
    if line.content_value_usd != category.default_value_usd:
        return "assumption (changed from the default)"
    if category.default_value_is_assumption or not category.default_value_source_id:
        return f"assumption: {category.default_value_basis}".strip()
    return category.default_value_source.citation


def _declared_row(label, declared, value, source=""):
    """A row for an input modelling/inputs.py declares, in its own number format."""
    value = value if declared.whole else float(value)
    return [label, Formatted(value, NUMBER_FORMATS[declared.quantity]), declared.unit, source]


def inputs_table(scenario, lines):
    """Every input of the scenario, with the source of each default it kept."""
    rows = [
        ["Scenario", scenario.name, "", ""],
        ["Customer", scenario.customer.name, "", ""],
        ["Supplier group", scenario.supplier_group.name, "", ""],
    ]
    rows += [
        _declared_row(declared.label, declared, getattr(scenario, declared.name))
        for declared in model_inputs.SCENARIO
    ]
    rows += [
        [f"Volume override {year}", Formatted(volume, WHOLE), "vehicles", ""]
        for year, volume in scenario.volume_overrides_by_year.items()
    ]
    for line in lines:
        name = line.category.name
        rows.append([f"{name}: supplier", line.supplier.name, "", ""])
        for declared in model_inputs.COMPONENT:
            # The source is the category's, for its default content value.
            source = _provenance(line) if declared is model_inputs.CONTENT_VALUE else ""
            rows.append(
                _declared_row(f"{name}: {declared.label}", declared, getattr(line, declared.name), source)
            )
    return Table("Inputs", INPUT_COLUMNS, rows)


def projection_tables(scenario, lines, projection):
    """The workbook's sheets, in order."""
    return [inputs_table(scenario, lines), yearly_table(projection), components_table(projection)]


def comparison_table(header, rows):
    """The comparison's CSV: its own header row and rows (modelling.compare.as_csv_rows)."""
    return Table("Comparison", tuple(Column(str(key), str(key), 20) for key in header), list(rows))
