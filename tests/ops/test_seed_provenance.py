"""Each seeded relationship and figure says no more than its source does: the grade
of evidence, the since-year and the period are the ones the cited source supports."""

import datetime
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

# Every fact the seed should hold, written by hand from ../shared/DATA.md (lines named "DATA n")
# and ../shared/article.txt ("article n"), not copied from ops/seed.py.
# (company or None for the market, metric, year, kind, source publisher): the fact's natural key,
# as Fact's unique constraint has it -> (value, unit, period, qualifier).
# A period is the source's own words when it gives one in place of, or inside, a calendar year.
VEHICLES, USD, CNY, KRW, PCT = "vehicles", "USD", "CNY", "KRW", "%"
ACTUAL, PLAN, ESTIMATE = "actual", "plan", "estimate"
FIRST_YEAR = "first year on sale"
EXPECTED_FACTS = {
    # DATA 10; article 9: "In its first year, the company sold 137,000 units of the SU7".
    ("xiaomi", "ev_deliveries_first_year", None, ACTUAL, ARTICLE): ("137000", VEHICLES, FIRST_YEAR, ""),
    # DATA 11; article 9: "bringing in $4.5 billion in revenue" (in that first year).
    ("xiaomi", "ev_revenue_first_year", None, ACTUAL, ARTICLE): ("4500000000", USD, FIRST_YEAR, ""),
    # DATA 12; article 9: "They aim to increase production to 350,000 vehicles by 2025".
    ("xiaomi", "ev_deliveries", 2025, PLAN, ARTICLE): ("350000", VEHICLES, "", ""),
    # DATA 13; article 9: "and expand globally by 2027" (a plan with no number).
    ("xiaomi", "global_expansion", 2027, PLAN, ARTICLE): (None, "", "", ""),
    # DATA 14; article 13: "Their affiliate companies supply nearly 60% of the components".
    ("samsung", "ev_component_coverage", None, ESTIMATE, ARTICLE): ("60", PCT, "", "nearly"),
    # DATA 15 ("about $800 billion"); article 14: "the $800 billion electric vehicle market", no year.
    (None, "ev_market_size", None, ESTIMATE, ARTICLE): ("800000000000", USD, "", "about"),
    # DATA 24: Xiaomi EV deliveries, 2024: 136,854 (Mobile World Live).
    ("xiaomi", "ev_deliveries", 2024, ACTUAL, "Mobile World Live"): ("136854", VEHICLES, "", ""),
    # DATA 25: the 2025 target raised on 20 Nov 2025 to 400,000+ (electrive.com).
    ("xiaomi", "ev_deliveries", 2025, PLAN, "electrive.com"): ("400000", VEHICLES, "", "over"),
    # DATA 26: Xiaomi EV deliveries, 2025: over 410,000 (electrive.com).
    ("xiaomi", "ev_deliveries", 2025, ACTUAL, "electrive.com"): ("410000", VEHICLES, "", "over"),
    # DATA 27: delivery target, 2026: 550,000; the source's title (DATA 26) says "over 550,000".
    ("xiaomi", "ev_deliveries", 2026, PLAN, "electrive.com"): ("550000", VEHICLES, "", "over"),
    # DATA 28: Xiaomi EV revenue, 2024: 32.1 billion yuan (InfoNowCast).
    ("xiaomi", "ev_revenue", 2024, ACTUAL, "InfoNowCast"): ("32100000000", CNY, "", ""),
    # DATA 30: SU7 average selling price, Q2 2024: 228,644 yuan (CnEVPost): a quarter, not the year.
    ("xiaomi", "ev_average_price", 2024, ACTUAL, "CnEVPost"): ("228644", CNY, "Q2 2024", ""),
    # DATA 50: Global EV sales, 2024: about 17 million (IEA, via wifitalents.com).
    (None, "ev_sales_global", 2024, ACTUAL, "wifitalents.com"): ("17000000", VEHICLES, "", "about"),
    # DATA 51: EV market size estimates: $786B (2024, Statista via a secondary site), $418B (2024),
    # $350B (2023), from enjoelec.com and autoexpresscar.com.
    (None, "ev_market_size", 2024, ESTIMATE, "enjoelec.com"): ("786000000000", USD, "", ""),
    (None, "ev_market_size", 2024, ESTIMATE, "autoexpresscar.com"): ("418000000000", USD, "", ""),
    (None, "ev_market_size", 2023, ESTIMATE, "autoexpresscar.com"): ("350000000000", USD, "", ""),
    # DATA 52: Samsung share of automotive memory, 2025: about 40% (Korea Economic Daily, via aiweekly.co).
    ("samsung-electronics", "auto_memory_share", 2025, ESTIMATE, "aiweekly.co"): ("40", PCT, "", "about"),
    # DATA 75: BYD vehicles sold, 2024: 4.27 million (chinaevhome.com).
    ("byd", "vehicles_sold", 2024, ACTUAL, "chinaevhome.com"): ("4270000", VEHICLES, "", ""),
    # DATA 76: BYD revenue, 2024: 777.1 billion yuan (chinaevhome.com).
    ("byd", "revenue", 2024, ACTUAL, "chinaevhome.com"): ("777100000000", CNY, "", ""),
    # DATA 77: BYD 2023 sales: 602.3 billion yuan (Korea JoongAng Daily, citing the SCMP).
    ("byd", "revenue", 2023, ACTUAL, "Korea JoongAng Daily"): ("602300000000", CNY, "", ""),
    # DATA 59: Samsung SDI FY2024 revenue: 16,592,249 million KRW (stockanalysis.com).
    ("samsung-sdi", "revenue", 2024, ACTUAL, "stockanalysis.com"): ("16592249000000", KRW, "", ""),
    # DATA 60: Samsung SDI FY2023 revenue: 21,436,788 million KRW (same page).
    ("samsung-sdi", "revenue", 2023, ACTUAL, "stockanalysis.com"): ("21436788000000", KRW, "", ""),
    # DATA 62: Harman 2022 sales: 13.21 trillion KRW (Korea Bizwire).
    ("harman", "revenue", 2022, ACTUAL, "Korea Bizwire"): ("13210000000000", KRW, "", ""),
}

