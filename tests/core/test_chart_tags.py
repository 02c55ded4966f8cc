"""chart_data must write exactly what Django's json_script writes."""

from decimal import Decimal

import pytest
from django.utils.html import json_script
from hypothesis import given
from hypothesis import strategies as st

from core.templatetags.chart_tags import chart_data

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values, st.text(max_size=10))
def test_same_as_json_script(value, element_id):
    assert chart_data(value, element_id) == json_script(value, element_id)


@pytest.mark.parametrize(
    "value",
    [
        {"name": "</script><script>alert(1)</script>"},
        {"label": "A & B <b>bold</b>", "values": [Decimal("1.50"), 2.5]},
    ],
)
def test_markup_in_values_cannot_close_the_script(value):
    html = chart_data(value, "chart-data")
    assert html == json_script(value, "chart-data")
    assert html.count("</script>") == 1 and "<b>" not in html and "&" not in html.split(">", 1)[1]


def render(source, **context):
    from django.template import Context, Template

    return Template("{% load chart_tags %}" + source).render(Context(context))


def test_chart_draws_from_its_data_and_without_a_table_shows_no_numbers():
    html = render(
        '{% chart figure "chart-x" label %}',
        figure={"data": [{"y": [1, 2]}]},
        label="Bar chart of <things>",
    )
    assert '<script id="chart-x-data" type="application/json">{"data": [{"y": [1, 2]}]}</script>' in html
    assert '<div class="chart" id="chart-x" data-chart="chart-x-data" role="img"' in html
    assert 'aria-label="Bar chart of &lt;things&gt;"' in html
    assert "Show the numbers" not in html


def test_chart_renders_a_table_template_with_the_page_context(db):
    from companies.models import SupplyRelationship
    from tests.companies.factories import SupplyRelationshipFactory

    SupplyRelationshipFactory(supplier__name="Samsung SDI", customer__name="Xiaomi")
    html = render(
        '{% chart figure "chart-network" "Sankey" table="companies/_relationship_table.html" %}',
        figure={},
        relationships=SupplyRelationship.objects.all(),
    )
    table = html.split("<details", 1)[1]
    assert ">Samsung SDI</a>" in table and ">Xiaomi</a>" in table
    assert "No supply relationships recorded." not in table


def test_chart_without_a_table_has_no_details():
    assert "<details" not in render('{% chart figure "chart-x" "Line chart" %}', figure={})
