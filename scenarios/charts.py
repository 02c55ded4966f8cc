"""Plotly figures for a projection, as plain dicts.

Pure functions from engine results to figure specs: no Django, no
plotly.graph_objects. A dict costs about 0.04 ms to build against about
9 ms for a go.Figure with a template (see README, Benchmarks); the tests
check every figure against plotly's own validators instead.
"""

from companies.formatting import plotly_text

PALETTE = ["#1f4e79", "#2e86c1", "#17a589", "#d4ac0d", "#ca6f1e", "#8e44ad", "#c0392b", "#566573"]
# "$4B" rather than d3's SI "$4G".
MONEY_AXIS = {"tickprefix": "$", "exponentformat": "B", "separatethousands": True}
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": "#1d2733"}


def base_layout(title, *, y_title="", money=True, **extra):
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 64, "r": 16, "t": 48, "b": 48},
        "legend": {"orientation": "h", "y": -0.18},
        "hovermode": "x unified",
        "xaxis": {"type": "category", "gridcolor": "#e5e8ec"},
        "yaxis": {
            "title": {"text": y_title},
            "gridcolor": "#e5e8ec",
            "rangemode": "tozero",
            "automargin": True,
        },
    }
    if money:
        layout["yaxis"].update(MONEY_AXIS)
    else:
        layout["yaxis"].update({"tickformat": ",d"})
    layout.update(extra)
    return layout


def revenue_by_component(projection):
    years = list(projection.years)
    traces = [
        {
            "type": "bar",
            "name": plotly_text(name),
            "x": years,
            "y": revenue,
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": "%{fullData.name}: $%{y:,.0f}<extra></extra>",
        }
        for index, (name, revenue) in enumerate(projection.component_series().items())
    ]
    return {
        "data": traces,
        "layout": base_layout("Revenue by component, per year", y_title="USD", barmode="stack"),
    }


def volume_per_year(projection, actuals=()):
    """Planned vehicles as bars; reported deliveries (year, vehicles) as markers beside them."""
    data = [
        {
            "type": "bar",
            "name": "Planned",
            "x": list(projection.years),
            "y": list(projection.volumes),
            "marker": {"color": "#566573"},
            "hovertemplate": "Planned %{x}: %{y:,.0f} vehicles<extra></extra>",
        }
    ]
    if actuals:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Reported",
                "x": [row.year for row in actuals],
                "y": [float(row.fact.value) for row in actuals],
                "marker": {"color": "#ca6f1e", "size": 12, "symbol": "diamond"},
                "hovertemplate": "Reported %{x}: %{y:,.0f} vehicles<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": base_layout("Vehicles per year", y_title="vehicles", money=False, showlegend=bool(actuals)),
    }


def revenue_by_affiliate(projection):
    ranked = sorted(projection.revenue_by_affiliate.items(), key=lambda item: item[1])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Cumulative revenue",
                "y": [plotly_text(name) for name, _ in ranked],
                "x": [revenue for _, revenue in ranked],
                "marker": {"color": "#2e86c1"},
                "hovertemplate": "%{y}: $%{x:,.0f}<extra></extra>",
            }
        ],
        "layout": base_layout(
            "Cumulative revenue by affiliate",
            showlegend=False,
            hovermode="closest",
            margin={"l": 150, "r": 16, "t": 48, "b": 40},
            xaxis={**MONEY_AXIS, "gridcolor": "#e5e8ec", "rangemode": "tozero"},
            yaxis={"type": "category", "automargin": True, "ticksuffix": "  "},
        ),
    }


def scenario_figures(projection, actuals=()):
    return {
        "revenue": revenue_by_component(projection),
        "volume": volume_per_year(projection, actuals),
        "affiliates": revenue_by_affiliate(projection),
    }
