"""Plotly figures of a pipeline (modelling.pipeline.PipelineResult), plain dicts."""

from .labels import plotly_text
from .scenario_figures import PALETTE, base_layout


def expected_revenue_stacked(result, by, title):
    """Expected revenue per year, one stacked bar per key of by (a {name: series})."""
    traces = [
        {
            "type": "bar",
            "name": plotly_text(name),
            "x": list(result.years),
            "y": list(series),
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": "%{fullData.name}: $%{y:,.0f}<extra></extra>",
        }
        for index, (name, series) in enumerate(sorted(by.items(), key=lambda item: -sum(item[1])))
    ]
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "If every deal is won",
            "x": list(result.years),
            "y": list(result.all_won_revenue),
            "line": {"color": "#566573", "dash": "dot", "width": 2},
            "hovertemplate": "If every deal is won: $%{y:,.0f}<extra></extra>",
        }
    )
    return {"data": traces, "layout": base_layout(title, y_title="USD", barmode="stack")}


def pipeline_figures(result):
    return {
        "customers": expected_revenue_stacked(result, result.by_customer, "Expected revenue by customer"),
        "affiliates": expected_revenue_stacked(result, result.by_affiliate, "Expected revenue by affiliate"),
        "components": expected_revenue_stacked(result, result.by_component, "Expected revenue by component"),
    }
