"""The bridge from one scenario to another as a Plotly waterfall, a plain dict.

A's figure is the first bar ("absolute"), each step of the bridge a floating
bar ("relative": green up, red down) and B's figure the last ("total", which
Plotly works out as the running sum, so the picture itself checks that the
steps add up). Reads a bridge.Bridge; no Django.
"""

from . import currency
from .labels import plotly_text, wrapped
from .scenario_figures import MONEY_AXIS, PALETTE, base_layout

UP, DOWN = "#17a589", "#c0392b"
# Short enough to stand under a bar; the full label is in the hover and the table.
SHORT = {
    "volume": "Volume",
    "price": "Content value",
    "share": "Share",
    "margin": "Margin",
    "fx": "Exchange rate",
    "terms": "Terms",
    "content": "New/lost content",
}


def _distinct(labels):
    """Category labels, each once: a repeat gets a space after it (Plotly would
    otherwise draw two bars of the same category as one)."""
    seen, result = set(), []
    for label in labels:
        while label in seen:
            label += " "
        seen.add(label)
        result.append(label)
    return result


def waterfall(bridge, start_label, end_label):
    """The figure of a bridge from the scenario called start_label to end_label."""
    symbol = currency.CURRENCIES[bridge.currency].symbol
    steps = bridge.steps
    start, end = plotly_text(start_label), plotly_text(end_label)
    # Names wrapped to stand under their bars even on a phone.
    x = _distinct(
        [wrapped(start_label, 12), *(wrapped(SHORT.get(step.key, step.label), 12) for step in steps)]
        + [wrapped(end_label, 12)]
    )
    layout = base_layout(
        f"{plotly_text(bridge.title)}<br><span style='font-size:12px'>{start} to {end}</span>",
        y_title=bridge.currency,
        showlegend=False,
        hovermode="closest",
    )
    layout["yaxis"] = {**layout["yaxis"], **MONEY_AXIS, "tickprefix": symbol, "rangemode": "normal"}
    layout["xaxis"] = {**layout["xaxis"], "automargin": True, "tickangle": 0}
    layout["margin"] = {**layout["margin"], "t": 64}
    return {
        "data": [
            {
                "type": "waterfall",
                "name": plotly_text(bridge.title),
                "orientation": "v",
                "measure": ["absolute", *(["relative"] * len(steps)), "total"],
                "x": x,
                "y": [bridge.start, *(step.amount for step in steps), bridge.end],
                "connector": {"line": {"color": "#8b96a3", "width": 1, "dash": "dot"}},
                "increasing": {"marker": {"color": UP}},
                "decreasing": {"marker": {"color": DOWN}},
                "totals": {"marker": {"color": PALETTE[0]}},
                "customdata": [start, *(plotly_text(step.label) for step in steps), end],
                "hovertemplate": [
                    f"%{{customdata}}<br>{symbol}%{{y:,.0f}}<extra></extra>",
                    *([f"%{{customdata}}<br>%{{delta:+,.0f}} {bridge.currency}<extra></extra>"] * len(steps)),
                    f"%{{customdata}}<br>{symbol}%{{y:,.0f}}<extra></extra>",
                ],
            }
        ],
        "layout": layout,
    }
