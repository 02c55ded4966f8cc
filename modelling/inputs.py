"""Every numeric input of a scenario, declared once.

The engine's checks, the editor's form fields, the snapshots a version keeps,
the compare table, the Excel export and the analysis tools all read this list
rather than writing the inputs out again. An input's `name` is both the model
field (scenarios.models.Scenario or ComponentLine) and its key in a snapshot;
`engine` is the attribute of engine.ScenarioInput or engine.ComponentInput it
becomes.

Beside the list, not in it: the scenario's name and description, each line's
supplier (a company chosen from the supplier group, kept as id and name), the
per-year volume overrides and exchange rates (mappings typed as text) and the
reporting currency (a choice from modelling/currency.py). None has bounds or a
unit, and each reader treats them differently anyway.

Plain Python, no Django.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache

from . import engine

ANALYSIS_TOOLS = frozenset({"sensitivity", "tornado", "goal", "montecarlo"})


@dataclass(frozen=True)
class Input:
    name: str  # model field and snapshot key
    label: str  # as the pages show it, before the unit: "Annual volume growth"
    unit: str  # as the Excel export's Unit column shows it: "% a year"
    low: int
    high: int
    decimal_places: int | None  # None: a whole number
    max_digits: int | None  # digits in all, for decimals (the model field's max_digits)
    per_component: bool  # one value per component line, else one per scenario
    engine: str  # attribute of engine.ComponentInput (per component) or engine.ScenarioInput
    quantity: str  # "year", "duration", "count", "money" or "percent": how exports format it
    suffix: str = ""  # the unit in brackets after the label on pages: "%" gives "(%)"
    # In the analysis tools (modelling/analysis.py):
    code: str | None = None  # its name there, and in their forms and links: "share" or "share:battery"
    tools: frozenset = frozenset()  # which tools vary it (ANALYSIS_TOOLS)
    analysis_label: str | None = None  # the label there, when shorter than the page's
    # A per-component input that can also be set for every component at once, keeping
    # their mix (modelling/analysis/choices.py); its label there, before "(mean %)".
    every_label: str | None = None
    tornado_step: int | None = None  # moved this far either way in the tornado, not by a percentage
    # In the editor: a slider (low, high, step) beside the number, over the range
    # people usually try; the number itself takes anything within the bounds.
    slider: tuple | None = None
    # A scenario-level input's default for every new scenario, and why it is that
    # value (each is an assumption: no source gives a discount or tax rate for this deal).
    default: int | float | None = None
    default_basis: str = ""

    @property
    def bounds(self):
        return self.low, self.high

    @property
    def whole(self):
        return self.decimal_places is None

    @property
    def page_label(self):
        """ "Annual volume growth (%)"; a component's input follows "Battery: "."""
        return f"{self.label} ({self.suffix})" if self.suffix else self.label

    def read(self, stored):
        """A snapshot's value (text for decimals, so nothing is rounded) as a number."""
        return int(stored) if self.whole else Decimal(str(stored))

    def store(self, value):
        """The value as a snapshot keeps it: whole numbers as they are, decimals as text."""
        return value if self.whole else str(value)


YEARS = (2000, 2100)
MAX_VOLUME = 100_000_000  # vehicles a year: several times today's world EV sales

FIRST_YEAR = Input("first_year", "First year", "year", *YEARS, None, None, False, "first_year", "year")
HORIZON = Input(
    "horizon_years", "Horizon", "years", 1, 15, None, None, False, "horizon", "duration", suffix="years"
)
FIRST_YEAR_VOLUME = Input(
    "first_year_volume",
    "Vehicles in the first year",
    "vehicles",
    0,
    MAX_VOLUME,
    None,
    None,
    False,
    "first_year_volume",
    "count",
    code="volume",
    tools=frozenset({"sensitivity", "tornado", "goal", "montecarlo"}),
    slider=(0, 2_000_000, 10_000),
)
GROWTH = Input(
    "annual_growth_pct",
    "Annual volume growth",
    "% a year",
    -100,
    1000,
    2,
    7,
    False,
    "growth_pct",
    "percent",
    suffix="%",
    code="growth",
    tools=frozenset({"sensitivity", "tornado", "goal", "montecarlo"}),
    slider=(-50, 100, 1),
)
CONTENT_VALUE = Input(
    "content_value_usd",
    "value per vehicle",
    "USD",
    0,
    1_000_000,  # USD per vehicle for one component
    2,
    12,
    True,
    "content_value",
    "money",
    suffix="USD",
    code="value",
    tools=frozenset({"sensitivity", "tornado"}),
)
PRICE_CHANGE = Input(
    "annual_price_change_pct",
    "annual price change",
    "% a year",
    -100,
    100,
    2,
    6,
    True,
    "price_change_pct",
    "percent",
    suffix="%",
    code="price",
    tools=frozenset({"sensitivity", "tornado", "montecarlo"}),
    analysis_label="price change (%/yr)",
    slider=(-30, 30, 0.5),
)
SHARE = Input(
    "share_pct",
    "supplier's share",
    "%",
    0,
    100,
    2,
    6,
    True,
    "share_pct",
    "percent",
    suffix="%",
    code="share",
    tools=frozenset({"sensitivity", "tornado", "goal", "montecarlo"}),
    analysis_label="share (%)",
    every_label="Share of every component, keeping the mix",
    slider=(0, 100, 1),
)
SUPPLY_START = Input(
    "supply_start_year",
    "supply starts",
    "year",
    *YEARS,
    None,
    None,
    True,
    "supply_start_year",
    "year",
    code="start",
    tools=frozenset({"tornado"}),
    tornado_step=1,
)

