"""The footer's line on money says what the page above it shows: US dollars for a
scenario that reports in them; for one that reports in won, which figures are
dollars and which are won; dollars on the comparison, whatever each scenario
reports in; on a company's page, the currency of each source's figure."""

import re

import pytest
from django.urls import reverse

from scenarios import services
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory

pytestmark = pytest.mark.django_db


def footer(response):
    assert response.status_code == 200
    html = response.content.decode()
    text = re.search(r"<footer[^>]*>(.*?)</footer>", html, re.DOTALL).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def kpi(response, name):
    html = response.content.decode()
    return re.search(rf'data-kpi="{name}">([^<]*)<', html).group(1)


def url(name, scenario):
    return reverse(f"scenarios:{name}", args=[scenario.pk])


@pytest.fixture
def in_won(owner):
    """The owner's scenario, reporting in South Korean won."""
    scenario = ScenarioFactory(owner=owner, name="In won", reporting_currency="KRW")
    ComponentLineFactory(scenario=scenario, category__name="Motor", category__slug="motor")
    return scenario


@pytest.mark.parametrize("page", ["detail", "edit", "analysis"])
def test_a_dollar_scenarios_pages_say_money_is_in_us_dollars(owner_client, scenario, page):
    response = owner_client.get(url(page, scenario))
    assert "Money in US dollars." in footer(response)
    assert "won" not in footer(response)


@pytest.mark.parametrize("page", ["detail", "edit"])
def test_a_won_scenarios_page_says_which_figures_are_dollars_and_which_won(owner_client, in_won, page):
    response = owner_client.get(url(page, in_won))
    note = footer(response)
    assert (
        "Revenue and content values in US dollars; NPV, EBIT, cash flow and the value tables "
        "in South Korean won, converted at the scenario's exchange rates."
    ) in note
    assert "KRW:" not in note  # the currency named in words, not as a form's choice label
    # As the page shows them: revenue in dollars, NPV and EBIT in won.
    assert kpi(response, "cumulative").startswith("$")
    assert kpi(response, "npv").lstrip("−").startswith("₩")


def test_a_won_scenarios_analysis_says_all_its_money_is_in_won(owner_client, in_won):
    note = footer(owner_client.get(url("analysis", in_won)))
    assert "Money in South Korean won, converted from US dollars at the scenario's exchange rates." in note


def test_a_won_scenario_opened_by_its_share_link_names_won(client, owner, in_won):
    link = services.share_link_create(scenario=in_won, created_by=owner)
    note = footer(client.get(reverse("public:detail", args=[link.token])))
    assert "in South Korean won" in note


def test_the_comparison_says_its_money_is_in_dollars_whatever_each_reports_in(owner_client, scenario, in_won):
    response = owner_client.get(reverse("scenarios:compare"), {"ids": f"{scenario.pk},{in_won.pk}"})
    assert footer(response).endswith(
        "Money in US dollars, whatever each scenario reports in, so the figures compare; a bridge "
        "between two that report in the same other currency is in that currency, as its caption says."
    )
    # What it shows: the value rows are labelled as dollars, and no amount is in won.
    html = response.content.decode()
    assert "NPV (US dollars)" in html
    assert "₩" not in html.split("<footer")[0]


def test_a_company_page_says_each_figure_is_in_its_sources_currency(owner_client, seeded):
    response = owner_client.get(reverse("companies:detail", args=["xiaomi"]))
    note = footer(response)
    assert "Each figure is in the currency its source reports it in" in note
    assert "¥ Chinese yuan" in note
    assert "Money in US dollars unless" not in note
    # Xiaomi's EV revenue is reported in yuan, and shown with the sign the note explains.
    assert "¥32.10B" in response.content.decode()


def test_pages_without_a_scenario_keep_the_general_line(owner_client, seeded):
    note = footer(owner_client.get(reverse("companies:list")))
    assert "Money in US dollars unless a figure names another currency." in note
