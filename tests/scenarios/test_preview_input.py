"""The live preview's fast path (forms.preview_input) must agree with the
editor forms: it takes an input exactly when the forms would accept it with
the name unchanged, and then gives the engine the same input."""

import pytest
from django.forms.formsets import all_valid
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from scenarios import services
from scenarios.forms import editor_forms, engine_input_from_forms, preview_input
from scenarios.models import Scenario
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


def as_query_dict(data):
    query = QueryDict(mutable=True)
    query.update(data)
    return query


def agree(scenario, data):
    """Both paths on the same data; returns what the fast path gave."""
    scenario = Scenario.objects.get(pk=scenario.pk)  # the ModelForm writes onto its instance
    saved_name = scenario.name
    fast = preview_input(as_query_dict(data), scenario, *services.preview_parts(scenario))
    lines, affiliates = services.editor_parts(scenario)
    scenario_form, line_forms = editor_forms(scenario, lines, affiliates, as_query_dict(data))
    valid = all_valid([scenario_form, *line_forms])
    name_unchanged = valid and scenario_form.cleaned_data["name"] == saved_name
    assert (fast is not None) == name_unchanged, (data, scenario_form.errors, [f.errors for f in line_forms])
    if fast is not None:
        assert fast == engine_input_from_forms(scenario_form, line_forms)
    return fast


def test_the_saved_values_take_the_fast_path(scenario):
    fast = agree(scenario, editor_post_data(scenario))
    # The saved scenario: 100,000 vehicles growing 10% a year from 2025, three years.
    assert (fast.first_year, fast.horizon, fast.first_year_volume, fast.growth_pct) == (
        2025,
        3,
        100_000.0,
        10.0,
    )
    assert [c.share_pct for c in fast.components] == [50.0, 50.0]


def test_a_moved_slider_takes_the_fast_path(scenario):
    fast = agree(scenario, editor_post_data(scenario, battery__share_pct="80", annual_growth_pct="12.5"))
    assert fast.components[0].share_pct == 80.0 and fast.growth_pct == 12.5


@pytest.mark.parametrize(
    "change",
    [
        {"name": "A new name"},  # needs the uniqueness query: the forms decide
        {"battery__share_pct": "101"},
        {"battery__supplier": "0"},
        {"first_year_volume": "-1"},
        {"volume_overrides_text": "2031: 500000"},
        {"horizon_years": ""},
    ],
)
def test_anything_the_forms_must_look_at_leaves_the_fast_path(scenario, change):
    assert agree(scenario, editor_post_data(scenario, **change)) is None


def test_generated_edits_agree_with_the_forms(scenario):
    data = editor_post_data(scenario)
    fields = sorted(data)

    @given(st.dictionaries(st.sampled_from(fields), values, min_size=1, max_size=4))
    def check(changes):
        agree(scenario, {**data, **changes})

    check()


def test_a_missing_field_agrees_with_the_forms(scenario):
    data = editor_post_data(scenario)
    for name in data:
        agree(scenario, {key: value for key, value in data.items() if key != name})
