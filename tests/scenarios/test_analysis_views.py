import pytest
from django.urls import reverse

from modelling import engine, inputs
from modelling.analysis import AnalysisInput
from scenarios import selectors
from scenarios.models import Scenario

pytestmark = pytest.mark.django_db


RANGES = {
    "draws": "2000",
    "seed": "5",
    "target_usd": "1e10",
    "distribution": "pert",
    "volume_low": "300000",
    "volume_mode": "350000",
    "volume_high": "450000",
    "growth_low": "10",
    "growth_mode": "20",
    "growth_high": "30",
    "share_low": "30",
    "share_mode": "50",
    "share_high": "70",
}


@pytest.fixture
def baseline(seeded):
    return Scenario.objects.get(name="Article baseline")


def analysis_url(scenario):
    return reverse("scenarios:analysis", args=[scenario.pk])


def test_the_page_runs_every_tool_with_defaults(client, baseline):
    client.force_login(baseline.owner)
    response = client.get(analysis_url(baseline))
    assert response.status_code == 200
    for tool in ("sensitivity", "tornado", "goal", "montecarlo"):
        assert f'id="tool-{tool}"' in response.content.decode()
    grid = response.context["sensitivity"]["grid"]
    base = selectors.engine_input(baseline, selectors.lines_of(baseline))
    # A heatmap cell equals the engine at those two inputs.
    cell = engine.project(
        AnalysisInput(inputs.FIRST_YEAR_VOLUME).applied(
            AnalysisInput(inputs.SHARE).applied(base, grid.x_values[5]), grid.y_values[9]
        )
    )
    assert grid.cumulative[9][5] == pytest.approx(cell.cumulative_revenue, rel=1e-12)
    assert response.context["montecarlo"]["result"].draws == 10_000


