"""Slide decks of a scenario and of a comparison, opened with python-pptx: the
slides, their titles, the charts' series against the engine's own numbers,
the assumptions with their sources, and who may download them."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pptx import Presentation

from core.formatting import format_money
from modelling import engine
from modelling import inputs as model_inputs
from scenarios import selectors
from scenarios.exports import deck
from scenarios.models import Scenario, ScenarioShare
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

COMPARE_DECK = reverse("scenarios:compare_pptx")
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def opened(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == PPTX
    return Presentation(io.BytesIO(response.content))


def titles(presentation):
    return [slide.shapes.title.text for slide in presentation.slides]


def slide_titled(presentation, title):
    return next(slide for slide in presentation.slides if slide.shapes.title.text == title)


def chart_on(slide):
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    return chart


def series_of(chart):
    return {series.name: list(series.values) for series in chart.plots[0].series}


def table_rows(slides):
    """The text of every body row of every table on the slides, the header rows left out."""
    rows = []
    for slide in slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows += [[cell.text for cell in row.cells] for row in list(shape.table.rows)[1:]]
    return rows


def all_text(presentation):
    texts = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.fixture
def baseline(seeded):
    return Scenario.objects.get(name="Article baseline")


@pytest.fixture
def demo_client(client, baseline):
    client.force_login(baseline.owner)
    return client


def projection_of(scenario):
    return selectors.project(scenario, selectors.lines_of(scenario))


def scenario_deck(client, scenario):
    response = client.get(reverse("scenarios:export_pptx", args=[scenario.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="scenario-{scenario.pk}.pptx"'
    return opened(response)


def test_the_scenario_deck_has_a_title_key_figures_charts_value_and_assumptions(demo_client, baseline):
    presentation = scenario_deck(demo_client, baseline)

    found = titles(presentation)
    assert found[:6] == [
        "Article baseline",
        "Key figures",
        "Revenue by component, per year",
        "Vehicles per year",
        "Cash flow, US dollars",
        "Value per year, US dollars",
    ]
    # The inputs take more than one slide: "Assumptions (1 of n)" to "(n of n)".
    pages = len(found) - 6
    assert pages > 1
    assert found[6:] == [f"Assumptions ({n} of {pages})" for n in range(1, pages + 1)]
    assert len(presentation.slides) == 6 + pages


def test_the_title_slide_names_the_parties_the_summary_and_the_date(demo_client, baseline):
    title = scenario_deck(demo_client, baseline).slides[0]
    text = title.placeholders[1].text_frame.text
    today = timezone.localdate()
    assert "Xiaomi ← Samsung Group" in text
    assert (
        "350,000 vehicles in 2025, growing 20% a year to 2030; the supplier wins 50% of each of the 7 "
        in text
    )
    assert f"{today.day} {today:%B %Y}" in text


def test_key_figures_are_the_pages_in_the_reporting_currency(demo_client, baseline):
    Scenario.objects.filter(pk=baseline.pk).update(reporting_currency="KRW")
    baseline.refresh_from_db()
    projection = projection_of(baseline)
    value = projection.value

    presentation = scenario_deck(demo_client, baseline)
    cards = [shape.text_frame.text for shape in slide_titled(presentation, "Key figures").shapes]
    text = "\n".join(cards)

    # Revenue stays in dollars, as the page shows it; NPV and EBIT are in won.
    assert f"Cumulative revenue 2025–2030\n{format_money(projection.cumulative_revenue)}" in text
    assert f"NPV at 9%\n{format_money(value.npv, 'KRW')}" in text
    assert format_money(value.npv, "KRW").startswith("₩")
    assert f"IRR {value.total.irr:.1f}%; pays back in {value.total.payback_year}" in text
    assert f"Cumulative EBIT\n{format_money(value.cumulative_ebit, 'KRW')}" in text
    assert "Cash flow, South Korean won" in titles(presentation)


def test_every_chart_is_a_native_chart_of_the_engines_numbers(demo_client, baseline):
    projection = projection_of(baseline)
    value = projection.value
    presentation = scenario_deck(demo_client, baseline)
    years = [str(year) for year in projection.years]

    revenue = chart_on(slide_titled(presentation, "Revenue by component, per year"))
    assert list(revenue.plots[0].categories) == years
    expected = projection.component_series()
    assert list(series_of(revenue)) == list(expected)  # the components, in the editor's order
    for name, values in series_of(revenue).items():
        assert values == pytest.approx(expected[name])

    volume = chart_on(slide_titled(presentation, "Vehicles per year"))
    assert series_of(volume)["Vehicles"] == pytest.approx(list(projection.volumes))

    cash = series_of(chart_on(slide_titled(presentation, "Cash flow, US dollars")))
    flows = value.total
    # No up-front cost in the article's preset: that series is left out, as on the page.
    assert list(cash) == ["EBIT", "Tax", "Working capital", "Free cash flow"]
    assert cash["EBIT"] == pytest.approx(list(flows.ebit))
    assert cash["Tax"] == pytest.approx([-tax for tax in flows.tax])
    assert cash["Working capital"] == pytest.approx([-change for change in flows.working_capital_change])
    assert cash["Free cash flow"] == pytest.approx(list(flows.fcf))
    # 2026, worked out on the page's cash-flow table: EBIT less tax less the working capital.
    assert cash["Free cash flow"][1] == pytest.approx(
        flows.ebit[1] - flows.tax[1] - flows.working_capital_change[1]
    )

    assert not any(
        shape.shape_type == 13 for slide in presentation.slides for shape in slide.shapes
    )  # no pictures


def test_the_assumptions_table_gives_each_input_its_value_and_its_source(demo_client, baseline):
    presentation = scenario_deck(demo_client, baseline)
    slides = [slide for slide in presentation.slides if slide.shapes.title.text.startswith("Assumptions")]
    rows = {row[0]: row for row in table_rows(slides)}

    assert rows["Vehicles in the first year"][1:3] == ["350,000", "vehicles"]
    assert rows["Battery: supplier"][1] == "Samsung SDI"
    # As the Inputs sheet cites them: a derived value with its calculation and citation...
    assert rows["Display: value per vehicle"][3].startswith(
        "derived: Derived: about $492M of car OLED panels"
    )
    assert (
        "Display Daily, “Automotive OLED shipments (citing Omdia)”" in rows["Display: value per vehicle"][3]
    )
    # ...an assumption with its basis, a margin with its own.
    assert rows["Battery: value per vehicle"][3].startswith("assumption: 73.6 kWh")
    assert rows["Battery: operating margin"][1:3] == ["5", "% of revenue"]
    assert rows["Battery: operating margin"][3].startswith("assumption: About 5%")
    # Inputs no source stands behind are marked as assumptions, a default with its declared reason.
    assert rows["Discount rate"][3] == f"assumption: {model_inputs.DISCOUNT_RATE.default_basis}"
    assert rows["Annual volume growth"][3] == "assumption"
    numeric = [row for row in rows.values() if row[2]]
    assert numeric and all(row[3] for row in numeric)


@pytest.fixture
def bull(baseline):
    return Scenario.objects.get(name="Article baseline: bull case")


def comparison(client, ids, **query):
    response = client.get(COMPARE_DECK, {"ids": ids, **query})
    assert response["Content-Disposition"] == 'attachment; filename="comparison.pptx"'
    return opened(response)


def test_the_comparison_deck_charts_each_items_revenue_and_bridges_npv(demo_client, baseline, bull):
    presentation = comparison(demo_client, f"{baseline.pk},{bull.pk}", bridge="npv")
    found = titles(presentation)
    assert found[:6] == [
        "Scenario comparison",
        "Key figures",
        "Revenue per year",
        "Vehicles per year",
        "Cumulative revenue by component",
        "Bridge: NPV",
    ]
    assert found[6].startswith("Assumptions compared (1 of ")
    assert found[-1].startswith("Sources")

    reference, other = projection_of(baseline), projection_of(bull)
    revenue = series_of(chart_on(slide_titled(presentation, "Revenue per year")))
    assert revenue["Article baseline"] == pytest.approx(list(reference.revenue_by_year))
    assert revenue["Article baseline: bull case"] == pytest.approx(list(other.revenue_by_year))

    bridge = series_of(chart_on(slide_titled(presentation, "Bridge: NPV")))
    totals, steps = bridge["NPV"], bridge["Change"]
    # Both in dollars: NPV of each, and between them one bar per group of inputs that differs.
    assert [totals[0], totals[-1]] == pytest.approx([reference.value.total.npv, other.value.total.npv])
    moves = [step for step in steps if step is not None]
    assert len(moves) >= 2
    assert sum(moves) == pytest.approx(other.value.total.npv - reference.value.total.npv)
    assert all(total is None for total in totals[1:-1]) and steps[0] is None and steps[-1] is None

    key_rows = {row[0]: row for row in table_rows([slide_titled(presentation, "Key figures")])}
    assert key_rows["Cumulative revenue"][1] == format_money(reference.cumulative_revenue)


def test_a_bridge_of_one_years_ebit_adds_up_to_that_years_difference(demo_client, baseline, bull):
    presentation = comparison(demo_client, f"{baseline.pk},{bull.pk}", bridge="ebit", bridge_year="2027")
    bridge = series_of(chart_on(slide_titled(presentation, "Bridge: EBIT in 2027")))
    reference, other = projection_of(baseline).value.total, projection_of(bull).value.total
    year = reference.years.index(2027)
    assert bridge["EBIT in 2027"][0] == pytest.approx(reference.ebit[year])
    assert sum(step for step in bridge["Change"] if step is not None) == pytest.approx(
        other.ebit[year] - reference.ebit[year]
    )


def test_a_bridge_asked_for_badly_is_a_message_on_its_slide(demo_client, baseline, bull):
    presentation = comparison(demo_client, f"{baseline.pk},{bull.pk}", bridge="profit")
    assert "“profit” is not something to bridge: pick revenue, EBIT or NPV." in all_text(presentation)


def test_a_saved_version_compares_by_its_token(demo_client, baseline):
    # The scenario moves on from version 1 without a new version: v1 keeps 350,000 vehicles.
    Scenario.objects.filter(pk=baseline.pk).update(first_year_volume=500_000)
    baseline.refresh_from_db()
    version = baseline.versions.get(number=1)

    presentation = comparison(demo_client, f"{baseline.pk}v1,{baseline.pk}")

    revenue = series_of(chart_on(slide_titled(presentation, "Revenue per year")))
    then = engine.project(model_inputs.engine_input(version.inputs))
    assert revenue["Article baseline (v1)"] == pytest.approx(list(then.revenue_by_year))
    assert revenue["Article baseline"] == pytest.approx(list(projection_of(baseline).revenue_by_year))
    assert revenue["Article baseline"][1] == pytest.approx(revenue["Article baseline (v1)"][1] * 500 / 350)
    compared = {row[0]: row for row in table_rows(presentation.slides)}
    assert compared["Vehicles in the first year"][1:] == ["350,000", "500,000\n+150,000 (+42.9%)"]


def test_the_comparison_cites_the_sources_of_the_scenarios_compared(demo_client, baseline, bull):
    presentation = comparison(demo_client, f"{baseline.pk},{bull.pk}")
    slides = [slide for slide in presentation.slides if slide.shapes.title.text.startswith("Sources")]
    rows = {row[0]: row for row in table_rows(slides)}
    assert rows["Display: value per vehicle"][1].startswith("derived: ")
    assert rows["Display: value per vehicle"][2] == "all"


@pytest.mark.parametrize(
    "ids, message",
    [
        ("", "Pick 2 to 6 scenarios to compare."),
        ("abc", "“abc” is not a scenario id."),
        ("{baseline}", "Add at least one more scenario to compare."),
        ("1,2,3,4,5,6,7", "Compare at most 6 scenarios at once; 7 were given."),
    ],
)
def test_ids_that_make_no_comparison_are_refused_as_the_csv_refuses_them(demo_client, baseline, ids, message):
    ids = ids.format(baseline=baseline.pk)  # one real scenario, on any database's ids
    deck_answer = demo_client.get(COMPARE_DECK, {"ids": ids})
    csv_answer = demo_client.get(reverse("scenarios:compare_csv"), {"ids": ids})
    assert deck_answer.status_code == csv_answer.status_code == 400
    assert deck_answer.content.decode() == csv_answer.content.decode() == message


def test_a_stranger_gets_404_for_both_decks(client, baseline, bull):
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert client.get(reverse("scenarios:export_pptx", args=[baseline.pk])).status_code == 404
    shared = Scenario.objects.get(name="Samsung as lead EV supplier")
    for ids in (f"{baseline.pk},{bull.pk}", f"{shared.pk},{baseline.pk}", f"{shared.pk},{baseline.pk}v1"):
        assert client.get(COMPARE_DECK, {"ids": ids}).status_code == 404
    # What is shared with everyone, they may have.
    other_shared = Scenario.objects.get(name="Samsung supplies BYD")
    assert client.get(reverse("scenarios:export_pptx", args=[shared.pk])).status_code == 200
    assert client.get(COMPARE_DECK, {"ids": f"{shared.pk},{other_shared.pk}"}).status_code == 200


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_people_it_is_shared_with_get_the_deck_as_they_get_the_csv(client, baseline, role):
    person = UserFactory(username=role)
    ScenarioShare.objects.create(scenario=baseline, user=person, can_edit=role == "editor")
    client.force_login(person)
    assert client.get(reverse("scenarios:export_pptx", args=[baseline.pk])).status_code == 200
    assert client.get(reverse("scenarios:export_csv", args=[baseline.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, baseline):
    for url in (reverse("scenarios:export_pptx", args=[baseline.pk]), f"{COMPARE_DECK}?ids=1,2"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


# What XML 1.0 cannot hold: python-pptx raises on them unless they are replaced.
UNHOLDABLE = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"]


@pytest.mark.parametrize("character", UNHOLDABLE, ids=lambda c: f"U+{ord(c):04X}")
def test_names_with_characters_xml_cannot_hold_still_make_a_deck(baseline, character):
    # Built from objects as they come, not stored: NUL and lone surrogates
    # never reach PostgreSQL, but nothing here may depend on that.
    lines = selectors.lines_of(baseline)
    baseline.name = f"Plan{character}A"
    baseline.description = f"Notes{character}"
    baseline.customer.name = f"Maker{character}"
    lines[0].category.name = f"Cell{character}s"
    lines[0].supplier.name = f"Affiliate{character}"
    projection = selectors.project(baseline, lines)

    presentation = Presentation(
        io.BytesIO(deck.scenario_deck(baseline, lines, projection, on=timezone.localdate()))
    )

    assert titles(presentation)[0] == "Plan\ufffdA"
    assert "Maker\ufffd ← Samsung Group" in presentation.slides[0].placeholders[1].text_frame.text
    revenue = chart_on(slide_titled(presentation, "Revenue by component, per year"))
    assert "Cell\ufffds" in series_of(revenue)
    assert character not in all_text(presentation)


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1b", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
def test_stored_names_with_control_characters_export_through_both_urls(
    demo_client, baseline, bull, character
):
    # As staff can type them in the admin, into a company's name; the forms refuse them.
    Scenario.objects.filter(pk=baseline.pk).update(name=f"Plan{character}B")
    group = baseline.supplier_group
    group.name = f"Group{character}"
    group.save()

    presentation = scenario_deck(demo_client, baseline)
    assert titles(presentation)[0] == "Plan\ufffdB"
    assert "Xiaomi ← Group\ufffd" in presentation.slides[0].placeholders[1].text_frame.text

    presentation = comparison(demo_client, f"{baseline.pk},{bull.pk}")
    revenue = series_of(chart_on(slide_titled(presentation, "Revenue per year")))
    assert "Plan\ufffdB" in revenue


def test_the_money_formats_scale_with_the_amounts():
    assert deck.money_format([2.5e9, -1]) == '"$"#,##0.0,,,"B"'
    assert deck.money_format([None, 450e6], "KRW") == '"₩"#,##0.0,,"M"'
    assert deck.money_format([Decimal("3e12")], "CNY") == '"¥"#,##0.0,,,,"T"'
    assert deck.money_format([6_200]) == '"$"#,##0'


def test_the_scenario_page_and_the_comparison_link_to_their_decks(demo_client, baseline, bull):
    page = demo_client.get(reverse("scenarios:detail", args=[baseline.pk])).content.decode()
    assert f'href="{reverse("scenarios:export_pptx", args=[baseline.pk])}" download>PowerPoint</a>' in page

    page = demo_client.get(
        reverse("scenarios:compare"),
        {"ids": f"{baseline.pk},{bull.pk}", "bridge": "npv", "bridge_year": "2027"},
    ).content.decode()
    # The deck of what the page shows, its bridge included.
    assert f'href="{COMPARE_DECK}?ids={baseline.pk},{bull.pk}&amp;bridge=npv&amp;bridge_year=2027"' in page
