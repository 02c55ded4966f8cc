import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from modelling.compare import CompareRequestError, parse_ids
from scenarios.models import Scenario
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("scenarios:compare")


@pytest.fixture
def three(owner, scenario):
    """Owner's plan (see conftest) and two variants of it, worked out by hand below."""
    bear = ScenarioFactory(owner=owner, name="Bear", first_year_volume=50_000, annual_growth_pct=Decimal("0"))
    bull = ScenarioFactory(
        owner=owner, name="Bull", first_year_volume=100_000, annual_growth_pct=Decimal("10")
    )
    for variant, battery_share in ((bear, 50), (bull, 100)):
        for line in scenario.lines.select_related("category"):
            ComponentLineFactory(
                scenario=variant,
                category=line.category,
                supplier=line.supplier,
                share_pct=Decimal(battery_share if line.category.slug == "battery" else 50),
            )
    return scenario, bear, bull


def rows_by_key(response):
    return {row.key: row for row in response.context["output_rows"] + response.context["input_rows"]}


def test_differences_match_hand_worked_projections(owner_client, three):
    plan, bear, bull = three
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bear.pk},{bull.pk}"})
    assert response.status_code == 200
    rows = rows_by_key(response)
    # Plan: 100,000 / 110,000 / 121,000 vehicles, $1,000 x 50% on two lines = $331,000,000.
    # Bear: 50,000 flat x $1,000 x 50% x 2 lines x 3 years = $150,000,000.
    # Bull: battery 100% (331M x 2 = 331,000,000 for that line alone: 100M + 110M + 121M)
    #       + display 50% (165,500,000) = $496,500,000.
    cumulative = rows["cumulative_revenue"].cells
    assert [cell.value for cell in cumulative] == pytest.approx([331_000_000, 150_000_000, 496_500_000])
    assert cumulative[1].difference == pytest.approx(-181_000_000)
    assert cumulative[1].difference_pct == pytest.approx(-181 / 331 * 100)
    assert cumulative[2].difference == pytest.approx(165_500_000)
    assert cumulative[2].difference_pct == pytest.approx(50.0)
    # Final year: plan 121M; bear 50M; bull 121M + 60.5M = 181.5M.
    assert [c.value for c in rows["final_year_revenue"].cells] == pytest.approx([121e6, 50e6, 181.5e6])
    # Capture: plan and bear 50%; bull (331 + 165.5) / 662 = 75%.
    assert [c.value for c in rows["capture_rate"].cells] == pytest.approx([0.5, 0.5, 0.75])
    assert [c.value for c in rows["first_year_over_1b"].cells] == [None, None, None]
    # Inputs: volume and growth differ for bear, the battery share for bull.
    assert [c.differs for c in rows["first_year_volume"].cells] == [False, True, False]
    assert rows["first_year_volume"].cells[1].difference == -50_000
    assert [c.differs for c in rows["battery.share_pct"].cells] == [False, False, True]
    assert rows["battery.share_pct"].cells[2].difference_pct == pytest.approx(100.0)
    assert rows["display.share_pct"].all_equal
    # The component chart's numbers, as its table shows them:
    # battery: plan 50% of 331M; bear 50% of 150M (both lines) / 2 = 75M; bull 100% of 331M.
    battery, display = response.context["component_totals"]
    assert battery[0] == "Battery" and battery[1] == pytest.approx([165.5e6, 75e6, 331e6])
    assert display[1] == pytest.approx([165.5e6, 75e6, 165.5e6])
    html = response.content.decode()
    assert "Cumulative revenue by component, US dollars." in html
    assert 'class="equal" data-row="display.share_pct"' in html
    assert 'class="differs" data-row="battery.share_pct"' in html


