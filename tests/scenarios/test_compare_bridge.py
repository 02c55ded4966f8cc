"""The compare page's bridge: the reference to each other scenario, step by step."""

import math
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from scenarios import services
from scenarios.models import ComponentLine, Scenario
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("scenarios:compare")


@pytest.fixture
def three(owner, scenario):
    """Owner's plan (see conftest: 100,000 vehicles +10% a year for 2025-2027, battery and
    display at $1,000 and 50%), one twice as big with the whole battery, and one with a camera."""
    bigger = ScenarioFactory(owner=owner, name="Bigger", first_year_volume=200_000)
    camera = ScenarioFactory(owner=owner, name="With a camera")
    for line in scenario.lines.select_related("category"):
        share = Decimal(100 if line.category.slug == "battery" else 50)
        ComponentLineFactory(scenario=bigger, category=line.category, supplier=line.supplier, share_pct=share)
        ComponentLineFactory(scenario=camera, category=line.category, supplier=line.supplier)
    ComponentLineFactory(
        scenario=camera, category__name="Camera", category__slug="camera", content_value_usd=Decimal("500")
    )
    return scenario, bigger, camera


def steps(pair):
    return {step.key: step.amount for step in pair.bridge.steps}


def test_the_bridge_takes_the_reference_to_each_other_scenario(owner_client, three):
    plan, bigger, camera = three
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bigger.pk},{camera.pk}"})
    assert response.status_code == 200
    section = response.context["bridge"]
    assert section.metric == "revenue" and section.year is None and section.error == ""
    to_bigger, to_camera = section.pairs
    assert (to_bigger.reference, to_bigger.other) == ("Owner's plan", "Bigger")
    # Plan: 331,000 vehicles over three years x $1,000 x 50% x 2 lines = $331M.
    # Bigger: 662,000 vehicles; battery at 100% = $662M, display at 50% = $331M: $993M.
    # Battery (volume and share both doubled, each gets half the cross term):
    #   volume = 331,000 x $1,000 x (0.5 + 1)/2 = $248.25M; share = 0.5 x $1,000 x (331,000 + 662,000)/2
    #   = $248.25M. Display: volume only, 331,000 x $1,000 x 0.5 = $165.5M.
    # Volume $413.75M + share $248.25M = $662M = $993M - $331M.
    assert (to_bigger.bridge.start, to_bigger.bridge.end) == pytest.approx((331e6, 993e6))
    assert steps(to_bigger) == pytest.approx({"volume": 413.75e6, "share": 248.25e6})
    # The camera: 331,000 x $500 x 50% = $82.75M, all new content.
    assert steps(to_camera) == pytest.approx({"content": 82.75e6})
    html = response.content.decode()
    assert 'id="bridge"' in html
    for chart in ("chart-bridge-1", "chart-bridge-2"):
        assert f'id="{chart}"' in html and f'id="{chart}-data"' in html
    assert '"type": "waterfall"' in html
    assert "Cumulative revenue from Owner&#x27;s plan to Bigger, US dollars." in html
    assert "+$413.75M" in html and "+$248.25M" in html and "$993.00M" in html


def test_the_steps_add_up_to_the_difference_the_page_shows(owner_client, three):
    plan, bigger, camera = three
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bigger.pk},{camera.pk}", "bridge": "npv"})
    section = response.context["bridge"]
    assert section.metric == "npv"
    html = response.content.decode()
    for pair, item in zip(section.pairs, response.context["items"][1:], strict=True):
        reference = response.context["items"][0].projection.value.npv
        assert pair.bridge.start == reference and pair.bridge.end == item.projection.value.npv
        assert math.fsum(step.amount for step in pair.bridge.steps) == pytest.approx(
            pair.bridge.end - pair.bridge.start, rel=1e-9, abs=1e-6
        )
    # And in the tables' own numbers: start, steps, end for each pair.
    tables = re.findall(r'<table class="table table-numbers bridge-table">(.*?)</table>', html, re.S)
    assert len(tables) == 2
    for table in tables:
        start, *moves, end = (float(amount) for amount in re.findall(r'data-amount="([^"]+)"', table))
        assert start + math.fsum(moves) == pytest.approx(end, rel=1e-9, abs=1e-6)


