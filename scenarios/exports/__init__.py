"""Exports of a scenario, at full precision: one row source (rows.py) says what
each table holds, and the writers put any table into CSV (text.py) or a
workbook (workbook.py), so a later format (slides, an API) reads the same rows."""

from .rows import comparison_table, components_table, projection_tables, value_table
from .text import write_csv
from .workbook import write_workbook

__all__ = [
    "comparison_table",
    "components_table",
    "projection_tables",
    "value_table",
    "write_csv",
    "write_workbook",
]
