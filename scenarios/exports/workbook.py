"""Any export tables (rows.Table) as one .xlsx, a sheet each: bold, frozen
headers, column widths and number formats; text always stays text."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.text import exportable_text

from .rows import Formatted


def _text(cell, value):
    """Text stays text: a name like '=HYPERLINK(...)' must never become a formula."""
    cell.value = exportable_text(value)
    cell.data_type = "s"


def _fill(cell, value, number_format):
    if isinstance(value, Formatted):
        value, number_format = value.value, value.number_format
    if isinstance(value, str):
        _text(cell, value)
        return
    cell.value = value
    if number_format:
        cell.number_format = number_format


def write_workbook(tables):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title)
        for index, column in enumerate(table.columns, start=1):
            header = sheet.cell(row=1, column=index)
            _text(header, column.title)
            header.font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        for row_index, row in enumerate(table.rows, start=2):
            for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                _fill(sheet.cell(row=row_index, column=index), value, column.number_format)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
