"""The CSV writer: every text cell through core.text.safe_text, every float at full precision."""

import csv

from core.text import safe_text

from .rows import Formatted


def _csv_cell(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        return repr(value)  # every digit the engine worked with
    return value


def write_csv(table, out):
    """One table (rows.Table) as CSV: a header of its column keys, then its rows."""
    writer = csv.writer(out)
    writer.writerow([column.key for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(cell.value if isinstance(cell, Formatted) else cell) for cell in row])
