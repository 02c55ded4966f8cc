"""Plotly figures for a projection, as plain dicts.

Pure functions from engine results to figure specs: no Django, no
plotly.graph_objects. A dict costs about 0.04 ms to build against about
9 ms for a go.Figure with a template (see README, Benchmarks); the tests
check every figure against plotly's own validators instead.
"""

from .labels import input_name_lines, plotly_text

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
        "cash_flow": cash_flow_chart(projection),
    }


# --- analysis ---------------------------------------------------------------------
# Each figure shows its metric (analysis.Metric) in the reporting currency (money:
# a currency.Currency).


def _money_axis(money):
    return {**MONEY_AXIS, "tickprefix": money.symbol}


def sensitivity_heatmap(grid, x_label, y_label, money):
    values = [value for row in grid.results for value in row]
    # Negative somewhere and positive elsewhere: a scale diverging at zero, losses red and
    # gains blue (plotly.js's RdBu runs from blue, hence reversed).
    diverging = bool(values) and min(values) < 0 < max(values)
    colours = {"colorscale": "RdBu", "zmid": 0} if diverging else {"colorscale": "Blues"}
    return {
        "data": [
            {
                "type": "heatmap",
                "x": grid.x_values,
                "y": grid.y_values,
                "z": grid.results,
                **colours,
                "reversescale": True,
                "colorbar": {
                    "title": {"text": money.code},
                    "tickprefix": money.symbol,
                    "exponentformat": "B",
                },
                "hovertemplate": (
                    f"{plotly_text(x_label)}: %{{x:,.4~f}}<br>{plotly_text(y_label)}: %{{y:,.4~f}}"
                    f"<br>{grid.metric.label}: {money.symbol}%{{z:,.0f}}"
                    "<extra>click to open in the editor</extra>"
                ),
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "This scenario",
                "x": [grid.base_x],
                "y": [grid.base_y],
                "marker": {"symbol": "x", "size": 14, "color": "#ca6f1e", "line": {"width": 2}},
                "hovertemplate": "This scenario<extra></extra>",
            },
        ],
        "layout": base_layout(
            grid.metric.title(money),
            money=False,
            hovermode="closest",
            showlegend=False,
            xaxis={"title": {"text": plotly_text(x_label)}, "type": "linear"},
            yaxis={"title": {"text": plotly_text(y_label)}, "automargin": True, "tickformat": ",~r"},
        ),
    }


def tornado_chart(bars, labels, base_result, metric, money):
    ordered = list(reversed(bars))  # plotly draws the first category at the bottom
    names = [input_name_lines(labels[bar.input]) for bar in ordered]
    # Room either side for the input values written beyond the bars' ends, which
    # would otherwise run into the names.
    ends = [base_result, *(b.low_result for b in bars), *(b.high_result for b in bars)]
    low, high = min(ends), max(ends)
    room = 0.45 * ((high - low) or abs(base_result) or 1.0)
    height = max(320, 34 * len(bars) + 150)

    def side(name, colour, inputs, results):
        # Each value as the analysis writes it: a year as 2027, a share as 60%.
        values = [bar.input.amount(value) for bar, value in zip(ordered, inputs, strict=True)]
        return {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": names,
            "x": [result - base_result for result in results],
            "base": base_result,
            "marker": {"color": colour},
            "customdata": values,
            "text": values,
            "textposition": "outside",
            "textfont": {"size": 11},
            "cliponaxis": False,
            "hovertemplate": f"%{{y}} at %{{customdata}}: {money.symbol}%{{x:,.0f}} vs base<extra></extra>",
        }

    return {
        "data": [
            side("Low input", "#c0392b", [b.low_input for b in ordered], [b.low_result for b in ordered]),
            side("High input", "#17a589", [b.high_input for b in ordered], [b.high_result for b in ordered]),
        ],
        "layout": base_layout(
            f"{metric.label}: what moves it most",
            money=False,
            barmode="overlay",
            hovermode="closest",
            height=height,
            margin={"l": 8, "r": 16, "t": 48, "b": 96},
            # The legend at the foot of the figure, under the axis title, at any height.
            legend={
                "orientation": "h",
                "xref": "container",
                "x": 0,
                "yref": "container",
                "y": 0,
                "yanchor": "bottom",
            },
            xaxis={
                **_money_axis(money),
                "title": {"text": metric.title(money), "font": {"size": 12}},
                "gridcolor": "#e5e8ec",
                "range": [low - room, high + room],
            },
            yaxis={"type": "category", "automargin": True, "tickfont": {"size": 11}},
            shapes=[
                {
                    "type": "line",
                    "x0": base_result,
                    "x1": base_result,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#1d2733", "width": 1},
                }
            ],
        ),
    }


