"""The editor's live preview (htmx): a post the editor's forms accept comes back
as the results fragment, recalculated; any other comes back as the fields'
errors, out of band, with `HX-Reswap: none` so the last good charts stay."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from scenarios.models import ComponentLine
from tests.scenarios.editor_data import editor_post_data

pytestmark = pytest.mark.django_db

values = st.one_of(
    st.integers(min_value=-(10**13), max_value=10**13).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "",
            " ",
            " 55 ",
            "55.",
            "55.0",
            "55.005",
            "1e2",
            "0",
            "-0",
            "100",
            "100.01",
            "2024",
            "2026",
            "2101",
            "15",
            "16",
            "1_000",
            "1,000",
            "nan",
            "inf",
            "١٢٣",
            "2026: 550000",
            "2031: 1",
            "2026: 9999999999999",
            "x" * 201,
            "Owner's plan",
            " Owner's plan ",
            "Another name",
        ]
    ),
    st.text(max_size=8),
)


def preview(client, scenario, data):
    return client.post(reverse("scenarios:preview", args=[scenario.pk]), data, HTTP_HX_REQUEST="true")


def cumulative(html):
    return re.search(r'data-kpi="cumulative">([^<]+)<', html).group(1)


def test_the_saved_values_come_back_recalculated(owner_client, scenario):
    response = preview(owner_client, scenario, editor_post_data(scenario))
    assert response.status_code == 200 and "HX-Reswap" not in response
    # 100,000 / 110,000 / 121,000 vehicles x $1,000 x 50%, two lines: 2 x 165.5M = $331M.
    assert cumulative(response.content.decode()) == "$331.00M"


def test_a_moved_slider_recalculates(owner_client, scenario):
    data = editor_post_data(scenario, battery__share_pct="80", annual_growth_pct="12.5")
    html = preview(owner_client, scenario, data).content.decode()
    # 100,000 / 112,500 / 126,562.5 vehicles (339,062.5) x ($800 battery + $500 display) = $440.78M.
    assert cumulative(html) == "$440.78M"


def test_a_new_name_nobody_else_uses_still_recalculates(owner_client, scenario):
    response = preview(owner_client, scenario, editor_post_data(scenario, name="A new name"))
    assert "HX-Reswap" not in response and cumulative(response.content.decode()) == "$331.00M"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"battery__share_pct": "101"}, "battery:share_pct"),
        ({"battery__supplier": "0"}, "battery:supplier"),
        ({"first_year_volume": "-1"}, "first_year_volume"),
        ({"volume_overrides_text": "2031: 500000"}, "volume_overrides_text"),  # the years are 2025-2027
        ({"horizon_years": ""}, "horizon_years"),
    ],
)
def test_a_value_the_forms_refuse_sends_only_that_fields_error(owner_client, scenario, change, field):
    response = preview(owner_client, scenario, editor_post_data(scenario, **change))
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Reswap"] == "none"
    assert 'id="results"' not in html and "Not recalculated" in html
    slug, _, name = field.rpartition(":")
    prefix = f"line-{ComponentLine.objects.get(scenario=scenario, category__slug=slug).pk}-" if slug else ""
    assert re.findall(r'id="id_([^"]+)-errors" hx-swap-oob="true"', html) == [prefix + name]


def answered_as_the_forms_decided(response):
    """The preview's answer is one of its two: recalculated results, or field errors."""
    html = response.content.decode()
    assert response.status_code == 200
    if response.get("HX-Reswap") == "none":
        assert 'id="results"' not in html and "Not recalculated" in html
        assert re.search(r'class="field-errors" id="[^"]+" hx-swap-oob="true"><p role="alert">', html)
    else:
        assert html.lstrip().startswith('<section id="results"') and "Not recalculated" not in html
        assert cumulative(html).startswith("$")


def test_generated_edits_get_results_or_the_fields_errors(owner_client, scenario):
    data = editor_post_data(scenario)
    fields = sorted(data)

    @given(st.dictionaries(st.sampled_from(fields), values, min_size=1, max_size=4))
    def check(changes):
        answered_as_the_forms_decided(preview(owner_client, scenario, {**data, **changes}))

    check()


def test_a_missing_field_gets_results_or_the_fields_errors(owner_client, scenario):
    data = editor_post_data(scenario)
    for name in data:
        answered_as_the_forms_decided(
            preview(owner_client, scenario, {key: value for key, value in data.items() if key != name})
        )


def test_the_narrow_screens_kpi_bar_is_swapped_in_with_the_new_figures(owner_client, scenario):
    page = owner_client.get(reverse("scenarios:edit", args=[scenario.pk])).content.decode()
    assert re.search(r'<div id="kpi-bar" class="kpi-bar" aria-hidden="true">.*\$331\.00M', page)
    data = editor_post_data(scenario, battery__share_pct="80", annual_growth_pct="12.5")
    html = preview(owner_client, scenario, data).content.decode()
    # $440.78M, as worked out above, out of band so the bar at the top of the inputs follows.
    bar = re.search(r'<div id="kpi-bar"[^>]*hx-swap-oob="true">(.*?)</div>', html).group(1)
    assert "<strong>$440.78M</strong>" in bar
