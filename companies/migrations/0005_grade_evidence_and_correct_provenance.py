from django.db import migrations

# What ops/seed.py says of the relationships it seeded before grades existed, so a
# database seeded then matches one seeded now. Each is found by its natural key and
# only while it still cites the seed's source; any other relationship keeps the
# field's default, inferred by an analyst, until staff grade it.
# (supplier, customer, component, segment): (source publisher, grade)
GRADES = {
    ("samsung-electronics", "xiaomi", "memory", "smartphone"): ("Founding article", "press"),
    ("samsung-electronics", "xiaomi", "storage", "smartphone"): ("Founding article", "press"),
    ("samsung-display", "xiaomi", "display", "smartphone"): ("Founding article", "press"),
    ("samsung-sdi", "xiaomi", "battery", "ev"): ("Founding article", "press"),
    ("samsung-display", "xiaomi", "display", "ev"): ("Founding article", "press"),
    ("samsung-electronics", "xiaomi", "compute", "ev"): ("Founding article", "press"),
    ("samsung-electronics", "xiaomi", "memory", "ev"): ("Founding article", "inferred"),
    ("samsung-electronics", "xiaomi", "storage", "ev"): ("Founding article", "inferred"),
    ("harman", "xiaomi", "infotainment", "ev"): ("Founding article", "press"),
    ("findreams", "xiaomi", "battery", "ev"): ("vehiclethermal.com", "press"),
    ("catl", "xiaomi", "battery", "ev"): ("vehiclethermal.com", "press"),
    ("qualcomm", "xiaomi", "compute", "ev"): ("topcomponents.net", "press"),
    ("nvidia", "xiaomi", "compute", "ev"): ("topcomponents.net", "press"),
    ("samsung-electronics", "google", "compute", "smartphone"): ("Founding article", "press"),
    ("tsmc", "google", "compute", "smartphone"): ("Founding article", "press"),
}

# The since-years the seed gave that its sources do not state.
UNSTATED_SINCE = {
    ("tsmc", "google", "compute", "smartphone"): 2025,
    ("catl", "xiaomi", "battery", "ev"): 2024,
    ("findreams", "xiaomi", "battery", "ev"): 2024,
    ("nvidia", "xiaomi", "compute", "ev"): 2024,
    ("qualcomm", "xiaomi", "compute", "ev"): 2024,
}

# The inferred ones' notes, replaced only while they are still the seed's earlier text.
INFERRED_NOTES = {
    ("samsung-electronics", "xiaomi", "memory", "ev"): (
        "Automotive memory.",
        "Inferred: the article names memory chips only for Xiaomi's phones, not among the EV "
        "components Samsung could provide.",
    ),
    ("samsung-electronics", "xiaomi", "storage", "ev"): (
        "Automotive storage.",
        "Inferred: the article names NAND flash only for Xiaomi's phones, not among the EV "
        "components Samsung could provide.",
    ),
}

# The article gives the SU7's first year on sale, not a calendar year.
FIRST_YEAR_METRICS = ("ev_deliveries_first_year", "ev_revenue_first_year")
FIRST_YEAR_PERIOD = "first year on sale"
FIRST_YEAR_NOTE = "The article gives no calendar year; the SU7 went on sale in March 2024."

DISPLAY_BASIS_BEFORE = "$492M / 1.64M car OLED panels shipped by Samsung Display in 2024 ≈ $300 a panel."
DISPLAY_BASIS = (
    "Derived: about $492M of car OLED panels / 1.64M panels shipped by Samsung Display in 2024 "
    "(Display Daily, citing Omdia) = $300 a panel."
)


def _relationships(SupplyRelationship, key, **extra):
    supplier, customer, component, segment = key
    return SupplyRelationship.objects.filter(
        supplier__slug=supplier, customer__slug=customer, component__slug=component, segment=segment, **extra
    )


def grade_relationships(apps, schema_editor=None):
    SupplyRelationship = apps.get_model("companies", "SupplyRelationship")
    for key, (publisher, grade) in GRADES.items():
        _relationships(SupplyRelationship, key, source__publisher=publisher).update(evidence=grade)
    for key, year in UNSTATED_SINCE.items():
        _relationships(SupplyRelationship, key, since_year=year).update(since_year=None)
    for key, (before, after) in INFERRED_NOTES.items():
        _relationships(SupplyRelationship, key, notes=before).update(notes=after)


def correct_first_year_facts(apps, schema_editor=None):
    Fact = apps.get_model("companies", "Fact")
    first_year = Fact.objects.filter(
        company__slug="xiaomi",
        metric__in=FIRST_YEAR_METRICS,
        year=2024,
        period="",
        source__publisher="Founding article",
    )
    first_year.filter(note="").update(note=FIRST_YEAR_NOTE)
    first_year.update(year=None, period=FIRST_YEAR_PERIOD)


def mark_derived_display(apps, schema_editor=None):
    ComponentCategory = apps.get_model("companies", "ComponentCategory")
    display = ComponentCategory.objects.filter(
        slug="display",
        default_value_kind="sourced",
        default_value_usd=300,
        default_value_source__publisher="Display Daily",
    )
    display.filter(default_value_basis=DISPLAY_BASIS_BEFORE).update(default_value_basis=DISPLAY_BASIS)
    display.update(default_value_kind="derived")


def forward(apps, schema_editor):
    ComponentCategory = apps.get_model("companies", "ComponentCategory")
    ComponentCategory.objects.filter(default_value_is_assumption=True).update(default_value_kind="assumption")
    grade_relationships(apps)
    correct_first_year_facts(apps)
    mark_derived_display(apps)


def backward(apps, schema_editor):
    # The flag comes back from the kind: a derived value is cited, so not an assumption.
    ComponentCategory = apps.get_model("companies", "ComponentCategory")
    ComponentCategory.objects.update(default_value_is_assumption=False)
    ComponentCategory.objects.filter(default_value_kind="assumption").update(default_value_is_assumption=True)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0004_evidence_period_value_kind"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