def monte_carlo_fan(result, money):
    years = result.years
    band = {"type": "scatter", "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    band["showlegend"] = False
    return {
        "data": [
            {**band, "x": years, "y": result.p90, "name": "P90"},
            {
                **band,
                "x": years,
                "y": result.p10,
                "name": "P10–P90",
                "fill": "tonexty",
                "fillcolor": "rgba(46, 134, 193, 0.25)",
                "showlegend": True,
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "P50",
                "x": years,
                "y": result.p50,
                "line": {"color": "#1f4e79", "width": 3},
                "hovertemplate": f"P50 %{{x}}: {money.symbol}%{{y:,.0f}}<extra></extra>",
            },
        ],
        "layout": base_layout(
            f"{result.metric.yearly_label} per year: P10, P50, P90",
            yaxis={
                **_money_axis(money),
                "title": {"text": money.name},
                "gridcolor": "#e5e8ec",
                "rangemode": "normal" if result.metric.can_be_negative else "tozero",
                "automargin": True,
            },
        ),
    }


def monte_carlo_histogram(result, money):
    """Bars over the histogram's bins (counted in analysis, not shipped as 10,000 points)."""
    centers, counts, width = result.histogram()
    layout = base_layout(f"{result.metric.label} over the draws", money=False, hovermode="closest")
    layout.update(showlegend=False, bargap=0.02)
    layout["xaxis"] = {
        **_money_axis(money),
        "title": {"text": result.metric.title(money)},
        "gridcolor": "#e5e8ec",
    }
    layout["yaxis"] = {"title": {"text": "draws"}, "gridcolor": "#e5e8ec"}
    if result.target is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "x0": result.target,
                "x1": result.target,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": "#c0392b", "dash": "dash"},
            }
        ]
    return {
        "data": [
            {
                "type": "bar",
                "x": centers,
                "y": counts,
                "width": width,
                "name": "Draws",
                "marker": {"color": "#2e86c1"},
                "hovertemplate": f"around {money.symbol}%{{x:,.0f}}: %{{y}} draws<extra></extra>",
            }
        ],
        "layout": layout,
    }


# --- deal value -------------------------------------------------------------------


FCF_COLOUR = "#17a589"


def cash_flow_bars(value):
    """[(name, per-year amounts, colour)] of EBIT and what comes off it (tax, working
    capital, up-front cost, as negative amounts), in the reporting currency; a
    deduction that is zero in every year is left out. The page's cash-flow chart
    and the slide deck's draw these."""
    flows = value.total
    bars = [
        ("EBIT", flows.ebit, 1, "#1f4e79"),
        ("Tax", flows.tax, -1, "#c0392b"),
        ("Working capital", flows.working_capital_change, -1, "#d4ac0d"),
        ("Up-front cost", flows.upfront_cost, -1, "#8e44ad"),
    ]
    return [
        (name, [sign * amount for amount in value.in_currency(series)], colour)
        for name, series, sign, colour in bars
        if any(series)
    ]


def cash_flow_chart(projection):
    """Bars for EBIT and what comes off it (tax, working capital, up-front cost),
    stacked so each year's bars net to its free cash flow; a line for the
    cumulative free cash flow. In the reporting currency."""
    value = projection.value
    flows = value.total
    years = list(projection.years)
    symbol = value.currency.symbol
    traces = [
        {
            "type": "bar",
            "name": name,
            "x": years,
            "y": amounts,
            "marker": {"color": colour},
            "hovertemplate": f"{name}: {symbol}%{{y:,.0f}}<extra></extra>",
        }
        for name, amounts, colour in cash_flow_bars(value)
    ]
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Cumulative free cash flow",
            "x": years,
            "y": list(_running(value.in_currency(flows.fcf))),
            "line": {"color": FCF_COLOUR, "width": 3},
            "hovertemplate": f"Cumulative FCF: {symbol}%{{y:,.0f}}<extra></extra>",
        }
    )
    layout = base_layout(f"Cash flow, {value.currency.name}", barmode="relative")
    layout["yaxis"].update(
        {"tickprefix": symbol, "rangemode": "normal", "zeroline": True, "zerolinecolor": "#8a94a0"}
    )
    return {"data": traces, "layout": layout}


def _running(values):
    total = 0.0
    for value in values:
        total += value
        yield total
