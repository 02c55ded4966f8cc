"""The partial that shows how much of a projection rests on known supply."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from companies.models import SupplyRelationship
from modelling import evidence as coverage
from tests.companies.factories import SourceFactory, SupplyRelationshipFactory


def test_the_coverage_partial_lists_each_class_with_its_revenue_and_share():
    result = coverage.coverage(
        {"battery": 750_000_000.0, "display": 250_000_000.0}, {"battery": "disclosed", "display": "press"}
    )
    html = render_to_string("scenarios/_evidence_coverage.html", {"coverage": result})
    assert '<span class="tag tag-disclosed">Established and disclosed</span>' in html
    # $750M of $1B: 75.0%, and a meter at 0.75 (no inline style).
    assert '<td class="num">$750.00M</td>' in html and '<td class="num">75.0%</td>' in html
    assert '<meter min="0" max="1" value="0.7500"' in html
    assert '<td class="num">$0</td>' in html  # nothing potential
    assert '<td class="num">$1.00B</td>' in html
    assert "style=" not in html


def disclosed_row(client, scenario):
    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()
    table = page.split('class="table evidence-coverage"')[1].split("</table>")[0]
    return table.split("<tbody>")[1].split("</tr>")[0]


@pytest.mark.django_db
def test_a_relationship_changed_in_the_admin_shows_on_the_cached_scenario_page(owner_client, scenario):
    # The page is cached per version; a relationship's grade is reference data, so a
    # change to it must retire the cached page. Battery and display earn the same:
    # half of the revenue rests on the battery once its supply is disclosed.
    assert '<td class="num">0.0%</td>' in disclosed_row(owner_client, scenario)
    line = scenario.lines.get(category__slug="battery")
    source = SourceFactory()
    relationship = SupplyRelationshipFactory(
        source=source,
        supplier=line.supplier,
        customer=scenario.customer,
        component=line.category,
        status=SupplyRelationship.Status.ESTABLISHED,
        evidence=SupplyRelationship.Evidence.SUPPLIER,
    )
    assert '<td class="num">50.0%</td>' in disclosed_row(owner_client, scenario)
    relationship.evidence = SupplyRelationship.Evidence.INFERRED
    relationship.save()
    assert '<td class="num">0.0%</td>' in disclosed_row(owner_client, scenario)
