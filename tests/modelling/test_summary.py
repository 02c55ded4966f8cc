"""The one-sentence summary a scenario's pages write from its inputs."""

from modelling.engine import ComponentInput, ScenarioInput
from modelling.summary import describe


def line(key, share=50.0, start=2026):
    return ComponentInput(
        key=key,
        name=key.title(),
        supplier="Samsung SDI",
        content_value=100.0,
        price_change_pct=0.0,
        share_pct=share,
        supply_start_year=start,
    )


def scenario(*components, volume=350_000, growth=20.0, horizon=6, overrides=None):
    return ScenarioInput(
        first_year=2025,
        horizon=horizon,
        first_year_volume=volume,
        growth_pct=growth,
        components=components,
        volume_overrides=overrides or {},
    )


def test_every_component_at_one_share_and_start():
    # 2025 + 6 years runs to 2030.
    assert describe(scenario(line("battery"), line("display"))) == (
        "350,000 vehicles in 2025, growing 20% a year to 2030; "
        "the supplier wins 50% of each of the 2 components, from 2026."
    )


def test_shares_and_starts_that_differ_are_given_as_ranges():
    found = describe(scenario(line("battery", 65, 2025), line("display", 52.5, 2027), line("chip", 50)))
    assert found.endswith("the supplier wins 50–65% of each of the 3 components, from 2025–2027.")


def test_a_component_at_zero_share_is_not_counted_as_won():
    found = describe(scenario(line("battery", 80), line("display", 0), line("chip", 0)))
    assert found.endswith("the supplier wins 80% of 1 of the 3 components, from 2026.")
    assert describe(scenario(line("battery", 0))).endswith("the supplier wins none of the components yet.")


def test_shrinking_flat_and_single_year_volumes():
    assert describe(scenario(line("a"), growth=-5)).startswith(
        "350,000 vehicles in 2025, shrinking 5% a year to 2030;"
    )
    assert describe(scenario(line("a"), growth=0)).startswith("350,000 vehicles in 2025, flat to 2030;")
    # One year: no path to describe.
    assert describe(scenario(line("a", start=2025), horizon=1)) == (
        "350,000 vehicles in 2025; the supplier wins 50% of the component, from 2025."
    )


def test_volumes_set_by_hand_are_named_with_their_years():
    found = describe(scenario(line("a"), volume=410_000, growth=25, overrides={2027: 1, 2026: 550_000}))
    assert found.startswith(
        "410,000 vehicles in 2025, growing 25% a year to 2030 (set by hand for 2026, 2027);"
    )