def test_htmx_gets_only_the_tool_it_asked_for(client, baseline):
    client.force_login(baseline.owner)
    response = client.get(
        analysis_url(baseline),
        {"tool": "tornado", "swing_pct": "10"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card section" id="tool-tornado">')
    assert "tool-sensitivity" not in html and "<html" not in html
    bars = dict(response.context["tornado"]["bars"])
    assert bars["Vehicles in the first year"].low_input == pytest.approx(350_000 * 0.9)


def test_goal_seek_offers_to_apply_its_answer_in_the_editor(client, baseline):
    client.force_login(baseline.owner)
    projection = selectors.project(baseline, selectors.lines_of(baseline))
    target = projection.cumulative_revenue * 2
    response = client.get(
        analysis_url(baseline),
        {"tool": "goal", "target_usd": str(target), "year": "", "name": "share"},
        HTTP_HX_REQUEST="true",
    )
    result = response.context["goal"]["result"]
    # Every share doubles from 50% to 100%: revenue is proportional to the share.
    assert result.reached and result.value == pytest.approx(100, abs=1e-6)
    apply = response.context["goal"]["apply"]
    editor = client.get(apply)
    assert editor.status_code == 200
    line_form = editor.context["line_forms"][0]
    assert str(line_form["share_pct"].value()) == "100.00"
    # The KPIs show the applied values, not the saved ones; nothing was saved.
    assert editor.context["projection"].cumulative_revenue == pytest.approx(target)
    assert set(baseline.lines.values_list("share_pct", flat=True)) == {50}


def test_an_unreachable_goal_says_so(client, baseline):
    client.force_login(baseline.owner)
    response = client.get(
        analysis_url(baseline), {"tool": "goal", "target_usd": "1e14", "year": "", "name": "share:display"}
    )
    html = response.content.decode()
    assert "Out of reach." in html and response.context["goal"]["result"].reached is False


def test_monte_carlo_with_the_same_seed_gives_the_same_page_numbers(client, baseline):
    client.force_login(baseline.owner)
    query = {"tool": "montecarlo", **RANGES, "draws": "5000", "seed": "9"}
    first = client.get(analysis_url(baseline), query).context["montecarlo"]["result"]
    second = client.get(analysis_url(baseline), query).context["montecarlo"]["result"]
    assert first.p50 == second.p50 and first.probability_above_target == second.probability_above_target
    assert 0 < first.probability_above_target < 1


@pytest.mark.parametrize(
    ("tool", "data", "field", "message"),
    [
        ("sensitivity", {"x_low": "60", "x_high": "40"}, "x_high", "low end must not be above"),
        ("sensitivity", {"steps": "99"}, "steps", "less than or equal to 41"),
        ("sensitivity", {"y_name": "share"}, "y_name", "pick two different inputs"),
        ("tornado", {"swing_pct": "0"}, "swing_pct", "greater than or equal to 0.1"),
        ("tornado", {"swing_pct": "nan"}, "swing_pct", "Enter a number."),
        ("goal", {"target_usd": "-5"}, "target_usd", "greater than or equal to 0"),
        ("montecarlo", {"draws": "100001"}, "draws", "less than or equal to 100000"),
        ("montecarlo", {"volume_low": "500000"}, "volume_mode", "Needs low ≤ most likely ≤ high."),
        ("montecarlo", {"share_high": "120"}, "share_high", "less than or equal to 100"),
        ("montecarlo", {"distribution": "normal"}, "distribution", "Select a valid choice."),
    ],
)
def test_bad_analysis_input_gets_field_errors_not_a_500(client, baseline, tool, data, field, message):
    client.force_login(baseline.owner)
    defaults = client.get(analysis_url(baseline)).context[tool]["form"].data
    query = {"tool": tool, **{k: v for k, v in defaults.items() if v is not None}, **data}
    response = client.get(analysis_url(baseline), query, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    form = response.context[tool]["form"]
    assert message in " ".join(form.errors.get(field, []) + form.non_field_errors())


def test_a_component_value_from_an_analysis_link_fills_that_line_unsaved(client, baseline):
    client.force_login(baseline.owner)
    editor = client.get(
        reverse("scenarios:edit", args=[baseline.pk]),
        {"apply": ["value:display=350", "price:battery=-4.256"]},
    )
    assert editor.status_code == 200
    forms = {form.line.category.slug: form for form in editor.context["line_forms"]}
    assert str(forms["display"]["content_value_usd"].value()) == "350.00"
    assert str(forms["battery"]["annual_price_change_pct"].value()) == "-4.26"  # the field's two places
    saved_display = baseline.lines.get(category__slug="display").content_value_usd
    assert str(forms["battery"]["content_value_usd"].value()) != "350.00"
    # The KPIs follow the filled-in values; nothing was saved.
    base = selectors.engine_input(baseline, selectors.lines_of(baseline))
    base = AnalysisInput(inputs.CONTENT_VALUE, "display").applied(base, 350.0)
    base = AnalysisInput(inputs.PRICE_CHANGE, "battery").applied(base, -4.26)
    assert editor.context["projection"].cumulative_revenue == pytest.approx(
        engine.project(base).cumulative_revenue, rel=1e-12
    )
    assert baseline.lines.get(category__slug="display").content_value_usd == saved_display
    assert "From the analysis: Display: value per vehicle (USD), Battery: price change (%/yr)." in (
        editor.content.decode()
    )


def test_a_link_for_a_component_the_scenario_does_not_have_is_not_applied(client, baseline):
    client.force_login(baseline.owner)
    editor = client.get(reverse("scenarios:edit", args=[baseline.pk]), {"apply": "share:wheels=60"})
    assert editor.status_code == 200
    assert "could not be used" in editor.content.decode()


def test_the_heatmap_offers_the_declared_inputs_and_links_by_key(client, baseline):
    client.force_login(baseline.owner)
    sensitivity = client.get(analysis_url(baseline)).context["sensitivity"]
    keys = [key for key, _ in sensitivity["form"].fields["x_name"].choices]
    assert (
        keys[:3] == ["volume", "growth", "share"] and "value:display" in keys and "start:display" not in keys
    )
    assert "?apply=share%3D{x}&apply=volume%3D{y}" in sensitivity["click_template"]


def test_bad_values_from_an_analysis_link_are_not_applied(client, baseline):
    client.force_login(baseline.owner)
    editor = client.get(
        reverse("scenarios:edit", args=[baseline.pk]) + "?apply=share%3D150&apply=volume%3Dnan&apply=nope%3D1"
    )
    assert editor.status_code == 200
    assert str(editor.context["line_forms"][0]["share_pct"].value()) == "50.00"
    assert "could not be used" in editor.content.decode()


def test_the_analysis_page_costs_the_same_queries_for_any_scenario(
    client, baseline, django_assert_num_queries
):
    client.force_login(baseline.owner)
    with django_assert_num_queries(4):  # session, user, scenario, lines
        client.get(analysis_url(baseline))


def test_saved_ranges_become_a_version_and_appear_in_compare_and_history(client, baseline):
    client.force_login(baseline.owner)
    response = client.post(
        reverse("scenarios:save_ranges", args=[baseline.pk]), {**RANGES, "base_version": "1"}
    )
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.version == 2
    assert baseline.monte_carlo["volume"] == [300_000, 350_000, 450_000]
    assert baseline.monte_carlo["distribution"] == "pert" and baseline.monte_carlo["seed"] == 5
    assert baseline.versions.get(number=2).message == "Monte Carlo ranges saved"
    # The analysis page starts from the saved ranges.
    form = client.get(analysis_url(baseline)).context["montecarlo"]["form"]
    assert (form.data["volume_high"], form.data["seed"], form.data["distribution"]) == (450_000, 5, "pert")
    # Compare the version before with the current one: the ranges are a difference.
    compare = client.get(reverse("scenarios:compare"), {"ids": f"{baseline.pk}v1,{baseline.pk}"})
    rows = {row.key: row for row in compare.context["input_rows"]}
    assert rows["monte_carlo.volume"].cells[0].value is None
    assert rows["monte_carlo.volume"].cells[1].value == "300,000 / 350,000 / 450,000 (pert)"
    # Restoring version 1 takes them away again, as a new version.
    client.post(reverse("scenarios:restore", args=[baseline.pk, 1]), {"base_version": "2"})
    baseline.refresh_from_db()
    assert baseline.monte_carlo == {} and baseline.version == 3


def test_bad_ranges_are_not_saved(client, baseline):
    client.force_login(baseline.owner)
    response = client.post(
        reverse("scenarios:save_ranges", args=[baseline.pk]),
        {**RANGES, "volume_low": "900000", "base_version": "1"},
    )
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.monte_carlo == {} and baseline.version == 1


def test_a_component_price_change_can_be_a_range_too(client, baseline):
    client.force_login(baseline.owner)
    query = {"tool": "montecarlo", **RANGES, "extra1_name": "price:battery"}
    query.update(extra1_low="-6", extra1_mode="-6", extra1_high="-6")  # degenerate: the engine's own value
    narrow = client.get(analysis_url(baseline), query).context["montecarlo"]
    assert narrow["form"].ranges()[-1].input == AnalysisInput(inputs.PRICE_CHANGE, "battery")
    query.update(extra1_low="-20", extra1_mode="-6", extra1_high="10")
    wide = client.get(analysis_url(baseline), query).context["montecarlo"]["result"]
    assert wide.p90[-1] - wide.p10[-1] > narrow["result"].p90[-1] - narrow["result"].p10[-1]
    query.update(extra1_low="5", extra1_mode="-6", extra1_high="10")
    bad = client.get(analysis_url(baseline), query).context["montecarlo"]["form"]
    assert "Needs low ≤ most likely ≤ high." in bad.errors["extra1_mode"]


def test_a_saved_component_range_comes_back_on_the_page_and_in_compare(client, baseline):
    client.force_login(baseline.owner)
    ranges = {
        **RANGES,
        "extra1_name": "price:battery",
        "extra1_low": "-12",
        "extra1_mode": "-6",
        "extra1_high": "0",
    }
    client.post(reverse("scenarios:save_ranges", args=[baseline.pk]), {**ranges, "base_version": "1"})
    baseline.refresh_from_db()
    assert baseline.monte_carlo["price:battery"] == [-12, -6, 0]
    form = client.get(analysis_url(baseline)).context["montecarlo"]["form"]
    assert (form.data["extra1_name"], form.data["extra1_low"]) == ("price:battery", -12)
    compare = client.get(reverse("scenarios:compare"), {"ids": f"{baseline.pk}v1,{baseline.pk}"})
    labels = [row.label for row in compare.context["input_rows"]]
    assert "Monte Carlo: Battery: price change (%/yr)" in labels


def test_the_monte_carlo_form_labels_its_ranges_from_the_declaration(client, baseline):
    client.force_login(baseline.owner)
    fields = client.get(analysis_url(baseline)).context["montecarlo"]["form"].fields
    assert fields["growth_low"].label == f"{inputs.GROWTH.page_label}: low"
    assert fields["share_low"].label == f"{inputs.SHARE.every_label}: low"
    assert (fields["share_low"].min_value, fields["share_high"].max_value) == inputs.SHARE.bounds
    extras = dict(fields["extra1_name"].choices)
    assert extras["price:battery"] == "Battery: price change (%/yr)" and "value:battery" not in extras
