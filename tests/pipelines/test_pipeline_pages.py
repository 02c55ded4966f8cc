"""Building a pipeline and changing its deals, as the pages do."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import SupplyRelationship
from pipelines import services
from pipelines.models import Deal, DealCase, Pipeline
from tests.companies.factories import SupplyRelationshipFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"pipelines:{name}", args=args)


def test_the_page_shows_the_expected_revenue_weighted_by_each_deals_chance(owner_client, pipeline):
    # First plan: $150M at 50% = $75M; second: 3 × $10M = $30M at 80% = $24M; $99M expected,
    # $180M if both are won.
    page = owner_client.get(url("detail", pipeline.pk)).content.decode()
    assert 'data-kpi="expected-revenue">$99.00M<' in page
    assert 'data-kpi="all-won-revenue">$180.00M<' in page
    assert "Expected revenue 2025–2028" in page


def test_changing_a_probability_inline_recomputes_every_figure(owner_client, pipeline):
    deal = pipeline.deals.get(name="First plan")
    case = deal.cases.get()
    answer = owner_client.post(
        url("deal_terms", pipeline.pk, deal.pk),
        {f"deal-{deal.pk}-probability_pct": "100", f"deal-{deal.pk}-weight_{case.pk}": "100"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    body = answer.content.decode()
    assert body.lstrip().startswith('<div id="pipeline-body">')  # only the body, for the swap
    # $150M at 100% + $24M = $174M.
    assert 'data-kpi="expected-revenue">$174.00M<' in body
    deal.refresh_from_db()
    assert deal.probability_pct == Decimal("100")


def test_weights_that_do_not_add_up_are_refused_with_a_message_and_nothing_saved(
    owner_client, owner, pipeline, two_scenarios
):
    first, second = two_scenarios
    deal = pipeline.deals.get(name="First plan")
    owner_client.post(url("add_scenario", second.pk), {"target": f"deal-{deal.pk}", "label": "bull"})
    bear, bull = deal.cases.order_by("pk")
    assert (bear.weight_pct, bull.weight_pct) == (Decimal("50"), Decimal("50"))  # split evenly
    answer = owner_client.post(
        url("deal_terms", pipeline.pk, deal.pk),
        {
            f"deal-{deal.pk}-probability_pct": "70",
            f"deal-{deal.pk}-weight_{bear.pk}": "60",
            f"deal-{deal.pk}-weight_{bull.pk}": "30",
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "must add up to 100%; these add up to 90%" in answer.content.decode()
    deal.refresh_from_db()
    assert deal.probability_pct == Decimal("50")
    assert sorted(deal.cases.values_list("weight_pct", flat=True)) == [Decimal("50"), Decimal("50")]


@pytest.mark.parametrize("probability", ["150", "-1", "abc", ""])
def test_a_probability_out_of_range_is_refused_and_nothing_saved(owner_client, pipeline, probability):
    deal = pipeline.deals.get(name="First plan")
    case = deal.cases.get()
    answer = owner_client.post(
        url("deal_terms", pipeline.pk, deal.pk),
        {f"deal-{deal.pk}-probability_pct": probability, f"deal-{deal.pk}-weight_{case.pk}": "100"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert 'class="field-errors' in answer.content.decode() or 'role="alert"' in answer.content.decode()
    deal.refresh_from_db()
    assert deal.probability_pct == Decimal("50")


def test_three_cases_split_to_exactly_100_and_removing_one_scales_the_rest_back(
    owner_client, owner, pipeline, two_scenarios
):
    from tests.scenarios.factories import ScenarioFactory

    first, second = two_scenarios
    third = ScenarioFactory(owner=owner, name="Third plan")
    deal = pipeline.deals.get(name="First plan")
    for scenario in (second, third):
        owner_client.post(url("add_scenario", scenario.pk), {"target": f"deal-{deal.pk}"})
    weights = list(deal.cases.order_by("pk").values_list("weight_pct", flat=True))
    assert weights == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    last = deal.cases.order_by("pk").last()
    owner_client.post(url("case_remove", pipeline.pk, last.pk))
    # 33.34 and 33.33 scaled to 100: 50.01 and 49.99 after rounding to cents, the
    # remainder to the larger.
    assert list(deal.cases.order_by("pk").values_list("weight_pct", flat=True)) == [
        Decimal("50.01"),
        Decimal("49.99"),
    ]


def test_a_scenario_the_user_cannot_see_is_404_and_never_added(
    owner_client, pipeline, someone_elses_scenario
):
    answer = owner_client.post(
        url("add_scenario", someone_elses_scenario.pk),
        {"target": f"pipeline-{pipeline.pk}", "probability_pct": "50"},
    )
    assert answer.status_code == 404
    assert not DealCase.objects.filter(scenario=someone_elses_scenario).exists()


def test_a_scenario_twice_in_one_deal_is_refused_with_a_message(owner_client, pipeline, two_scenarios):
    first, _ = two_scenarios
    deal = pipeline.deals.get(name="First plan")
    answer = owner_client.post(url("add_scenario", first.pk), {"target": f"deal-{deal.pk}"})
    assert answer.status_code == 400
    assert "already a case of this deal" in answer.content.decode()
    assert deal.cases.count() == 1


def test_a_new_deal_needs_its_probability(owner_client, pipeline, two_scenarios):
    first, _ = two_scenarios
    answer = owner_client.post(url("add_scenario", first.pk), {"target": f"pipeline-{pipeline.pk}"})
    assert answer.status_code == 400
    assert "chance of being won" in answer.content.decode()
    assert pipeline.deals.count() == 2


def test_a_pipeline_is_made_from_the_list_page(owner_client, owner):
    answer = owner_client.post(url("new"), {"name": "Car makers 2026", "description": ""})
    pipeline = Pipeline.objects.get(owner=owner, name="Car makers 2026")
    assert answer.url == pipeline.get_absolute_url()
    assert owner_client.post(url("new"), {"name": ""}).status_code == 400


def test_removing_a_deal_and_deleting_the_pipeline_leave_the_scenarios(
    owner_client, owner, pipeline, two_scenarios
):
    deal = pipeline.deals.get(name="First plan")
    owner_client.post(url("deal_remove", pipeline.pk, deal.pk))
    assert not Deal.objects.filter(pk=deal.pk).exists()
    owner_client.post(url("delete", pipeline.pk))
    assert not Pipeline.objects.filter(pk=pipeline.pk).exists()
    assert all(type(s).objects.filter(pk=s.pk).exists() for s in two_scenarios)


def test_exports_hold_the_figures_of_the_page(owner_client, pipeline):

    from openpyxl import load_workbook

    rows = list(
        csv.DictReader(io.StringIO(owner_client.get(url("export_csv", pipeline.pk)).content.decode()))
    )
    # 2025: 0.5 × $50M = $25M; 2026-2027: $25M + 0.8 × $10M = $33M; 2028: $8M.
    assert [row["year"] for row in rows] == ["2025", "2026", "2027", "2028"]
    assert [float(row["expected_revenue_usd"]) for row in rows] == pytest.approx([25e6, 33e6, 33e6, 8e6])
    workbook = load_workbook(io.BytesIO(owner_client.get(url("export_xlsx", pipeline.pk)).content))
    assert workbook.sheetnames == ["Pipeline by year", "Deals"]
    deals = list(workbook["Deals"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[3]) for row in deals] == [
        ("First plan", 50.0, pytest.approx(75e6)),
        ("Second plan", 80.0, pytest.approx(24e6)),
    ]


def test_the_monte_carlo_fragment_is_reproducible_and_checks_its_form(owner_client, pipeline):
    # No saved ranges: each draw is 0 or $150M from the first deal plus 0 or $30M from the
    # second; cumulative revenue reaches $100M only when the first is won: 50%.
    query = {"draws": "4000", "seed": "5", "target_usd": "$100M"}
    first = owner_client.get(url("monte_carlo", pipeline.pk), query).content.decode()
    again = owner_client.get(url("monte_carlo", pipeline.pk), query).content.decode()
    assert 'data-kpi="mc-chance">' in first
    chance = first.split('data-kpi="mc-chance">')[1].split("<")[0]
    assert 45 <= float(chance.rstrip("%")) <= 55
    assert first == again
    refused = owner_client.get(url("monte_carlo", pipeline.pk), {"draws": "0", "seed": "1"})
    assert refused.status_code == 200
    assert "greater than or equal to 1" in refused.content.decode()
    assert "mc-chance" not in refused.content.decode()


def test_the_seeded_demo_pipeline(seeded):
    from django.contrib.auth import get_user_model

    demo = get_user_model().objects.get(username="demo")
    pipeline = Pipeline.objects.get(owner=demo, name="Samsung's EV pursuits")
    xiaomi, byd = pipeline.deals.order_by("pk")
    assert xiaomi.probability_pct == Decimal("60") and byd.probability_pct == Decimal("30")
    weights = {case.label: case.weight_pct for case in xiaomi.cases.all()}
    assert weights == {"bear": Decimal("25"), "base": Decimal("50"), "bull": Decimal("25")}
    assert byd.cases.get().scenario.customer.slug == "byd"
    assert byd.cases.get().scenario.name == "Samsung supplies BYD"


def test_the_page_and_the_csv_show_expected_revenue_by_component(owner_client, pipeline):
    # The first plan's battery: $50M a year 2025-2027 at 50% = $25M; the second plan's
    # display: $10M a year 2026-2028 at 80% = $8M.
    page = owner_client.get(url("detail", pipeline.pk)).content.decode()
    assert 'id="chart-pipeline-components"' in page
    rows = list(
        csv.DictReader(io.StringIO(owner_client.get(url("export_csv", pipeline.pk)).content.decode()))
    )
    assert [float(row["component: Battery"]) for row in rows] == pytest.approx([25e6, 25e6, 25e6, 0])
    assert [float(row["component: Display"]) for row in rows] == pytest.approx([0, 8e6, 8e6, 8e6])


def test_the_page_shows_how_much_expected_revenue_rests_on_disclosed_supply(owner_client, pipeline):
    # The first plan's battery supplier has disclosed supplying its customer: its $75M of
    # expected revenue ($150M × 50%) is disclosed; the second plan's $24M ($30M × 80%) rests on
    # no recorded relationship, so is potential. $99M in all: 75.8% and 24.2%.
    line = pipeline.deals.get(name="First plan").cases.get().scenario.lines.get()
    SupplyRelationshipFactory(
        supplier=line.supplier,
        customer=line.scenario.customer,
        component=line.category,
        status=SupplyRelationship.Status.ESTABLISHED,
        evidence=SupplyRelationship.Evidence.SUPPLIER,
    )
    page = owner_client.get(url("detail", pipeline.pk)).content.decode()
    assert 'id="chart-evidence"' in page  # the stacked bar
    evidence = page.split('id="evidence-heading"')[1]
    rows = evidence.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    assert "Established and disclosed" in rows[0] and "$75.00M" in rows[0] and "75.8%" in rows[0]
    assert "Reported by the press" in rows[1] and "$0" in rows[1]
    assert "Potential or inferred" in rows[2] and "$24.00M" in rows[2] and "24.2%" in rows[2]
    assert "Expected revenue in US dollars" in evidence


def test_the_monte_carlo_fragment_draws_the_spread_of_npv_too(owner_client, pipeline):
    fragment = owner_client.get(url("monte_carlo", pipeline.pk), {"draws": "500", "seed": "2"}).content
    assert b'id="chart-pipeline-fan"' in fragment  # P10, P50 and P90 of revenue per year
    assert b'id="chart-pipeline-histogram"' in fragment  # cumulative revenue
    assert b'id="chart-pipeline-npv-histogram"' in fragment
    assert b"NPV over the draws" in fragment


def test_a_pipeline_is_renamed_and_described_from_its_page(owner_client, owner, pipeline):
    answer = owner_client.post(
        url("edit", pipeline.pk), {"name": "Korea Inc. pursuits", "description": "Why"}
    )
    assert answer.status_code == 302
    pipeline.refresh_from_db()
    assert (pipeline.name, pipeline.description) == ("Korea Inc. pursuits", "Why")


def test_a_name_the_owner_already_uses_is_refused_and_nothing_is_saved(owner_client, owner, pipeline):
    services.pipeline_create(owner=owner, name="Taken")
    answer = owner_client.post(url("edit", pipeline.pk), {"name": "Taken", "description": "changed"})
    assert answer.status_code == 400
    assert "You already have a pipeline with this name." in answer.content.decode()
    assert "<h1>Pursuits</h1>" in answer.content.decode()  # the page still names it as saved
    pipeline.refresh_from_db()
    assert (pipeline.name, pipeline.description) == ("Pursuits", "")


def test_weights_left_short_by_a_deleted_scenario_are_pointed_out(
    owner_client, owner, pipeline, two_scenarios
):
    first, second = two_scenarios
    deal = pipeline.deals.get(name="First plan")
    owner_client.post(url("add_scenario", second.pk), {"target": f"deal-{deal.pk}", "label": "bull"})
    second.delete()  # its case goes with it: the first plan's case keeps its 50%
    page = owner_client.get(url("detail", pipeline.pk)).content.decode()
    assert "The weights of “First plan” add up to 50%, not 100%" in page
