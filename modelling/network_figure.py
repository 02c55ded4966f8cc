"""The supply network as a Plotly Sankey figure (a plain dict)."""

from .labels import plotly_text

STATUS_COLOURS = {
    "established": "rgba(23, 165, 137, 0.7)",
    "potential": "rgba(212, 172, 13, 0.7)",
    "ended": "rgba(120, 130, 140, 0.45)",
}
NODE_COLOUR = "#1f4e79"


def supply_network(relationships, title="Supply network"):
    """Sankey of supplier -> customer, one link per relationship, coloured by status.

    relationships: objects with supplier, customer, component, segment and
    status (and get_*_display) attributes, as the SupplyRelationship model has.
    """
    nodes, index = [], {}

    def node(company):
        if company.pk not in index:
            index[company.pk] = len(nodes)
            nodes.append(plotly_text(company.name))
        return index[company.pk]

    sources, targets, colours, labels = [], [], [], []
    for relationship in relationships:
        sources.append(node(relationship.supplier))
        targets.append(node(relationship.customer))
        colours.append(STATUS_COLOURS[relationship.status])
        labels.append(
            plotly_text(
                f"{relationship.component.name} · {relationship.get_segment_display()} · "
                f"{relationship.get_status_display()}"
            )
        )
    return {
        "data": [
            {
                "type": "sankey",
                "arrangement": "snap",
                "node": {
                    "label": nodes,
                    "color": [NODE_COLOUR] * len(nodes),
                    "pad": 18,
                    "thickness": 14,
                    "hovertemplate": "%{label}<extra></extra>",
                },
                "link": {
                    "source": sources,
                    "target": targets,
                    "value": [1] * len(sources),
                    "color": colours,
                    "customdata": labels,
                    "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}<extra></extra>",
                },
            }
        ],
        "layout": {
            "title": {"text": plotly_text(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
            "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1d2733"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "margin": {"l": 8, "r": 8, "t": 44, "b": 8},
            "height": max(320, 34 * len(nodes)),
        },
    }