def test_a_single_year_is_bridged_on_request(owner_client, three):
    plan, bigger, _ = three
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bigger.pk}", "bridge_year": "2026"})
    (pair,) = response.context["bridge"].pairs
    # 2026: 110,000 -> 220,000 vehicles; plan $110M, bigger $220M + $110M = $330M.
    # Battery: volume 110,000 x $1,000 x 0.75 = $82.5M, share the same; display volume $55M.
    assert pair.bridge.year == 2026 and pair.bridge.title == "Revenue in 2026"
    assert (pair.bridge.start, pair.bridge.end) == pytest.approx((110e6, 330e6))
    assert steps(pair) == pytest.approx({"volume": 137.5e6, "share": 82.5e6})
    assert 'value="2026" selected' in response.content.decode()


def test_the_rate_is_a_step_when_both_report_in_one_currency(owner_client, three):
    plan, bigger, _ = three
    Scenario.objects.filter(pk=plan.pk).update(reporting_currency="KRW", fx_rates={"2025": "1000"})
    Scenario.objects.filter(pk=bigger.pk).update(reporting_currency="KRW", fx_rates={"2025": "1200"})
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bigger.pk}"})
    (pair,) = response.context["bridge"].pairs
    assert pair.bridge.currency == "KRW" and pair.currency_name == "South Korean won"
    assert list(steps(pair)) == ["volume", "share", "fx"]
    assert math.fsum(steps(pair).values()) == pytest.approx(pair.bridge.end - pair.bridge.start)
    html = response.content.decode()
    assert "South Korean won." in html and "₩" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"bridge": "profit"}, "“profit” is not something to bridge: pick revenue, EBIT or NPV."),
        ({"bridge_year": "soon"}, "“soon” is not a year."),
        ({"bridge_year": "9" * 30}, "is not a year."),
        ({"bridge_year": "1999"}, "1999 is outside the years a scenario can have (2000–2100)."),
        ({"bridge": "ebit", "bridge_year": "2040"}, "No scenario compared projects 2040"),
    ],
)
def test_a_bad_bridge_request_says_why_and_the_rest_of_the_page_stands(owner_client, three, query, message):
    plan, bigger, _ = three
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bigger.pk}", **query})
    assert response.status_code == 200
    assert response.context["bridge"].pairs == ()
    html = response.content.decode()
    assert message in html
    assert 'id="chart-total"' in html  # the comparison itself is still there


def test_the_bridge_costs_no_queries(owner_client, three, django_assert_num_queries):
    plan, bigger, camera = three
    # session, user, the scenarios, their lines, the picker's candidates: as without the bridge
    with django_assert_num_queries(5):
        response = owner_client.get(COMPARE, {"ids": f"{plan.pk},{bigger.pk},{camera.pk}", "bridge": "npv"})
    assert len(response.context["bridge"].pairs) == 2


def test_the_bridge_parameters_stay_in_the_pages_address(owner_client, three):
    plan, bigger, camera = three
    response = owner_client.get(COMPARE, {"ids": f"{plan.pk}", "add": f"{bigger.pk}", "bridge": "npv"})
    assert response.url == f"{COMPARE}?ids={plan.pk},{bigger.pk}&bridge=npv"
    page = owner_client.get(response.url).content.decode()
    assert '<input type="hidden" name="bridge" value="npv">' in page  # the add picker keeps it


def test_history_bridges_a_version_to_the_current_scenario(owner_client, owner, scenario):
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    ComponentLine.objects.filter(scenario=scenario, category__slug="battery").update(share_pct=Decimal("80"))
    Scenario.objects.filter(pk=scenario.pk).update(version=2)
    history = owner_client.get(reverse("scenarios:history", args=[scenario.pk])).content.decode()
    link = f"{COMPARE}?ids={scenario.pk}v1,{scenario.pk}#bridge"
    assert f'href="{link}">Bridge to current</a>' in history
    response = owner_client.get(link.split("#")[0])
    (pair,) = response.context["bridge"].pairs
    assert (pair.reference, pair.other) == ("Owner's plan (v1)", "Owner's plan")
    # The battery from 50% to 80% of 331,000 x $1,000: + $99.3M, all share.
    assert steps(pair) == pytest.approx({"share": 99.3e6})


def test_another_users_private_scenario_is_still_refused(stranger_client, stranger, scenario):
    mine = ScenarioFactory(owner=stranger)
    ComponentLineFactory(scenario=mine)
    for query in ({"bridge": "npv"}, {"bridge": "revenue", "bridge_year": "2026"}):
        response = stranger_client.get(COMPARE, {"ids": f"{mine.pk},{scenario.pk}", **query})
        assert response.status_code == 404
        assert scenario.name not in response.content.decode()
        assert "chart-bridge" not in response.content.decode()
