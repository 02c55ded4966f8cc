"""Each seeded relationship and figure says no more than its source does: the grade
of evidence, the since-year and the period are the ones the cited source supports."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from companies.models import Company, ComponentCategory, Fact, Source, SupplyRelationship
from ops.seed import seed_reference_data

pytestmark = pytest.mark.django_db

ARTICLE = "Founding article"
INVESTOR = "The Investor (Korea Herald)"

# (supplier, customer, component, segment) -> (status, evidence, since year, source publisher)
EXPECTED_RELATIONSHIPS = {
    # The article: Samsung already supplies Xiaomi's phones with memory, NAND and OLED.
    ("samsung-electronics", "xiaomi", "memory", "smartphone"): ("established", "press", None, ARTICLE),
    ("samsung-electronics", "xiaomi", "storage", "smartphone"): ("established", "press", None, ARTICLE),
    ("samsung-display", "xiaomi", "display", "smartphone"): ("established", "press", None, ARTICLE),
    # The article: SDI batteries, automotive displays, AI chips and Harman infotainment for EVs.
    ("samsung-sdi", "xiaomi", "battery", "ev"): ("potential", "press", None, ARTICLE),
    ("samsung-display", "xiaomi", "display", "ev"): ("potential", "press", None, ARTICLE),
    ("samsung-electronics", "xiaomi", "compute", "ev"): ("potential", "press", None, ARTICLE),
    ("harman", "xiaomi", "infotainment", "ev"): ("potential", "press", None, ARTICLE),
    # The article names memory and NAND only for phones: for EVs they are inferences.
    ("samsung-electronics", "xiaomi", "memory", "ev"): ("potential", "inferred", None, ARTICLE),
    ("samsung-electronics", "xiaomi", "storage", "ev"): ("potential", "inferred", None, ARTICLE),
    # The tear-down and the chip article give no year the supply began.
    ("findreams", "xiaomi", "battery", "ev"): ("established", "press", None, "vehiclethermal.com"),
    ("catl", "xiaomi", "battery", "ev"): ("established", "press", None, "vehiclethermal.com"),
    ("qualcomm", "xiaomi", "compute", "ev"): ("established", "press", None, "topcomponents.net"),
    ("nvidia", "xiaomi", "compute", "ev"): ("established", "press", None, "topcomponents.net"),
    # The article: Google moved Tensor G5 to TSMC, in no stated year.
    ("samsung-electronics", "google", "compute", "smartphone"): ("ended", "press", None, ARTICLE),
    ("tsmc", "google", "compute", "smartphone"): ("established", "press", None, ARTICLE),
    # Named as potential areas of cooperation at BYD on 24 March 2025.
    ("harman", "byd", "infotainment", "ev"): ("potential", "press", None, INVESTOR),
    ("samsung-display", "byd", "display", "ev"): ("potential", "press", None, INVESTOR),
    ("samsung-electro-mechanics", "byd", "mlcc", "ev"): ("potential", "press", None, INVESTOR),
}

# (company, metric, year, period) -> (value, unit, source publisher)
EXPECTED_FACTS = {
    ("xiaomi", "ev_deliveries_first_year", None, "first year on sale"): ("137000", "vehicles", ARTICLE),
    ("xiaomi", "ev_revenue_first_year", None, "first year on sale"): ("4500000000", "USD", ARTICLE),
    ("byd", "vehicles_sold", 2024, ""): ("4270000", "vehicles", "chinaevhome.com"),
    ("byd", "revenue", 2024, ""): ("777100000000", "CNY", "chinaevhome.com"),
    ("byd", "revenue", 2023, ""): ("602300000000", "CNY", "Korea JoongAng Daily"),
    # 16,592,249 and 21,436,788 million won; 13.21 trillion won.
    ("samsung-sdi", "revenue", 2024, ""): ("16592249000000", "KRW", "stockanalysis.com"),
    ("samsung-sdi", "revenue", 2023, ""): ("21436788000000", "KRW", "stockanalysis.com"),
    ("harman", "revenue", 2022, ""): ("13210000000000", "KRW", "Korea Bizwire"),
}


def relationships():
    return {
        (r.supplier.slug, r.customer.slug, r.component.slug, r.segment): r
        for r in SupplyRelationship.objects.with_related()
    }


def test_every_seeded_relationship_carries_the_grade_and_year_its_source_supports(db):
    seed_reference_data()
    seeded = relationships()
    assert set(seeded) == set(EXPECTED_RELATIONSHIPS)
    for key, (status, evidence, since, publisher) in EXPECTED_RELATIONSHIPS.items():
        relationship = seeded[key]
        assert (relationship.status, relationship.evidence, relationship.since_year) == (
            status,
            evidence,
            since,
        ), key
        assert relationship.source.publisher == publisher, key


def test_an_inferred_relationship_says_why_and_quotes_only_its_source(db):
    seed_reference_data()
    storage = relationships()[("samsung-electronics", "xiaomi", "storage", "ev")]
    assert storage.notes.startswith("Inferred: the article names NAND flash only for Xiaomi's phones")
    assert "NAND flash storage" in storage.quote and storage.quote.endswith("for their smartphones")


def test_the_meetings_relationships_quote_what_was_named(db):
    seed_reference_data()
    seeded = relationships()
    assert seeded[("harman", "byd", "infotainment", "ev")].quote == "digital cockpits from Harman"
    mlcc = seeded[("samsung-electro-mechanics", "byd", "mlcc", "ev")]
    assert mlcc.quote == "multilayer ceramic capacitors from Samsung Electro-Mechanics"
    assert mlcc.source.address == "https://www.theinvestor.co.kr/article/10449861"


def test_every_seeded_fact_has_the_year_or_period_and_source_it_is_cited_for(db):
    seed_reference_data()
    for (company, metric, year, period), (value, unit, publisher) in EXPECTED_FACTS.items():
        fact = Fact.objects.select_related("source").get(
            company__slug=company, metric=metric, year=year, source__publisher=publisher
        )
        assert (fact.period, fact.value, fact.unit) == (period, Decimal(value), unit)
    # No first-year figure is pinned to a calendar year.
    assert not Fact.objects.filter(metric__endswith="_first_year", year__isnull=False).exists()


def test_samsung_electro_mechanics_is_a_samsung_affiliate_with_an_assumed_mlcc_value(db):
    seed_reference_data()
    assert Company.objects.get(slug="samsung-electro-mechanics").parent.slug == "samsung"
    mlcc = ComponentCategory.objects.get(slug="mlcc")
    # 10,000 MLCCs x $0.01 = $100, an assumption with its basis.
    assert mlcc.used_in_ev and mlcc.default_value_usd == 100
    assert mlcc.default_value_kind == "assumption" and "10,000 MLCCs" in mlcc.default_value_basis


def test_a_second_seed_changes_nothing_and_fills_in_a_blank_quote_or_period(db):
    seed_reference_data()
    storage = relationships()[("samsung-electronics", "xiaomi", "storage", "smartphone")]
    SupplyRelationship.objects.filter(pk=storage.pk).update(quote="")
    Fact.objects.filter(metric="ev_revenue_first_year").update(period="")
    assert seed_reference_data() == 0
    storage.refresh_from_db()
    assert storage.quote.startswith("Xiaomi relying on Samsung")
    assert Fact.objects.get(metric="ev_revenue_first_year").period == "first year on sale"


def test_a_second_seed_keeps_a_grade_and_quote_staff_set(db):
    seed_reference_data()
    harman = relationships()[("harman", "byd", "infotainment", "ev")]
    harman.evidence, harman.quote, harman.since_year = "both", "Both companies announced it.", 2026
    harman.save()
    seed_reference_data()
    harman.refresh_from_db()
    assert (harman.evidence, harman.quote, harman.since_year) == (
        "both",
        "Both companies announced it.",
        2026,
    )


migration = importlib.import_module("companies.migrations.0005_grade_evidence_and_correct_provenance")


def test_the_migration_corrects_a_database_seeded_before_grades_and_periods(db):
    seed_reference_data()
    # As an earlier seed left them: ungraded, with since-years and calendar years no source gives.
    SupplyRelationship.objects.update(evidence="inferred")
    for key, year in migration.UNSTATED_SINCE.items():
        migration._relationships(SupplyRelationship, key).update(since_year=year)
    for key, (before, _) in migration.INFERRED_NOTES.items():
        migration._relationships(SupplyRelationship, key).update(notes=before)
    Fact.objects.filter(metric__endswith="_first_year").update(year=2024, period="", note="")
    ComponentCategory.objects.filter(slug="display").update(
        default_value_kind="sourced", default_value_basis=migration.DISPLAY_BASIS_BEFORE
    )

    migration.grade_relationships(apps)
    migration.correct_first_year_facts(apps)
    migration.mark_derived_display(apps)

    seeded = relationships()
    for key, (publisher, grade) in migration.GRADES.items():
        status, evidence, since, expected_publisher = EXPECTED_RELATIONSHIPS[key]
        assert (seeded[key].evidence, seeded[key].since_year) == (evidence, since) == (grade, None), key
        assert publisher == expected_publisher
    assert seeded[("samsung-electronics", "xiaomi", "storage", "ev")].notes.startswith("Inferred:")
    first_year = Fact.objects.filter(metric__endswith="_first_year")
    assert {(f.year, f.period) for f in first_year} == {(None, "first year on sale")}
    display = ComponentCategory.objects.get(slug="display")
    assert display.default_value_kind == "derived" and display.default_value_basis.startswith(
        "Derived: about $492M"
    )


def test_the_migration_grades_only_what_the_seed_made(db):
    seed_reference_data()
    catl = relationships()[("catl", "xiaomi", "battery", "ev")]
    # Staff recited it to another source and regraded it: the migration leaves it be.
    other = Source.objects.get(publisher="chinaevhome.com")
    SupplyRelationship.objects.filter(pk=catl.pk).update(source=other, evidence="customer", since_year=2023)
    migration.grade_relationships(apps)
    catl.refresh_from_db()
    assert (catl.evidence, catl.since_year) == ("customer", 2023)
