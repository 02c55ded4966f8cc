from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from scenarios.models import ComponentLine, Scenario
from tests.companies.factories import CarMakerFactory, CompanyFactory, ComponentCategoryFactory, GroupFactory


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class ScenarioFactory(DjangoModelFactory):
    class Meta:
        model = Scenario

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Scenario {n}")
    customer = factory.SubFactory(CarMakerFactory)
    supplier_group = factory.SubFactory(GroupFactory)
    first_year = 2025
    horizon_years = 3
    first_year_volume = 100_000
    annual_growth_pct = Decimal("10")


class ComponentLineFactory(DjangoModelFactory):
    class Meta:
        model = ComponentLine

    scenario = factory.SubFactory(ScenarioFactory)
    category = factory.SubFactory(ComponentCategoryFactory)
    supplier = factory.LazyAttribute(
        lambda o: CompanyFactory(
            parent=o.scenario.supplier_group, name=f"{o.scenario.supplier_group.name} Parts"
        )
    )
    content_value_usd = Decimal("1000")
    annual_price_change_pct = Decimal("0")
    share_pct = Decimal("50")
    supply_start_year = 2025
    upfront_year = factory.LazyAttribute(lambda o: o.scenario.first_year)
