"""How much projected revenue rests on disclosed, reported or only potential supply."""

import plotly.graph_objects as go
import pytest

from modelling import evidence
from modelling.engine import ComponentInput, ScenarioInput, project


def test_each_class_sums_its_lines_and_its_share_of_the_total():
    # $600 + $100 disclosed = $700, $200 reported, $100 potential: $1,000 in all.
    result = evidence.coverage(
        {"battery": 600.0, "display": 200.0, "memory": 100.0, "compute": 100.0},
        {"battery": "disclosed", "display": "press", "memory": "potential", "compute": "disclosed"},
    )
    assert [(c.key, c.revenue, c.share) for c in result] == [
        ("disclosed", 700.0, pytest.approx(0.7)),
        ("press", 200.0, pytest.approx(0.2)),
        ("potential", 100.0, pytest.approx(0.1)),
    ]
    assert result.total == 1000.0
    assert result["disclosed"].lines == ("battery", "compute")
    assert result["press"].label == "Reported by the press"
    with pytest.raises(KeyError):
        result["rumoured"]


def test_a_line_with_no_relationship_counts_as_potential():
    # The display has no class: its $250 joins the potential $0. 750 / 1,000 = 75% reported.
    result = evidence.coverage({"battery": 750.0, "display": 250.0}, {"battery": "press"})
    assert result["potential"].revenue == 250.0 and result["potential"].share == 0.25
    assert result["press"].share == 0.75
    assert result["disclosed"].revenue == 0.0 and result["disclosed"].lines == ()


def test_nothing_projected_leaves_every_share_at_zero():
    result = evidence.coverage({"battery": 0.0}, {"battery": "disclosed"})
    assert result.total == 0.0
    assert [c.share for c in result] == [0.0, 0.0, 0.0]
    assert [c.key for c in evidence.coverage({}, {})] == ["disclosed", "press", "potential"]


def test_an_unknown_class_is_refused():
    with pytest.raises(ValueError, match="unknown evidence classes"):
        evidence.coverage({"battery": 1.0}, {"battery": "rumoured"})


@pytest.fixture
def projection():
    # 1,000 vehicles in 2025, then 1,100. Battery $6,000 falling 6%, 50% from 2026:
    # 2026 alone, 1,100 x 5,640 x 50% = 3,102,000. Display $300, 100% from 2025:
    # 1,000 x 300 + 1,100 x 300 = 630,000. Total 3,732,000.
    return project(
        ScenarioInput(
            first_year=2025,
            horizon=2,
            first_year_volume=1000,
            growth_pct=10,
            components=(
                ComponentInput("battery", "Battery", "Samsung SDI", 6000, -6, 50, 2026),
                ComponentInput("display", "Display", "Samsung Display", 300, 0, 100, 2025),
            ),
        )
    )


def test_a_projections_lines_are_its_revenue_over_every_year_by_component_key(projection):
    assert evidence.revenue_by_line(projection) == pytest.approx({"battery": 3_102_000, "display": 630_000})
    result = evidence.projection_coverage(projection, {"display": "disclosed"})
    # Disclosed: 630,000 / 3,732,000 = 16.88%; the battery, with no relationship, the rest.
    assert result["disclosed"].share == pytest.approx(630_000 / 3_732_000)
    assert result["potential"].revenue == pytest.approx(3_102_000)
    assert result.total == pytest.approx(projection.cumulative_revenue)


def test_the_coverage_figure_is_valid_plotly_with_one_bar_per_class(projection):
    figure = evidence.coverage_figure(evidence.projection_coverage(projection, {"display": "press"}))
    go.Figure(figure)  # raises ValueError on any unknown or ill-typed property
    assert [trace["name"] for trace in figure["data"]] == [
        "Established and disclosed",
        "Reported by the press",
        "Potential or inferred",
    ]
    assert figure["layout"]["barmode"] == "stack"
    assert figure["data"][1]["x"] == pytest.approx([630_000])
    assert figure["data"][1]["customdata"] == pytest.approx([630_000 / 3_732_000 * 100])
