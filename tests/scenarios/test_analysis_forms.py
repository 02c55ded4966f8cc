"""The analysis forms without a database: money as people type it, and default
ranges that lie within the bounds and hold the scenario for any valid scenario."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from modelling import analysis, engine, inputs
from modelling.analysis import AnalysisInput
from modelling.engine import ComponentInput, ScenarioInput
from scenarios.forms.analysis import GoalSeekForm, MonteCarloForm, SensitivityForm
from scenarios.forms.text import parse_money

SHARE = AnalysisInput(inputs.SHARE)
FORMS = (SensitivityForm, MonteCarloForm, GoalSeekForm)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("15.5B", Decimal("15_500_000_000")),
        ("15,500,000,000", Decimal("15_500_000_000")),
        ("$15.5bn", Decimal("15_500_000_000")),
        ("US$ 15.5 billion", Decimal("15_500_000_000")),
        ("15.5B USD", Decimal("15_500_000_000")),
        ("15 500 000 000", Decimal("15_500_000_000")),
        ("$15.58B", Decimal("15_580_000_000")),  # as the pages print it
        ("750M", Decimal("750_000_000")),
        ("2.5k", Decimal("2_500")),
        ("1.2T", Decimal("1_200_000_000_000")),
        ("-$1.2M", Decimal("-1_200_000")),
        ("\u2212$1.2M", Decimal("-1_200_000")),  # the pages' minus sign
        ("$-1.2M", Decimal("-1_200_000")),
        ("1e10", Decimal("10_000_000_000")),
        ("-5e8", Decimal("-500_000_000")),
        ("0", Decimal("0")),
        ("  .5m ", Decimal("500_000")),
    ],
)
def test_money_is_read_as_people_type_it(text, amount):
    assert parse_money(text, "USD") == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15,5B", "commas only between groups of three"),
        ("1234,567", "commas only between groups of three"),
        ("fifteen", "Enter an amount, e.g. 15.5B"),
        ("15 kg", "Enter an amount"),
        ("$", "Enter an amount"),
        ("--5", "Enter an amount"),
        ("-$-5", "Enter an amount"),
        ("1" * 41, "Enter an amount"),
        ("₩20T", "Amounts here are in USD; “₩20T” is in KRW."),
    ],
)
def test_unreadable_money_says_what_to_write(text, message):
    with pytest.raises(ValidationError) as raised:
        parse_money(text, "USD")
    assert message in raised.value.messages[0]


def test_money_in_won_takes_the_won_sign_or_code():
    assert parse_money("₩1.74T", "KRW") == Decimal("1_740_000_000_000")
    assert parse_money("1.74T KRW", "KRW") == Decimal("1_740_000_000_000")
    assert parse_money(10_000_000_000, "KRW") == Decimal("10000000000")  # a form's initial value
    assert parse_money("", "KRW") is None


def scenario(volume=350_000.0, growth=10.0, shares=(65.0, 50.0, 50.0), horizon=5, currency="USD"):
    return ScenarioInput(
        first_year=2025,
        horizon=horizon,
        first_year_volume=float(volume),
        growth_pct=float(growth),
        currency=currency,
        components=tuple(
            ComponentInput(f"c{i}", f"C{i}", "S", 100.0 * (i + 1), 0.0, float(share), 2025)
            for i, share in enumerate(shares)
        ),
    )


def as_submitted(form_class, base, **changes):
    """The form as the page first submits it: each default as the page writes it, as text."""
    empty = form_class(scenario=base)
    data = {name: empty.get_initial_for_field(field, name) for name, field in empty.fields.items()}
    data = {name: str(value) for name, value in data.items() if value is not None}
    return form_class({**data, **changes}, scenario=base)


@pytest.mark.parametrize(
    "base",
    [
        scenario(volume=80_000_000),  # above 66.7M the grid's 150% went past 100M
        scenario(volume=inputs.MAX_VOLUME),
        scenario(volume=0),
        scenario(growth=995),  # above 990% Monte Carlo's +10 points went past 1,000%
        scenario(growth=1000),
        scenario(growth=-100),
        scenario(shares=(0, 0, 0)),
        scenario(shares=(100, 100)),
        scenario(shares=(0, 100, 37.33)),
    ],
    ids=lambda base: (
        f"{base.first_year_volume:g}-{base.growth_pct:g}-{[c.share_pct for c in base.components]}"
    ),
)
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form_class: form_class.__name__)
def test_the_default_ranges_are_valid_at_the_edges(form_class, base):
    form = as_submitted(form_class, base)
    assert form.is_valid(), form.errors


def test_monte_carlos_default_ranges_centre_on_the_scenario():
    # Shares 65, 50 and 50: mean 55%, the most likely share; low 35, high 75.
    form = as_submitted(MonteCarloForm, scenario(volume=80_000_000, growth=995))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert (data["share_low"], data["share_mode"], data["share_high"]) == (35, 55, 75)
    assert (data["growth_low"], data["growth_mode"], data["growth_high"]) == (985, 995, 1000)
    assert (data["volume_low"], data["volume_mode"], data["volume_high"]) == (64e6, 80e6, 96e6)


@pytest.mark.parametrize(
    ("typed", "target"),
    [("15.5B", 15.5e9), ("15,500,000,000", 15.5e9), ("$15.5bn", 15.5e9), ("1e10", 1e10)],
)
def test_goal_seek_takes_a_target_as_typed(typed, target):
    form = as_submitted(GoalSeekForm, scenario(), target_usd=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["target_usd"] == target


def test_a_target_in_another_currency_is_refused_with_a_message():
    form = as_submitted(GoalSeekForm, scenario(currency="KRW"), target_usd="$15.5bn")
    assert not form.is_valid()
    assert form.errors["target_usd"] == ["Amounts here are in KRW; “$15.5bn” is in USD."]
    form = as_submitted(MonteCarloForm, scenario(), target_usd="15,5B")
    assert "commas only between groups of three" in form.errors["target_usd"][0]


shares_ = st.lists(st.decimals(0, 100, places=2).map(float), min_size=1, max_size=6)


@settings(max_examples=max(50, settings.default.max_examples // 10))
@given(
    volume=st.integers(0, inputs.MAX_VOLUME),
    growth=st.decimals(-100, 1000, places=2).map(float),
    shares=shares_,
    horizon=st.integers(1, 15),
)
def test_for_any_valid_scenario_the_defaults_are_valid_and_the_cross_is_the_scenario(
    volume, growth, shares, horizon
):
    base = scenario(volume, growth, shares, horizon)
    engine.validate(base)
    for form_class in FORMS:
        form = as_submitted(form_class, base)
        assert form.is_valid(), (form_class.__name__, form.errors)
    monte = as_submitted(MonteCarloForm, base)
    monte.is_valid()
    assert monte.cleaned_data["share_mode"] == SHARE.value(base)
    grid = as_submitted(SensitivityForm, base)
    grid.is_valid()
    result = grid.run()
    cell = result.results[result.y_values.index(result.base_y)][result.x_values.index(result.base_x)]
    assert cell == pytest.approx(analysis.REVENUE.of(engine.project(base)), rel=1e-9, abs=1e-6)
