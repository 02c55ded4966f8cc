import factory
from factory.django import DjangoModelFactory

from companies.models import Company, ComponentCategory, Fact, Segment, Source, SupplyRelationship


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Test Wire"


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = Company.Kind.SUPPLIER
    country = "South Korea"


class GroupFactory(CompanyFactory):
    kind = Company.Kind.GROUP


class CarMakerFactory(CompanyFactory):
    kind = Company.Kind.CAR_MAKER
    country = "China"


class ComponentCategoryFactory(DjangoModelFactory):
    class Meta:
        model = ComponentCategory

    name = factory.Sequence(lambda n: f"Component {n}")
    slug = factory.Sequence(lambda n: f"component-{n}")
    order = factory.Sequence(lambda n: n)
    default_value_usd = 1000
    default_annual_price_change_pct = 0
    default_value_kind = ComponentCategory.ValueKind.SOURCED
    default_value_source = factory.SubFactory(SourceFactory)
    default_value_basis = "Test basis."


class SupplyRelationshipFactory(DjangoModelFactory):
    class Meta:
        model = SupplyRelationship

    supplier = factory.SubFactory(CompanyFactory)
    customer = factory.SubFactory(CarMakerFactory)
    component = factory.SubFactory(ComponentCategoryFactory)
    segment = Segment.EV
    status = SupplyRelationship.Status.POTENTIAL
    source = factory.SubFactory(SourceFactory)


class FactFactory(DjangoModelFactory):
    class Meta:
        model = Fact

    company = factory.SubFactory(CarMakerFactory)
    metric = "ev_deliveries"
    label = "EV deliveries"
    value = 100_000
    unit = "vehicles"
    year = 2024
    kind = Fact.Kind.ACTUAL
    source = factory.SubFactory(SourceFactory)
