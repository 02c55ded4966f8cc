from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse

from modelling import analysis, engine, inputs
from modelling.analysis import AnalysisInput
from scenarios import selectors
from scenarios.models import ComponentLine, Scenario

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


TOOLS = ("sensitivity", "tornado", "goal", "montecarlo")
RESULTS = {"sensitivity": "grid", "tornado": "bars", "goal": "result", "montecarlo": "result"}


def analysis_url(scenario):
    return reverse("scenarios:analysis", args=[scenario.pk])


def defaults(client, scenario, tool, **changes):
    """The query a tool's form sends as the page first shows it, with changes."""
    data = client.get(analysis_url(scenario)).context[tool]["form"].data
    return {"tool": tool, **{k: v for k, v in data.items() if v is not None}, **changes}


def fragment(client, scenario, query):
    return client.get(analysis_url(scenario), query, HTTP_HX_REQUEST="true")


@pytest.fixture
def valued(baseline):
    """The baseline with margins, an up-front cost, tax, working capital and a discount rate."""
    ComponentLine.objects.filter(scenario=baseline).update(operating_margin_pct=12, upfront_cost_usd=0)
    battery = baseline.lines.get(category__slug="battery")
    battery.upfront_cost_usd, battery.upfront_year = 500_000_000, 2026
    battery.save()
    Scenario.objects.filter(pk=baseline.pk).update(
        discount_rate_pct=9, tax_rate_pct=24, working_capital_pct=10
    )
    baseline.refresh_from_db()
    return baseline


def test_the_page_shows_each_tool_pending_and_runs_none(client, baseline):
    client.force_login(baseline.owner)
    response = client.get(analysis_url(baseline))
    assert response.status_code == 200
    html = response.content.decode()
    for tool in TOOLS:
        assert f'id="tool-{tool}"' in html
        assert response.context[tool]["pending"] is True
        assert RESULTS[tool] not in response.context[tool]
    # Each form submits itself once the page has painted.
    assert html.count('hx-trigger="load, submit"') == 4


def test_each_tools_fragment_with_its_defaults_gives_its_results(client, baseline):
    client.force_login(baseline.owner)
    base = selectors.engine_input(baseline, selectors.lines_of(baseline))
    results = {}
    for tool in TOOLS:
        response = fragment(client, baseline, defaults(client, baseline, tool))
        assert response.status_code == 200
        assert (
            response.content.decode().lstrip().startswith(f'<section class="card section" id="tool-{tool}">')
        )
        assert "pending" not in response.context[tool]
        results[tool] = response.context[tool][RESULTS[tool]]
    grid = results["sensitivity"]
    # A heatmap cell equals the engine at those two inputs; the default target is revenue.
    cell = engine.project(
        AnalysisInput(inputs.FIRST_YEAR_VOLUME).applied(
            AnalysisInput(inputs.SHARE).applied(base, grid.x_values[5]), grid.y_values[9]
        )
    )
    assert grid.metric is analysis.REVENUE
    assert grid.results[9][5] == pytest.approx(cell.cumulative_revenue, rel=1e-12)
    assert results["tornado"] and results["goal"].reached
    assert results["montecarlo"].draws == 10_000


