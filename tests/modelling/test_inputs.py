"""The declaration of inputs against the engine it feeds; no database."""

import dataclasses
from decimal import Decimal

import pytest

from modelling import engine, inputs

# What the engine takes that is not a declared input: identity, the supplier's
# name, the list of components, the per-year volume overrides, the reporting
# currency and its per-year rates.
NOT_INPUTS = {"key", "name", "supplier", "components", "volume_overrides", "currency", "fx_overrides"}


def _attributes(cls):
    return {f.name for f in dataclasses.fields(cls)}


def test_every_declared_input_names_an_engine_attribute():
    for declared in inputs.SCENARIO:
        assert declared.engine in _attributes(engine.ScenarioInput), declared.name
    for declared in inputs.COMPONENT:
        assert declared.engine in _attributes(engine.ComponentInput), declared.name


@pytest.mark.parametrize(
    ("cls", "declared"),
    [(engine.ScenarioInput, inputs.SCENARIO), (engine.ComponentInput, inputs.COMPONENT)],
)
def test_every_engine_input_is_declared(cls, declared):
    assert _attributes(cls) - NOT_INPUTS == {i.engine for i in declared}


def test_names_codes_and_labels_are_each_used_once():
    for values in (
        [i.name for i in inputs.INPUTS],
        [i.code for i in inputs.INPUTS if i.code],
        [i.page_label for i in inputs.INPUTS],
    ):
        assert len(values) == len(set(values))


def test_bounds_digits_and_tools_are_consistent():
    for declared in inputs.INPUTS:
        assert declared.low < declared.high, declared.name
        assert declared.whole == (declared.max_digits is None), declared.name
        assert declared.tools <= inputs.ANALYSIS_TOOLS, declared.name
        assert bool(declared.tools) <= bool(declared.code), declared.name
        if declared.max_digits:
            # the largest bound fits the digits before the point
            assert len(str(int(max(abs(declared.low), abs(declared.high))))) <= (
                declared.max_digits - declared.decimal_places
            ), declared.name


def test_labels_are_the_ones_the_pages_show():
    assert [i.page_label for i in inputs.SCENARIO] == [
        "First year",
        "Horizon (years)",
        "Vehicles in the first year",
        "Annual volume growth (%)",
        "Discount rate (%)",
        "Tax rate on operating profit (%)",
        "Working capital (% of revenue growth)",
    ]
    # In the editor's order: the share first, as the input an analyst moves most.
    assert [i.page_label for i in inputs.COMPONENT] == [
        "supplier's share (%)",
        "annual price change (%)",
        "value per vehicle (USD)",
        "supply starts",
        "operating margin (%)",
        "up-front cost (USD)",
        "up-front cost spent in",
    ]


def test_the_engine_refuses_what_the_declaration_bounds():
    snapshot = _snapshot()
    for declared in inputs.INPUTS:
        for value in (declared.low - 1, declared.high + 1):
            where = snapshot["lines"][0] if declared.per_component else snapshot
            changed = {**where, declared.name: value}
            bad = (
                {**snapshot, "lines": [changed]}
                if declared.per_component
                else {**changed, "lines": snapshot["lines"]}
            )
            with pytest.raises(engine.EngineInputError) as raised:
                engine.project(inputs.engine_input(bad))
            assert raised.value.field.endswith(declared.engine)


def _snapshot():
    return {
        "first_year": 2025,
        "horizon_years": 3,
        "first_year_volume": 1000,
        "annual_growth_pct": "10.00",
        "discount_rate_pct": "9.00",
        "tax_rate_pct": "24.00",
        "working_capital_pct": "10.00",
        "volume_overrides": {"2026": 1500},
        "reporting_currency": "KRW",
        "fx_rates": {"2027": "1500.5"},
        "lines": [
            {
                "category": "battery",
                "category_name": "Battery",
                "supplier": "Samsung SDI",
                "content_value_usd": "100.50",
                "annual_price_change_pct": "-2.00",
                "share_pct": "50.00",
                "supply_start_year": 2026,
                "operating_margin_pct": "5.00",
                "upfront_cost_usd": "1000000.00",
                "upfront_year": 2025,
            }
        ],
    }


def test_the_engine_input_is_built_from_a_snapshot_shaped_mapping():
    built = inputs.engine_input(_snapshot())
    assert built == engine.ScenarioInput(
        first_year=2025,
        horizon=3,
        first_year_volume=1000.0,
        growth_pct=10.0,
        volume_overrides={2026: 1500.0},
        discount_rate_pct=9.0,
        tax_rate_pct=24.0,
        working_capital_pct=10.0,
        currency="KRW",
        fx_overrides={2027: 1500.5},
        components=(
            engine.ComponentInput(
                key="battery",
                name="Battery",
                supplier="Samsung SDI",
                content_value=100.5,
                price_change_pct=-2.0,
                share_pct=50.0,
                supply_start_year=2026,
                margin_pct=5.0,
                upfront_cost=1_000_000.0,
                upfront_year=2025,
            ),
        ),
    )


def test_decimals_and_numbers_build_the_same_input_as_text():
    snapshot = _snapshot()
    as_numbers = {
        **snapshot,
        "annual_growth_pct": Decimal("10"),
        "volume_overrides": {2026: 1500},
        "lines": [{**snapshot["lines"][0], "content_value_usd": Decimal("100.5"), "share_pct": 50}],
    }
    assert inputs.engine_input(as_numbers) == inputs.engine_input(snapshot)


def test_a_snapshot_value_reads_back_as_stored():
    assert inputs.GROWTH.read(inputs.GROWTH.store(Decimal("12.50"))) == Decimal("12.50")
    assert inputs.FIRST_YEAR.read(inputs.FIRST_YEAR.store(2026)) == 2026
