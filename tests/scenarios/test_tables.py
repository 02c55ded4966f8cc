"""The tables under a scenario's charts, on the scenario page, in the editor
and in the live preview's fragment: every number, formatted for people, and
every name escaped."""

import pytest
from django.urls import reverse

from tests.companies.factories import CompanyFactory
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory

pytestmark = pytest.mark.django_db


def one_component(owner, component_name="Battery", supplier="Samsung SDI"):
    # 100,000 vehicles growing 10%: 100,000, 110,000. One component worth $1,000 a
    # vehicle, price flat, 50% share from the first year.
    scenario = ScenarioFactory(owner=owner, first_year=2025, horizon_years=2)
    ComponentLineFactory(
        scenario=scenario,
        category__name=component_name,
        supplier=CompanyFactory(parent=scenario.supplier_group, name=supplier),
    )
    return scenario


def page(client, scenario, where):
    """The HTML holding the tables: the scenario page, the editor, or the fragment
    the live preview swaps in."""
    if where == "preview":
        response = client.post(
            reverse("scenarios:preview", args=[scenario.pk]),
            editor_post_data(scenario),
            HTTP_HX_REQUEST="true",
        )
    else:
        response = client.get(reverse(f"scenarios:{where}", args=[scenario.pk]))
    assert response.status_code == 200
    return response.content.decode()


WHERE = ["detail", "edit", "preview"]


@pytest.mark.parametrize("where", WHERE)
def test_component_table_has_every_year_and_the_totals(owner_client, owner, where):
    html = page(owner_client, one_component(owner), where)
    # Revenue: 100,000 x 1,000 x 50% = $50.00M, then 110,000 x 1,000 x 50% = $55.00M; total $105.00M.
    assert '<caption class="small muted">Revenue in US dollars by component and year.</caption>' in html
    assert '<th scope="col" class="num">2025</th><th scope="col" class="num">2026</th>' in html
    assert (
        '<tr><th scope="row">Battery</th><td class="num">$50.00M</td><td class="num">$55.00M</td>'
        '<td class="num">$105.00M</td></tr>'
    ) in html
    assert (
        '<tfoot><tr><th scope="row">Total</th><td class="num">$50.00M</td><td class="num">$55.00M</td>'
        '<td class="num">$105.00M</td></tr></tfoot>'
    ) in html


@pytest.mark.parametrize("where", WHERE)
def test_year_table_has_volume_addressable_revenue_cumulative_and_capture(owner_client, owner, where):
    html = page(owner_client, one_component(owner), where)
    # 2026: 110,000 vehicles, addressable 110,000 x $1,000 = $110.00M, revenue $55.00M,
    # cumulative 50 + 55 = $105.00M, capture 55 / 110 = 50.0%.
    assert (
        '<tr><th scope="row">2026</th><td class="num">110,000</td><td class="num">$110.00M</td>'
        '<td class="num">$55.00M</td><td class="num">$105.00M</td><td class="num">50.0%</td></tr>'
    ) in html


def test_the_scenario_page_also_shows_the_year_table_on_its_own(owner_client, owner):
    html = page(owner_client, one_component(owner), "detail")
    # Once under the volume chart, once under "Year by year".
    assert html.count('<caption class="small muted">US dollars; vehicles per year.</caption>') == 2


@pytest.mark.parametrize("where", WHERE)
def test_affiliate_table_sums_each_supplier(owner_client, owner, where):
    html = page(owner_client, one_component(owner), where)
    assert '<tr><th scope="row">Samsung SDI</th><td class="num">$105.00M</td></tr>' in html


@pytest.mark.parametrize("where", WHERE)
def test_names_are_escaped(owner_client, owner, where):
    html = page(owner_client, one_component(owner, "<script>x</script>", 'A & B "Parts"'), where)
    assert "<script>x</script>" not in html
    assert '<th scope="row">&lt;script&gt;x&lt;/script&gt;</th><td class="num">$50.00M</td>' in html
    assert '<th scope="row">A &amp; B &quot;Parts&quot;</th><td class="num">$105.00M</td>' in html
