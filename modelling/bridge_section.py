"""The compare page's bridge section: what it asks for (metric and year, from
GET text), and the bridge from the reference to each other item, with its
waterfall figure and table rows (bridge.py does the decomposition)."""

from __future__ import annotations

from dataclasses import dataclass

from . import currency, inputs
from .bridge import METRIC_CHOICES, METRICS, Bridge, BridgeRequestError, bridge
from .bridge_figures import waterfall


def parse_request(metric, year):
    """The metric and year a page asks for (GET text; empty means the default):
    ("revenue", None) and the like; BridgeRequestError with a message if not."""
    metric = (metric or "revenue").strip().lower()
    if metric not in METRICS:
        raise BridgeRequestError(f"“{metric[:20]}” is not something to bridge: pick revenue, EBIT or NPV.")
    year = (year or "").strip()
    if not year:
        return metric, None
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise BridgeRequestError(f"“{year[:20]}” is not a year.")
    year = int(year)
    low, high = inputs.YEARS
    if not low <= year <= high:
        raise BridgeRequestError(f"{year} is outside the years a scenario can have ({low}–{high}).")
    return metric, year


@dataclass(frozen=True)
class Row:
    """A line of a bridge's table: A's figure, a step, or B's figure."""

    label: str
    amount: float
    kind: str  # "start", "step" or "end"


@dataclass(frozen=True)
class Pair:
    """The bridge from the reference to one other item."""

    reference: str  # the reference's label
    other: str
    bridge: Bridge
    figure: dict
    chart_id: str
    rows: tuple[Row, ...]

    @property
    def currency_name(self):
        return currency.CURRENCIES[self.bridge.currency].name

    @property
    def description(self):
        """What the chart shows, for people who cannot see it."""
        return (
            f"Waterfall chart of {self.bridge.title[0].lower()}{self.bridge.title[1:]} from {self.reference} "
            f"to {self.other}, one bar for each group of inputs that differs"
        )


@dataclass(frozen=True)
class Section:
    """Everything the compare page's bridge section shows."""

    metric: str
    year: int | None
    years: tuple[int, ...]  # every calendar year of the items, to pick from
    pairs: tuple[Pair, ...]
    error: str = ""
    metric_choices: tuple = METRIC_CHOICES


def pairs(items, metric="revenue", year=None):
    """The reference (the first item) to each other item: [Pair]. Items have
    .label and .projection (compare.Item)."""
    result = []
    reference = items[0]
    for index, item in enumerate(items[1:], start=1):
        found = bridge(reference.projection, item.projection, metric, year)
        rows = (
            Row(reference.label, found.start, "start"),
            *(Row(step.label, step.amount, "step") for step in found.steps),
            Row(item.label, found.end, "end"),
        )
        figure = waterfall(found, reference.label, item.label)
        result.append(Pair(reference.label, item.label, found, figure, f"chart-bridge-{index}", rows))
    return tuple(result)


def section(items, metric=None, year=None):
    """The compare page's bridge section from its GET text (metric, year); a bad
    request gives a Section with the error and no pairs, never an exception."""
    years = tuple(sorted({y for item in items for y in item.projection.years}))
    try:
        metric, year = parse_request(metric, year)
        if year is not None and year not in years:
            raise BridgeRequestError(
                f"No scenario compared projects {year}: pick a year from {years[0]} to {years[-1]}."
            )
    except BridgeRequestError as error:
        chosen = (metric or "").strip().lower()
        chosen = chosen if chosen in METRICS else "revenue"
        return Section(chosen, None, years, (), error=str(error))
    return Section(metric, year, years, pairs(items, metric, year))
