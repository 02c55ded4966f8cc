"""chart_data must write exactly what Django's json_script writes."""

from decimal import Decimal

import pytest
from django.utils.html import json_script
from hypothesis import given
from hypothesis import strategies as st

from companies.templatetags.chart_data import chart_data

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