@pytest.mark.parametrize("tool", TOOLS)
def test_a_plain_request_naming_a_tool_runs_that_tool_only(client, baseline, tool):
    client.force_login(baseline.owner)
    response = client.get(analysis_url(baseline), defaults(client, baseline, tool))
    assert "<html" in response.content.decode()
    assert RESULTS[tool] in response.context[tool] and "pending" not in response.context[tool]
    for other in set(TOOLS) - {tool}:
        assert response.context[other]["pending"] is True


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
        ("goal", {"target_usd": "1e19"}, "target_usd", "less than or equal to"),
        ("goal", {"metric": "npv", "year": "2027"}, "year", "NPV is over the whole horizon"),
        ("goal", {"name": "margin"}, "name", "does not change cumulative revenue"),
        ("goal", {"metric": "profit"}, "metric", "Select a valid choice."),
        ("sensitivity", {"metric": "nope"}, "metric", "Select a valid choice."),
        ("sensitivity", {"x_name": "margin:display"}, "x_name", "does not change cumulative revenue"),
        (
            "montecarlo",
            {"extra1_name": "margin", "extra1_low": "0", "extra1_mode": "5", "extra1_high": "9"},
            "extra1_name",
            "does not change cumulative revenue",
        ),
        ("tornado", {"metric": "NPV"}, "metric", "Select a valid choice."),
        ("montecarlo", {"metric": "ebitda"}, "metric", "Select a valid choice."),
        ("montecarlo", {"target_usd": "-5"}, "target_usd", "greater than or equal to 0"),
        ("montecarlo", {"draws": "100001"}, "draws", "less than or equal to 100000"),
        ("montecarlo", {"volume_low": "500000"}, "volume_mode", "Needs low ≤ most likely ≤ high."),
        ("montecarlo", {"share_high": "120"}, "share_high", "less than or equal to 100"),
        ("montecarlo", {"distribution": "normal"}, "distribution", "Select a valid choice."),
    ],
)
def test_bad_analysis_input_gets_field_errors_not_a_500(client, baseline, tool, data, field, message):
    client.force_login(baseline.owner)
    response = fragment(client, baseline, defaults(client, baseline, tool, **data))
    assert response.status_code == 200
    form = response.context[tool]["form"]
    assert message in " ".join(form.errors.get(field, []))
    assert not response.context[tool].get(RESULTS[tool])


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
    sensitivity = fragment(client, baseline, defaults(client, baseline, "sensitivity")).context["sensitivity"]
    keys = [key for key, _ in sensitivity["form"].fields["x_name"].choices]
    assert keys[:4] == ["volume", "growth", "share", "margin"]
    assert "value:display" in keys and "margin:display" in keys and "start:display" not in keys
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
    for tool in TOOLS:  # and so does each tool's fragment, Monte Carlo's 10,000 draws included
        query = defaults(client, baseline, tool)
        with django_assert_num_queries(4):
            fragment(client, baseline, query)


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
    assert fields["share_low"].label == "Share of every component, keeping the mix (mean %): low"
    assert (fields["share_low"].min_value, fields["share_high"].max_value) == inputs.SHARE.bounds
    extras = dict(fields["extra1_name"].choices)
    assert extras["price:battery"] == "Battery: price change (%/yr)" and "value:battery" not in extras


def test_each_tool_offers_the_target_metrics_with_revenue_first(client, baseline):
    client.force_login(baseline.owner)
    page = client.get(analysis_url(baseline))
    for tool in TOOLS:
        field = page.context[tool]["form"].fields["metric"]
        assert field.label == "Target"
        assert list(field.choices) == [
            ("revenue", "Cumulative revenue"),
            ("ebit", "Cumulative EBIT"),
            ("npv", "NPV"),
        ]
        assert page.context[tool]["form"].data["metric"] == "revenue"
    # A link from before the choice (no metric) measures revenue.
    query = defaults(client, baseline, "tornado")
    del query["metric"]
    assert fragment(client, baseline, query).context["tornado"]["metric"] is analysis.REVENUE


def test_goal_seek_finds_the_share_that_makes_npv_zero(client, valued):
    client.force_login(valued.owner)
    query = defaults(client, valued, "goal", metric="npv", target_usd="0", year="", name="share")
    response = fragment(client, valued, query)
    goal = response.context["goal"]
    result = goal["result"]
    assert result.reached and result.metric is analysis.NPV and 0 < result.value < 100
    base = selectors.engine_input(valued, selectors.lines_of(valued))
    npv = engine.project(AnalysisInput(inputs.SHARE).applied(base, result.value)).value.npv
    assert abs(npv) <= result.tolerance
    html = response.content.decode()
    assert "reaches $0 of NPV" in html and "Open in the editor with this value" in html
    # A negative NPV can be a target too.
    query["target_usd"] = "-1e8"  # the cost alone gives -$421M
    assert fragment(client, valued, query).context["goal"]["result"].reached


def test_the_tornado_and_heatmap_measure_the_chosen_metric(client, valued):
    client.force_login(valued.owner)
    projection = selectors.project(valued, selectors.lines_of(valued))
    tornado = fragment(client, valued, defaults(client, valued, "tornado", metric="ebit"))
    context = tornado.context["tornado"]
    assert context["base_result"] == pytest.approx(projection.value.cumulative_ebit)
    assert any(label.endswith("margin (%)") for label, _ in context["bars"])
    html = tornado.content.decode()
    assert "Cumulative EBIT, US dollars" in html
    assert context["figure"]["layout"]["xaxis"]["title"]["text"] == "Cumulative EBIT, US dollars"
    heatmap = fragment(client, valued, defaults(client, valued, "sensitivity", metric="npv"))
    grid = heatmap.context["sensitivity"]["grid"]
    assert grid.metric is analysis.NPV
    assert "NPV, US dollars. Rows:" in heatmap.content.decode()
    # The scenario's own cell, with the default axes (share 0-100%, volume 50-150%), is its NPV.
    assert min(min(row) for row in grid.results) < 0 < max(max(row) for row in grid.results)


