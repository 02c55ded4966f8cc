"""What the API takes and gives, as typed schemas: the OpenAPI document is
generated from these. Money is in US dollars unless a field names the
reporting currency; numbers are JSON numbers at full precision (the engine
rounds nothing, and neither does the API)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils.text import capfirst
from ninja import Field, Schema
from pydantic import create_model

from modelling import inputs


def plain_value(value):
    """A value as JSON holds it: numbers as numbers (a Decimal input too), text as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return float(value) if isinstance(value, Decimal) else str(value)


# --- errors -----------------------------------------------------------------------


class Message(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    # {"annual_growth_pct": ["Ensure this value is less than or equal to 1000."]}; empty
    # when the request as a whole is refused (a body that is not JSON, too few items).
    errors: dict[str, list[str]] = {}


class Change(Schema):
    label: str
    before: str | float | int | None
    after: str | float | int | None


class Conflict(Schema):
    detail: str
    current_version: int
    base_version: int
    changes: list[Change]
    saved_by: str | None
    saved_at: datetime | None


# --- reference data -----------------------------------------------------------------


class SourceOut(Schema):
    id: int
    title: str
    publisher: str
    published_on: date | None
    address: str


class CompanyRef(Schema):
    slug: str
    name: str


class CompanyOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    parent: str | None = Field(None, description="The parent group's slug")
    website: str
    description: str
    default_margin_pct: float | None


class RelationshipOut(Schema):
    id: int
    supplier: CompanyRef
    customer: CompanyRef
    component: str = Field(description="The component category's slug")
    component_name: str
    segment: str
    status: str
    evidence: str
    notes: str = Field(description="The analyst's notes: for an inferred relationship, the reason")
    quote: str
    since_year: int | None
    source: SourceOut


class FactOut(Schema):
    id: int
    company: str | None = Field(description="The company's slug; none for a market-wide figure")
    metric: str
    label: str
    value: float | None
    unit: str
    year: int | None
    period: str
    kind: str
    qualifier: str
    note: str
    source: SourceOut


# --- scenarios ------------------------------------------------------------------------

Visibility = Literal["private", "shared"]
Sort = Literal["-updated", "updated", "-revenue", "revenue", "-npv", "npv"]


class ScenarioSummary(Schema):
    id: int
    name: str
    owner: str
    customer: CompanyRef
    supplier_group: CompanyRef
    visibility: Visibility
    version: int
    updated_at: datetime
    cumulative_revenue_usd: float | None
    npv_usd: float | None
    url: str


class ScenarioPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ScenarioSummary]


Number = float | int | str


def declared_fields(kind, *, changes=False):
    """A field for each input of kind (modelling/inputs.py's SCENARIO or COMPONENT),
    described with its unit and bounds: the value as stored, or in a change an
    optional value the editor's forms then check."""
    fields = {}
    for declared in kind:
        described = f"{capfirst(declared.label)} ({declared.unit}), {declared.low:,} to {declared.high:,}"
        if changes:
            fields[declared.name] = (Number | None, Field(None, description=described))
        else:
            fields[declared.name] = (int if declared.whole else float, Field(description=described))
    return fields


class _Line(Schema):
    component: str = Field(description="The component category's slug")
    component_name: str
    supplier: CompanyRef


LineOut = create_model("LineOut", __base__=_Line, **declared_fields(inputs.COMPONENT))


class _Scenario(ScenarioSummary):
    description: str
    can_edit: bool
    reporting_currency: str
    volume_overrides: dict[str, int] = Field(description="{year: vehicles}")
    fx_rates: dict[str, float] = Field(description="{year: units of the reporting currency per dollar}")
    lines: list[LineOut]


ScenarioOut = create_model("ScenarioOut", __base__=_Scenario, **declared_fields(inputs.SCENARIO))


class NewScenario(Schema):
    start: Literal["preset", "blank"] = Field(
        "blank", description="preset: the article's preset (customer and group ignored)"
    )
    name: str = Field(max_length=120)
    customer: str | None = Field(None, description="A car maker's slug (blank start)")
    supplier_group: str | None = Field(None, description="A supplier group's slug (blank start)")


class _LineChanges(Schema):
    supplier: str | None = Field(None, description="An affiliate of the scenario's supplier group, by slug")


LineChanges = create_model(
    "LineChanges", __base__=_LineChanges, **declared_fields(inputs.COMPONENT, changes=True)
)


class _ScenarioChanges(Schema):
    """Only what is given changes; base_version is the version the edit started
    from, and a save made since is refused with 409 and what it changed."""

    base_version: int
    message: str = Field("", max_length=200)
    name: str | None = None
    description: str | None = None
    reporting_currency: str | None = None
    volume_overrides: dict[str, Number] | None = Field(None, description="{year: vehicles}; replaces all")
    fx_rates: dict[str, Number] | None = Field(None, description="{year: rate}; replaces all")
    lines: dict[str, LineChanges] = Field(
        default_factory=dict, description="By component slug: that line's changes"
    )


ScenarioChanges = create_model(
    "ScenarioChanges", __base__=_ScenarioChanges, **declared_fields(inputs.SCENARIO, changes=True)
)


