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


MONEY = "#,##0.00"  # the Value sheet's money, in its currency column's currency
VALUE_COLUMNS = (
    Column("year", "Year", 8, YEAR),
    Column("revenue", "Revenue", 20, MONEY),
    Column("ebit", "EBIT", 20, MONEY),
    Column("tax", "Tax", 18, MONEY),
    Column("working_capital_change", "Working capital change", 22, MONEY),
    Column("upfront_cost", "Up-front cost", 18, MONEY),
    Column("fcf", "Free cash flow", 20, MONEY),
    Column("discount_factor", "Discount factor", 16, "0.000000"),
    Column("present_value", "Present value", 20, MONEY),
    Column("currency", "Currency", 10),
    Column("fx_rate", "Rate per USD", 14, "#,##0.00####"),
)


def value_table(projection):
    """What the deal is worth year by year, in the reporting currency (export-value.csv, the Value sheet)."""
    value = projection.value
    rows = [
        [
            year.year,
            year.revenue,
            year.ebit,
            year.tax,
            year.working_capital_change,
            year.upfront_cost,
            year.fcf,
            year.discount_factor,
            year.present_value,
            value.currency.code,
            year.fx_rate,
        ]
        for year in value.yearly
    ]
    return Table("Value", VALUE_COLUMNS, rows)


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
    if category.default_value_kind == category.ValueKind.DERIVED:
        return f"derived: {category.default_value_basis} {category.default_value_source.citation}"
    return category.default_value_source.citation


def _margin_provenance(line):
    supplier = line.supplier
    if supplier.default_margin_pct is None or line.operating_margin_pct != supplier.default_margin_pct:
        return "assumption"
    if supplier.default_margin_is_assumption or not supplier.default_margin_source_id:
        return f"assumption: {supplier.default_margin_basis}".strip()
    return supplier.default_margin_source.citation


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
    rows.append(["Reporting currency", scenario.reporting_currency, "", ""])
    rows += [
        [
            f"Exchange rate {year}",
            Formatted(float(rate), "#,##0.00####"),
            f"{scenario.reporting_currency} per USD",
            "",
        ]
        for year, rate in scenario.fx_rates_by_year.items()
    ]
    for line in lines:
        name = line.category.name
        rows.append([f"{name}: supplier", line.supplier.name, "", ""])
        for declared in model_inputs.COMPONENT:
            # The source of a default: the category's content value, the supplier's margin.
            source = {
                model_inputs.CONTENT_VALUE: _provenance,
                model_inputs.MARGIN: _margin_provenance,
            }.get(declared, lambda line: "")(line)
            rows.append(
                _declared_row(f"{name}: {declared.label}", declared, getattr(line, declared.name), source)
            )
    return Table("Inputs", INPUT_COLUMNS, rows)


def projection_tables(scenario, lines, projection):
    """The workbook's sheets, in order."""
    return [
        inputs_table(scenario, lines),
        yearly_table(projection),
        components_table(projection),
        value_table(projection),
    ]


def comparison_table(header, rows):
    """The comparison's CSV: its own header row and rows (modelling.compare.as_csv_rows)."""
    return Table("Comparison", tuple(Column(str(key), str(key), 20) for key in header), list(rows))
