import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from companies.models import Company, ComponentCategory, Fact, Source, SupplyRelationship
from modelling import snapshots
from ops.demo import AMBITIOUS_NAME, BYD_NAME, PIPELINE_NAME
from pipelines.models import Deal, DealCase, Pipeline, PipelineShare
from scenarios import selectors
from scenarios.models import ComponentLine, Scenario, ScenarioVersion

pytestmark = pytest.mark.django_db

MODELS = [
    Source,
    Company,
    ComponentCategory,
    SupplyRelationship,
    Fact,
    Scenario,
    ComponentLine,
    Pipeline,
    Deal,
    DealCase,
    PipelineShare,
    get_user_model(),
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seeding_twice_leaves_the_same_rows(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    # The demo pipeline is shared with no one by name, so it seeds no PipelineShare rows.
    assert all(count for name, count in first.items() if name != "PipelineShare"), first
    assert (first["Pipeline"], first["Deal"], first["DealCase"]) == (1, 2, 4)
    assert "demo / partnership-demo" in capsys.readouterr().out


def test_seeding_again_keeps_staff_edits(seeded):
    battery = ComponentCategory.objects.get(slug="battery")
    battery.default_value_usd = 7000
    battery.save()
    call_command("seed_demo")
    battery.refresh_from_db()
    assert battery.default_value_usd == 7000


def test_the_article_relationships_are_there(seeded):
    def exists(supplier, component, segment, status):
        return SupplyRelationship.objects.filter(
            supplier__slug=supplier,
            customer__slug="xiaomi",
            component__slug=component,
            segment=segment,
            status=status,
        ).exists()

    # Established smartphone supply: memory, NAND, OLED.
    assert exists("samsung-electronics", "memory", "smartphone", "established")
    assert exists("samsung-electronics", "storage", "smartphone", "established")
    assert exists("samsung-display", "display", "smartphone", "established")
    # Potential EV supply: SDI batteries, displays, AI chips, Harman infotainment.
    assert exists("samsung-sdi", "battery", "ev", "potential")
    assert exists("samsung-display", "display", "ev", "potential")
    assert exists("samsung-electronics", "compute", "ev", "potential")
    assert exists("harman", "infotainment", "ev", "potential")
    # Xiaomi's current battery suppliers.
    assert exists("findreams", "battery", "ev", "established")
    assert exists("catl", "battery", "ev", "established")


def test_samsung_affiliates_belong_to_the_group(seeded):
    affiliates = set(Company.objects.filter(parent__slug="samsung").values_list("name", flat=True))
    assert affiliates == {
        "Samsung Electronics",
        "Samsung SDI",
        "Samsung Display",
        "Samsung Electro-Mechanics",
        "Harman International",
    }


def test_the_article_figures_cite_the_article(seeded):
    article_facts = Fact.objects.filter(source__publisher="Founding article")
    values = {(f.metric, f.year): f.value for f in article_facts}
    # The article gives the SU7's first year on sale, not a calendar year.
    assert values[("ev_deliveries_first_year", None)] == 137_000
    assert values[("ev_revenue_first_year", None)] == 4_500_000_000
    assert values[("ev_deliveries", 2025)] == 350_000
    assert ("global_expansion", 2027) in values
    assert values[("ev_component_coverage", None)] == 60
    assert values[("ev_market_size", None)] == 800_000_000_000


def test_later_actuals_are_seeded_as_actuals(seeded):
    deliveries = Fact.objects.filter(company__slug="xiaomi", metric="ev_deliveries", kind="actual")
    assert {(f.year, f.value) for f in deliveries} == {(2024, 136_854), (2025, 410_000)}


def test_every_category_value_is_sourced_or_flagged(seeded):
    for category in ComponentCategory.objects.all():
        assert category.default_value_is_assumption or category.default_value_source_id, category
        assert category.default_value_basis, category
    battery = ComponentCategory.objects.get(slug="battery")
    # 73.6 kWh x $84/kWh = $6,182.40, rounded to the $6,200 DATA.md gives.
    assert battery.default_value_usd == 6200 and battery.default_value_is_assumption
    # $492M / 1.64M panels = $300: worked out from a published figure, so derived, and cited.
    display = ComponentCategory.objects.get(slug="display")
    assert (
        display.default_value_kind == "derived" and display.default_value_source.publisher == "Display Daily"
    )


def test_demo_logins_exist_and_only_staff_reaches_the_admin(seeded):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["demo"].check_password("partnership-demo") and not users["demo"].is_staff
    assert users["staff"].check_password("partnership-staff") and users["staff"].is_staff


def test_every_seeded_version_records_its_scenario_exactly_as_stored(seeded):
    versions = ScenarioVersion.objects.select_related("scenario")
    # One for each example scenario: the two, the baseline's bear and bull cases, and BYD.
    assert versions.count() == 5
    for version in versions:
        scenario = Scenario.objects.get(pk=version.scenario_id)
        assert scenario.version == version.number
        assert snapshots.take(scenario, selectors.lines_of(scenario)) == version.inputs
    ambitious = versions.get(scenario__name=AMBITIOUS_NAME)
    # The demo sets a growth of Decimal("25"); the database holds it with its two places.
    assert ambitious.inputs["annual_growth_pct"] == "25.00"


def test_the_byd_scenario_is_the_analysts_and_the_demo_pipeline_uses_it(seeded):
    # The demo pipeline's owner and cases are held in tests/pipelines/test_pipeline_pages.py;
    # here, whose the BYD scenario is: the analyst's, and a case in the demo's pipeline.
    byd = Scenario.objects.get(name=BYD_NAME)
    assert byd.owner.username == "analyst" and byd.customer.slug == "byd"
    # Shared with everyone, which is how the demo user could add it to a pipeline.
    assert byd.is_shared
    pipeline = Pipeline.objects.get(name=PIPELINE_NAME)
    assert pipeline.owner.username == "demo"
    assert DealCase.objects.filter(deal__pipeline=pipeline, scenario=byd).count() == 1