def test_results_are_in_the_reporting_currency(client, valued):
    Scenario.objects.filter(pk=valued.pk).update(reporting_currency="KRW")
    valued.refresh_from_db()
    client.force_login(valued.owner)
    projection = selectors.project(valued, selectors.lines_of(valued))
    assert projection.value.currency.code == "KRW"
    response = fragment(client, valued, defaults(client, valued, "tornado", metric="npv"))
    assert response.context["tornado"]["base_result"] == pytest.approx(projection.value.npv)
    assert "NPV, South Korean won" in response.content.decode()
    page = client.get(analysis_url(valued))
    assert page.context["goal"]["form"].fields["target_usd"].label == "Value to reach (KRW)"
    monte = fragment(
        client, valued, defaults(client, valued, "montecarlo", metric="ebit", target_usd="0", draws="500")
    )
    context = monte.context["montecarlo"]
    assert context["result"].metric is analysis.EBIT
    assert context["histogram"]["layout"]["xaxis"]["title"]["text"] == "Cumulative EBIT, South Korean won"
    assert "chance that cumulative EBIT reaches ₩0" in monte.content.decode()


def test_saved_ranges_keep_their_target_metric(client, baseline):
    client.force_login(baseline.owner)
    client.post(
        reverse("scenarios:save_ranges", args=[baseline.pk]),
        {**RANGES, "metric": "npv", "target_usd": "-5e8", "base_version": "1"},
    )
    baseline.refresh_from_db()
    assert baseline.monte_carlo["metric"] == "npv" and baseline.monte_carlo["target_usd"] == -5e8
    form = client.get(analysis_url(baseline)).context["montecarlo"]["form"]
    assert (form.data["metric"], form.data["target_usd"]) == ("npv", -5e8)
    # The metric is not a range: compare shows the ranges as before.
    compare = client.get(reverse("scenarios:compare"), {"ids": f"{baseline.pk}v1,{baseline.pk}"})
    assert not any("metric" in row.key for row in compare.context["input_rows"])


def test_every_components_margin_can_be_an_extra_monte_carlo_range(client, valued):
    client.force_login(valued.owner)
    query = {"tool": "montecarlo", **RANGES, "metric": "ebit", "extra1_name": "margin"}
    query.update(extra1_low="12", extra1_mode="12", extra1_high="12")  # every line's own 12%
    narrow = fragment(client, valued, query).context["montecarlo"]["result"]
    query.update(extra1_low="0", extra1_high="30")
    wide = fragment(client, valued, query).context["montecarlo"]["result"]
    assert wide.p90[-1] - wide.p10[-1] > narrow.p90[-1] - narrow.p10[-1]
    fields = client.get(analysis_url(valued)).context["montecarlo"]["form"].fields
    extras = dict(fields["extra1_name"].choices)
    assert extras["margin"] == "Operating margin of every component, keeping the mix (mean %)"
    assert "margin:battery" in extras
    assert "margin_low" not in fields  # a range only when asked for


SHARE_EVERY = AnalysisInput(inputs.SHARE)  # every component's share, the mix kept


@pytest.fixture
def mixed(baseline):
    """The baseline with the battery at 71% and every other component at its 50%."""
    baseline.lines.filter(category__slug="battery").update(share_pct=71)
    return baseline


def own_shares(scenario):
    return {line.category.slug: line.share_pct for line in scenario.lines.select_related("category")}


def test_the_heatmaps_cross_is_the_scenario_and_its_cell_opens_the_editor_unchanged(client, mixed):
    client.force_login(mixed.owner)
    base = selectors.engine_input(mixed, selectors.lines_of(mixed))
    projection = selectors.project(mixed, selectors.lines_of(mixed))
    shares = own_shares(mixed)
    # Seven components, the battery at 71% and six at 50%: a mean of (71 + 6 x 50) / 7 = 53%.
    assert len(shares) == 7
    mean = 53
    context = fragment(client, mixed, defaults(client, mixed, "sensitivity")).context["sensitivity"]
    grid = context["grid"]
    assert grid.base_x == mean and mean in grid.x_values
    cell = grid.results[grid.y_values.index(grid.base_y)][grid.x_values.index(grid.base_x)]
    assert cell == pytest.approx(projection.cumulative_revenue, rel=1e-12)
    # Opening the editor at the cross (what a click on that cell sends) keeps each share.
    link = context["click_template"].replace("{x}", repr(grid.base_x)).replace("{y}", repr(grid.base_y))
    editor = client.get(link)
    forms = {form.line.category.slug: form for form in editor.context["line_forms"]}
    assert {slug: form["share_pct"].value() for slug, form in forms.items()} == shares
    assert editor.context["projection"].cumulative_revenue == pytest.approx(projection.cumulative_revenue)
    # Monte Carlo's most likely share is that mean: its default ranges centre on the scenario.
    monte = client.get(analysis_url(mixed)).context["montecarlo"]["form"]
    assert monte.data["share_mode"] == SHARE_EVERY.value(base) == mean