# --- results ------------------------------------------------------------------------------


class ComponentYearOut(Schema):
    year: int
    component: str
    component_name: str
    supplier: str
    volume: float
    unit_value_usd: float
    share_pct: float
    addressable_usd: float
    revenue_usd: float


class YearOut(Schema):
    year: int
    volume: float
    addressable_usd: float
    revenue_usd: float
    cumulative_revenue_usd: float
    capture_rate: float


class Projection(Schema):
    scenario: int
    version: int
    years: list[YearOut]
    rows: list[ComponentYearOut]
    cumulative_revenue_usd: float


class ValueYearOut(Schema):
    year: int
    fx_rate: float = Field(description="Units of the reporting currency per US dollar")
    revenue: float
    ebit: float
    tax: float
    working_capital_change: float
    upfront_cost: float
    fcf: float
    discount_factor: float
    present_value: float
    cumulative_fcf: float


class AffiliateValue(Schema):
    affiliate: str
    revenue: float
    ebit: float
    npv: float


class Value(Schema):
    scenario: int
    version: int
    currency: str
    npv: float
    cumulative_revenue: float
    cumulative_ebit: float
    irr_pct: float | None = Field(description="None where the cash flow never changes sign")
    payback_year: int | None
    years: list[ValueYearOut]
    affiliates: list[AffiliateValue]


# --- compare --------------------------------------------------------------------------------


class CompareCell(Schema):
    value: float | int | str | None
    difference: float | None
    difference_pct: float | None
    differs: bool


class CompareRow(Schema):
    section: Literal["input", "output"]
    key: str
    label: str
    cells: list[CompareCell]


class CompareItem(Schema):
    token: str = Field(description="“7” for scenario 7 as saved, “7v2” for its version 2")
    label: str
    scenario: int
    version: int | None


class BridgeStep(Schema):
    label: str
    amount: float


class BridgeOut(Schema):
    reference: str
    other: str
    metric: str
    year: int | None
    currency: str
    start: float
    end: float
    steps: list[BridgeStep]


class Comparison(Schema):
    items: list[CompareItem]
    rows: list[CompareRow]
    bridges: list[BridgeOut]
    bridge_error: str


# --- analysis -----------------------------------------------------------------------------------

Params = dict[str, Number | None]


class AnalysisRequest(Schema):
    """The analysis page's form fields for the tool, by name (e.g. {"x_name": "volume",
    "x_low": 200000, ...}); any left out take the page's defaults, and the bounds are
    the editor's (modelling/inputs.py)."""

    params: Params = Field(default_factory=dict)


class Axis(Schema):
    key: str
    label: str
    values: list[float]


class Heatmap(Schema):
    metric: str
    currency: str
    x: Axis
    y: Axis
    results: list[list[float]] = Field(description="results[i][j]: y value i, x value j")


class TornadoBar(Schema):
    key: str
    label: str
    low_value: float
    high_value: float
    low_result: float
    high_result: float
    swing: float


class Tornado(Schema):
    metric: str
    currency: str
    base_result: float
    bars: list[TornadoBar]


class GoalSeek(Schema):
    metric: str
    currency: str
    key: str
    reached: bool
    value: float = Field(description="The input's value found, at full precision")
    result: float
    target: float
    answer: str
    apply_url: str | None = Field(description="The editor with the value filled in, unsaved")


class MonteCarlo(Schema):
    metric: str
    currency: str
    draws: int
    seed: int
    years: list[int]
    p10: list[float]
    p50: list[float]
    p90: list[float]
    total_p10: float
    total_p50: float
    total_p90: float
    mean: float
    target: float | None
    probability_above_target: float | None


# --- pipelines ------------------------------------------------------------------------------------


class PipelineSummary(Schema):
    id: int
    name: str
    owner: str
    visibility: Visibility
    deals: int


class DealCaseOut(Schema):
    id: int
    label: str
    weight_pct: float
    scenario: int
    scenario_name: str
    customer: str


class DealOut(Schema):
    id: int
    name: str
    probability_pct: float
    cases: list[DealCaseOut]
    expected_revenue_usd: float
    all_won_revenue_usd: float
    expected_npv_usd: float


class PipelineOut(Schema):
    id: int
    name: str
    description: str
    owner: str
    visibility: Visibility
    can_edit: bool
    years: list[int]
    expected_revenue_usd: list[float]
    expected_ebit_usd: list[float]
    all_won_revenue_usd: list[float]
    all_won_ebit_usd: list[float]
    expected_npv_usd: float
    all_won_npv_usd: float
    by_customer: dict[str, list[float]]
    by_affiliate: dict[str, list[float]]
    by_component: dict[str, list[float]]
    deals: list[DealOut]


class RequestErrors(Schema):
    """A request whose shape the schema refuses (a missing field, text for a number)."""

    detail: list[dict]


# The answers any operation may give besides its own: refused values (400), no or
# a bad token (401), not allowed (403), not yours to see or missing (404), a
# malformed request (422), too many requests with one token (429).
ERRORS = {
    400: FieldErrors,
    401: Message,
    403: Message,
    404: Message,
    422: RequestErrors,
    429: Message,
}
