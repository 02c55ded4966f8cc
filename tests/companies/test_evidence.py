"""The evidence class of the relationship behind each (component, supplier) pair."""

import pytest

from companies.evidence import evidence_class, evidence_classes
from modelling import evidence as coverage
from tests.companies.factories import (
    CarMakerFactory,
    CompanyFactory,
    ComponentCategoryFactory,
    SupplyRelationshipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "grade", "expected"),
    [
        ("established", "supplier", "disclosed"),
        ("established", "customer", "disclosed"),
        ("established", "both", "disclosed"),
        ("established", "press", "press"),
        ("established", "inferred", "potential"),
        ("potential", "both", "potential"),
        ("potential", "press", "potential"),
        ("ended", "both", "potential"),
        ("established", "", "potential"),
    ],
)
def test_only_established_supply_counts_as_disclosed_or_reported(status, grade, expected):
    assert evidence_class(status, grade) == expected


def test_each_pair_gets_its_own_relationships_class_in_one_query(django_assert_num_queries):
    customer = CarMakerFactory()
    battery, display, memory = ComponentCategoryFactory.create_batch(3)
    sdi, lg, samsung_display = CompanyFactory.create_batch(3)
    SupplyRelationshipFactory(
        supplier=sdi, customer=customer, component=battery, status="established", evidence="both"
    )
    SupplyRelationshipFactory(
        supplier=samsung_display, customer=customer, component=display, status="established", evidence="press"
    )
    # The same supplier and component, but to another customer or for phones: no help here.
    SupplyRelationshipFactory(supplier=lg, component=battery, status="established", evidence="both")
    SupplyRelationshipFactory(
        supplier=sdi,
        customer=customer,
        component=memory,
        segment="smartphone",
        status="established",
        evidence="supplier",
    )
    pairs = [(battery, sdi), (display.pk, samsung_display.pk), (battery, lg), (memory, sdi)]
    with django_assert_num_queries(1):
        classes = evidence_classes(customer=customer, pairs=pairs)
    assert classes == {
        (battery.pk, sdi.pk): coverage.DISCLOSED,
        (display.pk, samsung_display.pk): coverage.PRESS,
        (battery.pk, lg.pk): coverage.POTENTIAL,
        (memory.pk, sdi.pk): coverage.POTENTIAL,
    }


def test_no_pairs_ask_nothing_of_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert evidence_classes(customer=CarMakerFactory.build(pk=1), pairs=[]) == {}