def test_the_csv_carries_the_same_differences(owner_client, three):
    plan, bear, bull = three
    response = owner_client.get(reverse("scenarios:compare_csv"), {"ids": f"{plan.pk},{bear.pk},{bull.pk}"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    cumulative = [r for r in rows if r["item"] == "cumulative_revenue"]
    assert [r["scenario"] for r in cumulative] == ["Owner's plan", "Bear", "Bull"]
    assert float(cumulative[1]["value"]) == pytest.approx(150_000_000)
    assert float(cumulative[1]["reference_value"]) == pytest.approx(331_000_000)
    assert float(cumulative[1]["difference"]) == pytest.approx(-181_000_000)
    shares = [r for r in rows if r["item"] == "battery.share_pct"]
    assert [Decimal(r["value"]) for r in shares] == [50, 50, 100]


def test_queries_do_not_grow_with_the_number_compared(owner_client, owner, three, django_assert_num_queries):
    plan, bear, bull = three
    # session, user, the scenarios, their lines, the picker's candidates
    with django_assert_num_queries(5):
        owner_client.get(COMPARE, {"ids": f"{plan.pk},{bear.pk}"})
    extra = [ScenarioFactory(owner=owner) for _ in range(2)]
    for scenario in extra:
        ComponentLineFactory.create_batch(2, scenario=scenario)
    ids = ",".join(str(s.pk) for s in [plan, bear, bull, *extra])
    with django_assert_num_queries(5):
        owner_client.get(COMPARE, {"ids": ids})


def test_ids_from_list_checkboxes_and_the_add_picker_lead_to_one_address(owner_client, three):
    plan, bear, bull = three
    response = owner_client.get(f"{COMPARE}?ids={plan.pk}&ids={bear.pk}&add={bull.pk}")
    assert response.url == f"{COMPARE}?ids={plan.pk},{bear.pk},{bull.pk}"
    htmx = owner_client.get(f"{COMPARE}?ids={plan.pk},{bear.pk}&add={bull.pk}", HTTP_HX_REQUEST="true")
    assert htmx["HX-Push-Url"] == response.url
    response = owner_client.get(response.url)
    assert [item.scenario.pk for item in response.context["items"]] == [plan.pk, bear.pk, bull.pk]
    assert response.context["ids"] == f"{plan.pk},{bear.pk},{bull.pk}"
    assert response.context["removal_ids"][str(bear.pk)] == f"{plan.pk},{bull.pk}"


def test_one_scenario_asks_for_another(owner_client, scenario):
    response = owner_client.get(COMPARE, {"ids": str(scenario.pk)})
    assert response.status_code == 200
    assert "Add at least one more scenario to compare." in response.content.decode()


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ("", "Pick 2 to 6 scenarios to compare."),
        ("abc", "“abc” is not a scenario id."),
        ("1,1", "“1” is listed twice."),
        ("1,2,3,4,5,6,7", "Compare at most 6 scenarios at once; 7 were given."),
        ("1;DROP TABLE", "is not a scenario id"),
        ("9" * 40, "is not a scenario id"),
    ],
)
def test_bad_ids_get_a_clear_message(owner_client, ids, message):
    response = owner_client.get(COMPARE, {"ids": ids})
    assert response.status_code == 400
    assert message in response.content.decode()
    csv_response = owner_client.get(reverse("scenarios:compare_csv"), {"ids": ids})
    assert csv_response.status_code == 400 and message in csv_response.content.decode()


def test_parse_ids_reads_versions():
    assert parse_ids(["3, 7v2", "9"]) == [(3, None), (7, 2), (9, None)]
    with pytest.raises(CompareRequestError):
        parse_ids(["7v"])


def test_a_scenario_the_user_cannot_see_makes_the_whole_page_404(stranger_client, stranger, scenario):
    mine = ScenarioFactory(owner=stranger)
    shared = ScenarioFactory(visibility=Scenario.Visibility.SHARED)
    ok = stranger_client.get(COMPARE, {"ids": f"{mine.pk},{shared.pk}"})
    assert ok.status_code == 200
    for ids in (f"{mine.pk},{scenario.pk}", f"{mine.pk},{scenario.pk + 999}", f"{mine.pk},{shared.pk}v9"):
        response = stranger_client.get(COMPARE, {"ids": ids})
        assert response.status_code == 404
        assert scenario.name not in response.content.decode()
        assert stranger_client.get(reverse("scenarios:compare_csv"), {"ids": ids}).status_code == 404


def test_a_version_of_a_scenario_the_user_cannot_see_is_a_404(stranger_client, stranger, owner, scenario):
    from scenarios import services

    services.scenario_version_record(scenario=scenario, user=owner, message="secret")
    mine = ScenarioFactory(owner=stranger)
    response = stranger_client.get(COMPARE, {"ids": f"{mine.pk},{scenario.pk}v1"})
    assert response.status_code == 404


def test_years_read_as_years_and_a_fall_carries_the_one_minus_sign(owner_client, owner, three):
    plan, bear, _ = three
    Scenario.objects.filter(pk=bear.pk).update(first_year=plan.first_year + 1)
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bear.pk}"})
    rows = rows_by_key(response)
    assert rows["first_year"].kind == "year"
    html = response.content.decode()
    first_year_row = html[html.index('data-row="first_year"') :].split("</tr>")[0]
    # The plan starts in 2025 (factories.py) and the bear a year later: never "2,025", and "+1 yr".
    assert f'<span class="cell-value">{plan.first_year}</span>' in first_year_row
    assert f'<span class="cell-value">{plan.first_year + 1}</span>' in first_year_row
    assert '<span class="cell-diff">+1 yr</span>' in first_year_row
    # The bear's cumulative revenue is $181M below the plan's (see above): U+2212, not a hyphen.
    revenue_row = html[html.index('data-row="cumulative_revenue"') :].split("</tr>")[0]
    assert "\u2212$181.00M (\u221254.7%)" in revenue_row
    assert "-$" not in html
