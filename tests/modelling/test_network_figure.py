"""The supply network as a Sankey (modelling/network_figure.py), from plain
stand-ins for SupplyRelationship rows."""

from dataclasses import dataclass

import plotly.graph_objects as go

from modelling.network_figure import STATUS_COLOURS, supply_network


@dataclass
class Company:
    pk: int
    name: str


@dataclass
class Component:
    name: str


@dataclass
class Relationship:
    supplier: Company
    customer: Company
    component: Component
    status: str
    segment: str = "ev"

    def get_segment_display(self):
        return {"ev": "Electric vehicles"}[self.segment]

    def get_status_display(self):
        return self.status.capitalize()


def test_the_supply_network_is_a_valid_sankey_coloured_by_status():
    supplier, customer = Company(1, "Maker A"), Company(2, "Car B")
    relationships = [
        Relationship(supplier, customer, Component("Battery"), "established"),
        Relationship(supplier, customer, Component("Display"), "potential"),
    ]
    figure = supply_network(relationships)
    go.Figure(figure)  # raises ValueError on any unknown or ill-typed property
    sankey = figure["data"][0]
    assert sankey["node"]["label"] == ["Maker A", "Car B"]
    assert sankey["link"]["source"] == [0, 0] and sankey["link"]["target"] == [1, 1]
    assert sankey["link"]["color"] == [STATUS_COLOURS["established"], STATUS_COLOURS["potential"]]
    assert sankey["link"]["customdata"][0].startswith("Battery · Electric vehicles · Established")


def test_names_are_shown_as_typed_never_as_plotly_markup():
    relationships = [
        Relationship(Company(1, "<b>A</b> & Co"), Company(2, "B"), Component("<br>Cell"), "ended")
    ]
    sankey = supply_network(relationships)["data"][0]
    assert sankey["node"]["label"][0] == "&lt;b&gt;A&lt;/b&gt; &amp; Co"
    assert sankey["link"]["customdata"][0].startswith("&lt;br&gt;Cell")


def test_the_title_is_escaped_like_every_other_label():
    figure = supply_network([], title="Supply network around <b>Bold</b> & Co")
    # Plotly reads <b> in a title as markup; escaped, it shows the name as typed.
    assert figure["layout"]["title"]["text"] == "Supply network around &lt;b&gt;Bold&lt;/b&gt; &amp; Co"
