"""CSV export of a projection, at full precision."""

import csv

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


def safe_text(value):
    """Text a spreadsheet will not run as a formula."""
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
