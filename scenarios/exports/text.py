"""Text as exports hold it, and the CSV writer."""

import csv
import re

from .rows import Formatted

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