def test_goal_seek_for_every_share_reads_plainly_and_opens_each_components_own_share(client, mixed):
    client.force_login(mixed.owner)
    base = selectors.engine_input(mixed, selectors.lines_of(mixed))
    target = selectors.project(mixed, selectors.lines_of(mixed)).cumulative_revenue * 1.2
    response = fragment(client, mixed, defaults(client, mixed, "goal", target_usd=repr(target), name="share"))
    goal = response.context["goal"]
    result = goal["result"]
    assert result.reached
    html = response.content.decode()
    amount = SHARE_EVERY.amount(result.value)
    assert f"Share of every component, keeping the mix, at a mean of {amount}</strong> reaches" in html
    assert "within" not in html  # no tolerance beside billions
    # The link carries the value at full precision, and the editor each component's own share.
    assert f"share={result.value!r}" in unquote(goal["apply"])
    editor = client.get(goal["apply"])
    forms = {form.line.category.slug: form for form in editor.context["line_forms"]}
    row = SHARE_EVERY.kept_mix(base, [result.value])[0]
    expected = dict(zip((c.key for c in base.components), row, strict=True))
    for slug, form in forms.items():
        assert form["share_pct"].value() == Decimal(f"{expected[slug]:.2f}"), slug
    # The battery stays 21 points above the others.
    others = {form["share_pct"].value() for slug, form in forms.items() if slug != "battery"}
    assert len(others) == 1 and forms["battery"]["share_pct"].value() - others.pop() == 21
    assert editor.context["projection"].cumulative_revenue == pytest.approx(target, rel=1e-3)
    assert own_shares(mixed)["battery"] == 71  # nothing saved


def test_goal_seek_reaches_growth_beyond_200_percent_as_the_editor_allows(client, baseline):
    client.force_login(baseline.owner)
    base = selectors.engine_input(baseline, selectors.lines_of(baseline))
    at_300 = engine.project(AnalysisInput(inputs.GROWTH).applied(base, 300.0)).cumulative_revenue
    query = defaults(client, baseline, "goal", target_usd=repr(at_300), name="growth")
    result = fragment(client, baseline, query).context["goal"]["result"]
    assert result.reached and result.value == pytest.approx(300, abs=1e-6)


@pytest.mark.parametrize(
    "changes",
    [
        {"first_year_volume": 80_000_000},  # the grid's 150% went past 100M vehicles
        {"first_year_volume": 100_000_000},
        {"annual_growth_pct": 995},  # Monte Carlo's +10 points went past 1,000%
        {"annual_growth_pct": -100},
    ],
)
def test_every_tool_opens_with_its_defaults_at_the_edges_of_the_bounds(client, baseline, changes):
    Scenario.objects.filter(pk=baseline.pk).update(**changes)
    client.force_login(baseline.owner)
    for tool in TOOLS:
        response = fragment(client, baseline, defaults(client, baseline, tool))
        form = response.context[tool]["form"]
        assert response.status_code == 200 and not form.errors, (tool, form.errors)
        assert response.context[tool][RESULTS[tool]] is not None, tool


@pytest.mark.parametrize("typed", ["$15.5bn", "15.5B", "15,500,000,000"])
def test_a_goal_seek_target_can_be_typed_as_people_write_money(client, baseline, typed):
    client.force_login(baseline.owner)
    response = fragment(client, baseline, defaults(client, baseline, "goal", target_usd=typed))
    goal = response.context["goal"]
    assert goal["result"].target == 15.5e9
    assert "reaches $15.50B of cumulative revenue" in response.content.decode()


def test_an_unreadable_goal_seek_target_gets_a_message_not_a_500(client, baseline):
    client.force_login(baseline.owner)
    response = fragment(client, baseline, defaults(client, baseline, "goal", target_usd="15,5B"))
    assert response.status_code == 200
    assert "commas only between groups of three" in response.content.decode()
