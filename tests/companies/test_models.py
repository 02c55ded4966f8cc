import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from companies.models import Company, SupplyRelationship
from core.formatting import format_money, format_quantity
from tests.companies.factories import (
    CompanyFactory,
    ComponentCategoryFactory,
    FactFactory,
    GroupFactory,
    SourceFactory,
    SupplyRelationshipFactory,
)

pytestmark = pytest.mark.django_db


def test_a_company_cannot_supply_itself():
    company = CompanyFactory()
    relationship = SupplyRelationshipFactory.build(
        supplier=company, customer=company, component=ComponentCategoryFactory(), source=SourceFactory()
    )
    with pytest.raises(ValidationError) as raised:
        relationship.full_clean()
    assert "A company cannot supply itself." in str(raised.value)


def test_the_database_also_refuses_self_supply():
    company = CompanyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SupplyRelationshipFactory(supplier=company, customer=company)


def test_the_same_supplier_customer_component_and_segment_appear_once():
    existing = SupplyRelationshipFactory()
    duplicate = SupplyRelationship(
        supplier=existing.supplier,
        customer=existing.customer,
        component=existing.component,
        segment=existing.segment,
        status=SupplyRelationship.Status.ESTABLISHED,
        source=existing.source,
    )
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert "already supplies this customer" in str(raised.value)


def test_the_same_pair_may_trade_the_same_component_in_another_segment():
    existing = SupplyRelationshipFactory(segment="ev")
    other_segment = SupplyRelationship(
        supplier=existing.supplier,
        customer=existing.customer,
        component=existing.component,
        segment="smartphone",
        status=SupplyRelationship.Status.ESTABLISHED,
        source=existing.source,
    )
    other_segment.full_clean()  # does not raise


def test_a_negative_default_content_value_is_refused():
    category = ComponentCategoryFactory.build(
        default_value_usd=Decimal("-1"), default_value_source=SourceFactory()
    )
    with pytest.raises(ValidationError) as raised:
        category.full_clean()
    assert "default_value_usd" in raised.value.message_dict


@pytest.mark.parametrize("kind", ["sourced", "derived"])
def test_a_sourced_or_derived_default_value_needs_a_source(kind):
    unsourced = ComponentCategoryFactory.build(default_value_source=None, default_value_kind=kind)
    with pytest.raises(ValidationError) as raised:
        unsourced.full_clean()
    assert raised.value.message_dict["default_value_source"] == [
        "Cite a source, or mark the value as an assumption."
    ]


def test_an_assumed_default_value_needs_no_source():
    assumption = ComponentCategoryFactory.build(default_value_source=None, default_value_kind="assumption")
    assumption.full_clean()  # does not raise
    assert assumption.default_value_is_assumption


def test_a_derived_default_value_shows_its_calculation():
    derived = ComponentCategoryFactory.build(
        default_value_source=SourceFactory(), default_value_kind="derived", default_value_basis=" "
    )
    with pytest.raises(ValidationError) as raised:
        derived.full_clean()
    assert raised.value.message_dict["default_value_basis"] == [
        "Show the calculation a derived value comes from."
    ]
    assert not derived.default_value_is_assumption


def test_the_database_refuses_an_uncited_value_that_is_not_an_assumption():
    with pytest.raises(IntegrityError), transaction.atomic():
        ComponentCategoryFactory(default_value_source=None, default_value_kind="derived")


def test_a_source_cannot_be_published_in_the_future():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        SourceFactory.build(published_on=tomorrow).full_clean()
    assert raised.value.message_dict["published_on"] == ["A source cannot be published in the future."]
    SourceFactory.build(published_on=timezone.localdate()).full_clean()  # today is fine


def test_a_company_cannot_be_its_own_parent_or_make_a_loop():
    group = GroupFactory()
    affiliate = CompanyFactory(parent=group)
    group.parent = affiliate
    with pytest.raises(ValidationError) as raised:
        group.full_clean()
    assert "loop" in str(raised.value)
    affiliate.parent = affiliate
    with pytest.raises(ValidationError):
        affiliate.full_clean()


def test_a_relationship_nobody_has_graded_counts_as_inferred():
    relationship = SupplyRelationshipFactory()
    assert relationship.evidence == SupplyRelationship.Evidence.INFERRED and relationship.is_inferred


def test_only_the_parties_own_word_counts_as_disclosed():
    disclosed = {grade for grade in SupplyRelationship.Evidence if grade.is_disclosed}
    assert disclosed == {"supplier", "customer", "both"}


def test_a_fact_shows_the_period_its_source_states_in_place_of_a_year():
    assert FactFactory.build(year=None, period="first year on sale").when == "first year on sale"
    assert FactFactory.build(year=2024, period="").when == 2024
    assert FactFactory.build(year=None, period="").when is None


def test_in_group_returns_the_group_and_its_affiliates_only():
    group = GroupFactory(name="Samsung Group")
    members = {group, CompanyFactory(parent=group), CompanyFactory(parent=group)}
    CompanyFactory()  # an outsider
    assert set(Company.objects.in_group(group)) == members


def test_source_citation_names_publisher_date_and_title():
    source = SourceFactory.build(
        title="A headline", publisher="Wire", published_on=datetime.date(2025, 3, 24)
    )
    assert source.citation == "Wire, 2025-03-24, “A headline”"


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [
        (Decimal("137000"), "vehicles", "", "137,000 vehicles"),
        (Decimal("4500000000"), "USD", "", "$4.50B"),
        (Decimal("800000000000"), "USD", "about", "about $800.00B"),
        (Decimal("32100000000"), "CNY", "", "¥32.10B"),
        (Decimal("60.00"), "%", "nearly", "nearly 60%"),
    ],
)
def test_fact_values_are_shown_for_people(value, unit, qualifier, shown):
    assert FactFactory.build(value=value, unit=unit, qualifier=qualifier).display_value == shown


def test_a_fact_without_a_value_reads_as_a_target_year():
    assert FactFactory.build(value=None, year=2027).display_value == "by 2027"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "$0"),
        (6200, "$6,200"),
        (1_234_567, "$1.23M"),
        (1_230_000_000, "$1.23B"),
        (-2_500_000_000, "\u2212$2.50B"),
        (2.5e12, "$2.50T"),
        (None, "—"),
    ],
)
def test_money_is_formatted_short(amount, shown):
    assert format_money(amount) == shown


def test_quantities_keep_their_unit():
    assert format_quantity(Decimal("350000"), "vehicles") == "350,000 vehicles"
    assert format_quantity(Decimal("2.50"), "kWh") == "2.50 kWh"
