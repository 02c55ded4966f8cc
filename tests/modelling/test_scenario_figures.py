"""Figures are plain dicts for speed; plotly's own validators check them here."""

import plotly.graph_objects as go
import pytest

from modelling.engine import ComponentInput, ScenarioInput, project
from modelling.scenario_figures import scenario_figures


@pytest.fixture
def projection():
    return project(
        ScenarioInput(
            first_year=2025,
            horizon=3,
            first_year_volume=1000,
            growth_pct=10,
            components=(
                ComponentInput("battery", "Battery", "Samsung SDI", 6000, -6, 50, 2026),
                ComponentInput("display", "Display", "Samsung Display", 300, 0, 100, 2025),
            ),
        )
    )


def test_every_scenario_figure_is_valid_plotly(projection):
    for name, figure in scenario_figures(projection).items():
        go.Figure(figure)  # raises ValueError on any unknown or ill-typed property
        assert figure["layout"]["title"]["text"], name


def test_the_revenue_chart_stacks_one_trace_per_component(projection):
    figure = scenario_figures(projection)["revenue"]
    assert figure["layout"]["barmode"] == "stack"
    assert [trace["name"] for trace in figure["data"]] == ["Battery", "Display"]
    # Display: 1,000 / 1,100 / 1,210 vehicles x $300 x 100% = 300,000 / 330,000 / 363,000.
    assert figure["data"][1]["y"] == pytest.approx([300_000, 330_000, 363_000])
    assert figure["data"][0]["x"] == [2025, 2026, 2027]


def test_the_affiliate_chart_ranks_affiliates_by_revenue(projection):
    figure = scenario_figures(projection)["affiliates"]
    # SDI: 0 + 1,100 x 5,640 x 50% + 1,210 x 5,301.6 x 50% = 3,102,000 + 3,207,468 = 6,309,468.
    # Display: 300,000 + 330,000 + 363,000 = 993,000; the larger comes last (top of the bars).
    assert figure["data"][0]["y"] == ["Samsung Display", "Samsung SDI"]
    assert figure["data"][0]["x"] == pytest.approx([993_000, 6_309_468])