# What a fact's note must say for the figure to read as its source gives it.
EXPECTED_NOTE_MENTIONS = {
    # DATA 25: how the 2025 target got to 400,000+.
    ("xiaomi", "ev_deliveries", 2025, PLAN, "electrive.com"): "300,000 to 350,000",
    # DATA 30: the source pairs the yuan price with a dollar one.
    ("xiaomi", "ev_average_price", 2024, ACTUAL, "CnEVPost"): "$32,058",
    # DATA 52: Micron about 36%.
    ("samsung-electronics", "auto_memory_share", 2025, ESTIMATE, "aiweekly.co"): "36%",
    # DATA 51: the estimates disagree by more than 2x.
    (None, "ev_market_size", 2024, ESTIMATE, "enjoelec.com"): "2x",
    # DATA 75: the count includes plug-in hybrids.
    ("byd", "vehicles_sold", 2024, ACTUAL, "chinaevhome.com"): "plug-in hybrids",
    # DATA 77: JoongAng cites the South China Morning Post.
    ("byd", "revenue", 2023, ACTUAL, "Korea JoongAng Daily"): "South China Morning Post",
}

# publisher -> (title, published on, address) of each source a fact cites, as DATA.md gives them.
# A title of None: DATA.md quotes none, so the seed's describing title is not held to one.
# A date of None or an empty address: DATA.md gives none, so the seed must not supply one.
EXPECTED_FACT_SOURCES = {
    # DATA 6: the article "names no title or address of its own"; article 15-16 has an empty "Link".
    ARTICLE: (None, None, ""),
    # DATA 24.
    "Mobile World Live": ("Smartphones, EVs fuel record Xiaomi sales", None, ""),
    # DATA 26.
    "electrive.com": ("Xiaomi targets over 550,000 deliveries this year", datetime.date(2026, 1, 5), ""),
    # DATA 28.
    "InfoNowCast": ("Xiaomi EV division report", None, ""),
    # DATA 30.
    "CnEVPost": (None, datetime.date(2024, 8, 21), ""),
    # DATA 50.
    "wifitalents.com": (None, None, ""),
    # DATA 51.
    "enjoelec.com": (None, None, ""),
    "autoexpresscar.com": (None, None, ""),
    # DATA 52.
    "aiweekly.co": (None, None, ""),
    # DATA 75.
    "chinaevhome.com": (
        "BYD 2024 Annual Report: 777.1 Billion Yuan Revenue Surpasses Tesla for the First Time",
        datetime.date(2025, 3, 26),
        "",
    ),
    # DATA 6 and 77.
    "Korea JoongAng Daily": (
        "Samsung's Lee meets with BYD executives",
        datetime.date(2025, 3, 24),
        "https://koreajoongangdaily.joins.com/news/2025-03-24/business/industry/"
        "Samsungs-Lee-meets-with-BYD-executives/2269148",
    ),
    # DATA 59: "page as of May 2025", no publication date.
    "stockanalysis.com": ("Samsung SDI Income Statement", None, ""),
    # DATA 62.
    "Korea Bizwire": (
        "Harman, Samsung's hidden benefactor, achieves record-breaking quarterly profits",
        datetime.date(2023, 11, 1),
        "",
    ),
}


def fact_id(key):
    company, metric, year, kind, publisher = key
    return f"{company or 'market'}-{metric}-{year or 'no-year'}-{kind}-{publisher}"


def fact_params():
    return [pytest.param(key, id=fact_id(key)) for key in EXPECTED_FACTS]


def seeded_facts():
    return {
        (f.company.slug if f.company else None, f.metric, f.year, f.kind, f.source.publisher): f
        for f in Fact.objects.select_related("company", "source")
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


def test_the_seed_holds_exactly_the_facts_its_sources_give(db):
    seed_reference_data()
    assert set(seeded_facts()) == set(EXPECTED_FACTS)
    # No first-year figure is pinned to a calendar year.
    assert not Fact.objects.filter(metric__endswith="_first_year", year__isnull=False).exists()


@pytest.mark.parametrize("key", fact_params())
def test_each_seeded_fact_has_the_value_unit_period_and_hedge_its_source_gives(db, key):
    seed_reference_data()
    fact = seeded_facts()[key]
    value, unit, period, qualifier = EXPECTED_FACTS[key]
    expected_value = Decimal(value) if value is not None else None
    assert (fact.value, fact.unit, fact.period, fact.qualifier) == (expected_value, unit, period, qualifier)
    # No seeded fact is worked out from others (DATA.md marks none of them derived). Fact has no
    # field for it, so a derived one would say so the way a category's basis does: "Derived: ...".
    assert not fact.note.lower().startswith("derived")
    if key in EXPECTED_NOTE_MENTIONS:
        assert EXPECTED_NOTE_MENTIONS[key] in fact.note


def test_each_fact_cites_its_source_with_the_title_date_and_address_data_md_gives(db):
    seed_reference_data()
    cited = {f.source.publisher: f.source for f in seeded_facts().values()}
    assert set(cited) == set(EXPECTED_FACT_SOURCES)
    for publisher, (title, published_on, address) in EXPECTED_FACT_SOURCES.items():
        source = cited[publisher]
        if title is not None:
            assert source.title == title, publisher
        assert (source.published_on, source.address) == (published_on, address), publisher


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