DISCOUNT_RATE = Input(
    "discount_rate_pct",
    "Discount rate",
    "% a year",
    0,
    100,
    2,
    5,
    False,
    "discount_rate_pct",
    "percent",
    suffix="%",
    slider=(0, 25, 0.5),
    default=9,
    default_basis="A typical cost of capital for a large supplier; no source gives one for this deal.",
)
TAX_RATE = Input(
    "tax_rate_pct",
    "Tax rate on operating profit",
    "%",
    0,
    100,
    2,
    5,
    False,
    "tax_rate_pct",
    "percent",
    suffix="%",
    default=24,
    default_basis="About South Korea's top corporate income tax rate.",
)
WORKING_CAPITAL = Input(
    "working_capital_pct",
    "Working capital",
    "% of the change in revenue",
    0,
    100,
    2,
    5,
    False,
    "working_capital_pct",
    "percent",
    suffix="% of revenue growth",
    default=10,
    default_basis="Receivables and stock less payables, tied up as revenue grows.",
)
MARGIN = Input(
    "operating_margin_pct",
    "operating margin",
    "% of revenue",
    -100,
    100,
    2,
    5,
    True,
    "margin_pct",
    "percent",
    suffix="%",
    code="margin",
    tools=frozenset({"sensitivity", "tornado", "goal", "montecarlo"}),
    analysis_label="margin (%)",
    every_label="Operating margin of every component, keeping the mix",
    slider=(-10, 30, 0.5),
)
UPFRONT_COST = Input(
    "upfront_cost_usd",
    "up-front cost",
    "USD",
    0,
    1_000_000_000_000,  # tooling and capacity for one component: far beyond any plant
    2,
    15,
    True,
    "upfront_cost",
    "money",
    suffix="USD",
)
UPFRONT_YEAR = Input(
    "upfront_year",
    "up-front cost spent in",
    "year",
    *YEARS,
    None,
    None,
    True,
    "upfront_year",
    "year",
)

# In the order the editor, the snapshots and the exports show them.
INPUTS = (
    FIRST_YEAR,
    HORIZON,
    FIRST_YEAR_VOLUME,
    GROWTH,
    DISCOUNT_RATE,
    TAX_RATE,
    WORKING_CAPITAL,
    SHARE,
    PRICE_CHANGE,
    CONTENT_VALUE,
    SUPPLY_START,
    MARGIN,
    UPFRONT_COST,
    UPFRONT_YEAR,
)
# What the revenue is worth (modelling/valuation.py): the editor groups these apart.
VALUE = frozenset({DISCOUNT_RATE, TAX_RATE, WORKING_CAPITAL, MARGIN, UPFRONT_COST, UPFRONT_YEAR})
SCENARIO = tuple(i for i in INPUTS if not i.per_component)
COMPONENT = tuple(i for i in INPUTS if i.per_component)
BY_NAME = {i.name: i for i in INPUTS}
BY_CODE = {i.code: i for i in INPUTS if i.code}


@cache
def _engine_floats():
    """The engine attributes typed float: a value for one is converted; an int
    one is passed as it is, so the engine can refuse a year that is not whole."""
    return {
        f.name
        for cls in (engine.ScenarioInput, engine.ComponentInput)
        for f in fields(cls)
        if typing.get_type_hints(cls)[f.name] is float
    }


def _for_engine(declared, value):
    return float(value) if declared.engine in _engine_floats() else value


def engine_input(snapshot):
    """The engine's input from a snapshot-shaped mapping (see snapshots.take):
    each scenario input by name, "volume_overrides" ({year: vehicles}, the year
    as text or a number), "reporting_currency" and "fx_rates" ({year: units per
    dollar}; left out, dollars) and "lines", each with "category" (its key),
    "category_name", "supplier" (the name) and each component input by name.
    Values may be numbers, Decimals or text."""
    return engine.ScenarioInput(
        **{i.engine: _for_engine(i, snapshot[i.name]) for i in SCENARIO},
        volume_overrides={int(y): float(v) for y, v in snapshot["volume_overrides"].items()},
        currency=snapshot.get("reporting_currency", "USD"),
        fx_overrides={int(y): float(v) for y, v in snapshot.get("fx_rates", {}).items()},
        components=tuple(
            engine.ComponentInput(
                key=line["category"],
                name=line["category_name"],
                supplier=line["supplier"],
                **{i.engine: _for_engine(i, line[i.name]) for i in COMPONENT},
            )
            for line in snapshot["lines"]
        ),
    )
