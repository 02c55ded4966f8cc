"""A scenario's inputs in one sentence, written from the inputs themselves so it
can never go stale the way a typed description can:

    350,000 vehicles in 2025, growing 20% a year to 2030; the supplier wins 50% of
    each of the 7 components, from 2026.

Reads an engine.ScenarioInput; no Django.
"""


def _number(value):
    """52.5, 50, 0.25: as few places as the value needs."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _span(values, write):
    low, high = min(values), max(values)
    return write(low) if low == high else f"{write(low)}–{write(high)}"


def _volume(scenario):
    last_year = scenario.first_year + scenario.horizon - 1
    text = f"{round(scenario.first_year_volume):,} vehicles in {scenario.first_year}"
    growth = scenario.growth_pct
    if last_year > scenario.first_year:
        if growth > 0:
            text += f", growing {_number(growth)}% a year to {last_year}"
        elif growth < 0:
            text += f", shrinking {_number(-growth)}% a year to {last_year}"
        else:
            text += f", flat to {last_year}"
    overridden = sorted(scenario.volume_overrides)
    if overridden:
        years = ", ".join(str(year) for year in overridden)
        text += f" (set by hand for {years})"
    return text


def _supply(components):
    won = [component for component in components if component.share_pct > 0]
    if not components:
        return "no components yet"
    if not won:
        return "the supplier wins none of the components yet"
    shares = _span([c.share_pct for c in won], _number) + "%"
    starts = _span([c.supply_start_year for c in won], str)
    if len(won) == len(components):
        which = f"each of the {len(components)} components" if len(components) > 1 else "the component"
    else:
        which = f"{len(won)} of the {len(components)} components"
    return f"the supplier wins {shares} of {which}, from {starts}"


def describe(scenario):
    """The sentence for an engine.ScenarioInput."""
    return f"{_volume(scenario)}; {_supply(scenario.components)}."
