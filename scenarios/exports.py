"""CSV and Excel exports of a projection, at full precision."""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from modelling import inputs as model_inputs

CSV_COLUMNS = [
    "year",
    "component",
    "supplier",
    "volume",
    "unit_value_usd",
    "share_pct",
    "addressable_usd",
    "revenue_usd",
]
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 cannot hold (its Char production), so neither can an .xlsx:
# control characters other than tab, LF and CR, the noncharacters U+FFFE and
# U+FFFF, and surrogates, which UTF-8 cannot encode either. openpyxl's
# ILLEGAL_CHARACTERS_RE has only the control characters, and U+FFFE saves
# without complaint into a workbook that then fails to open.
_UNEXPORTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def exportable_text(value):
    """Text every export can hold: each character an .xlsx cannot becomes U+FFFD,
    which shows the reader where one was. The CSV gets the same, so both exports
    of a scenario say the same.

    Names, descriptions and citations reach the exports from every form and from
    the admin, where staff can type anything; one vertical tab in a supplier's
    name would otherwise break the workbook of every scenario it supplies."""
    return _UNEXPORTABLE.sub("\ufffd", value)


def safe_text(value):
    """Exportable text a spreadsheet will not run as a formula, for CSV cells."""
    value = exportable_text(value)
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def write_projection_csv(projection, out):
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in projection.rows:
        writer.writerow(
            [
                row.year,
                safe_text(row.component),
                safe_text(row.supplier),
                repr(row.volume),
                repr(row.unit_value),
                repr(row.share_pct),
                repr(row.addressable),
                repr(row.revenue),
            ]
        )


# --- Excel -------------------------------------------------------------------

USD = '"$"#,##0'
USD_CENTS = '"$"#,##0.00'
WHOLE = "#,##0"
PERCENT_VALUE = '0.00"%"'
FRACTION = "0.0%"


def _text(cell, value):
    """Text stays text: a name like '=HYPERLINK(...)' must never become a formula."""
    cell.value = exportable_text(value)
    cell.data_type = "s"


def _sheet(workbook, title, headers, widths):
    sheet = workbook.create_sheet(title)
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _text(sheet.cell(row=1, column=column), header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _row(sheet, values_and_formats):
    row = sheet.max_row + 1
    for column, (value, number_format) in enumerate(values_and_formats, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
            if number_format:
                cell.number_format = number_format


NUMBER_FORMATS = {"year": "0", "duration": "0", "count": WHOLE, "money": USD_CENTS, "percent": PERCENT_VALUE}


def _input_cells(label, declared, value, source=""):
    """A row of the Inputs sheet for an input modelling/inputs.py declares."""
    value = value if declared.whole else float(value)
    return [(label, None), (value, NUMBER_FORMATS[declared.quantity]), (declared.unit, None), (source, None)]


def _provenance(line):
    category = line.category
    if line.content_value_usd != category.default_value_usd:
        return "assumption (changed from the default)"
    if category.default_value_is_assumption or not category.default_value_source_id:
        return f"assumption: {category.default_value_basis}".strip()
    return category.default_value_source.citation


def projection_workbook(scenario, lines, projection):
    """An .xlsx of the inputs (with their sources), the yearly projection and every component-year."""
    workbook = Workbook()
    workbook.remove(workbook.active)

    inputs = _sheet(workbook, "Inputs", ["Input", "Value", "Unit", "Source"], [44, 18, 12, 90])
    _row(inputs, [("Scenario", None), (scenario.name, None), ("", None), ("", None)])
    _row(inputs, [("Customer", None), (scenario.customer.name, None), ("", None), ("", None)])
    _row(inputs, [("Supplier group", None), (scenario.supplier_group.name, None), ("", None), ("", None)])
    for declared in model_inputs.SCENARIO:
        _row(inputs, _input_cells(declared.label, declared, getattr(scenario, declared.name)))
    for year, volume in scenario.volume_overrides_by_year.items():
        _row(inputs, [(f"Volume override {year}", None), (volume, WHOLE), ("vehicles", None), ("", None)])
    for line in lines:
        name = line.category.name
        _row(inputs, [(f"{name}: supplier", None), (line.supplier.name, None), ("", None), ("", None)])
        for declared in model_inputs.COMPONENT:
            # The source is the category's for its default content value.
            source = _provenance(line) if declared is model_inputs.CONTENT_VALUE else ""
            label = f"{name}: {declared.label}"
            _row(inputs, _input_cells(label, declared, getattr(line, declared.name), source))

    yearly = _sheet(
        workbook,
        "Projection",
        ["Year", "Vehicles", "Addressable (USD)", "Revenue (USD)", "Cumulative (USD)", "Capture rate"],
        [8, 14, 20, 20, 20, 14],
    )
    for year in projection.yearly:
        _row(
            yearly,
            [
                (year.year, "0"),
                (year.volume, WHOLE),
                (year.addressable, USD),
                (year.revenue, USD),
                (year.cumulative, USD),
                (year.capture_rate, FRACTION),
            ],
        )

    components = _sheet(workbook, "Components", CSV_COLUMNS, [8, 26, 24, 14, 16, 10, 20, 20])
    for row in projection.rows:
        _row(
            components,
            [
                (row.year, "0"),
                (row.component, None),
                (row.supplier, None),
                (row.volume, WHOLE),
                (row.unit_value, USD_CENTS),
                (row.share_pct, PERCENT_VALUE),
                (row.addressable, USD),
                (row.revenue, USD),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
