"""The demo's example scenarios were seeded with descriptions that restated their
inputs ("winning 30% of each component"), stale as soon as an input changed,
and clones copied them. Where the seeded text is still there word for word, it
is replaced by the demo's new text, which gives the reasoning behind the case
and leaves the numbers to the summary the pages write from the inputs. Anything
a user wrote is kept."""

from django.db import migrations

# (the text seeded before, the demo's text now), as in ops/demo.py at this migration.
REWORDED = [
    (
        "Xiaomi follows its reported path (410,000 in 2025, 550,000 in 2026) and then grows 25% a "
        "year as it goes global from 2027; Samsung's affiliates win 80% of each component from 2026, "
        "battery prices falling 6% a year. Samsung SDI spends $150M up front in 2025 on battery "
        "capacity for the deal (an assumption).",
        "The case for Samsung as Xiaomi's main EV supplier rather than one of several: Xiaomi "
        "delivers what it has announced for its first years, then grows fast as it starts selling "
        "abroad, and Samsung's affiliates win most of each component once supply starts. Samsung "
        "SDI builds battery capacity for the deal before supply begins (an assumption), so the "
        "case shows what that outlay returns.",
    ),
    (
        "The areas named when Samsung's chairman visited BYD on 24 March 2025: Harman digital "
        "cockpits, Samsung Display OLED and Samsung Electro-Mechanics capacitors. BYD sold 4.27 "
        "million vehicles in 2024; the 10% shares from 2027 and 5% growth are assumptions.",
        "Only the areas named when Samsung's chairman visited BYD on 24 March 2025: Harman digital "
        "cockpits, Samsung Display OLED and Samsung Electro-Mechanics capacitors. The volume starts "
        "from what BYD sold in 2024 (on BYD's page, with its source); the shares, the start year and "
        "the growth are assumptions.",
    ),
    (
        "The baseline with Xiaomi growing 10% a year and Samsung's affiliates winning 30% of each "
        "component from 2027 (assumptions).",
        "The downside: Xiaomi's EV sales slow as the price war in China deepens, and Xiaomi keeps "
        "more of its current Chinese suppliers to hold down costs, so Samsung's affiliates win less "
        "and later. The inputs are assumptions.",
    ),
    (
        "The baseline with Xiaomi growing 30% a year and Samsung's affiliates winning 70% of each "
        "component from 2026 (assumptions).",
        "The upside: Xiaomi's cars sell abroad as well as at home, and Xiaomi turns to Samsung's "
        "affiliates early to secure supply for that growth. The inputs are assumptions.",
    ),
]


def reword_seeded_descriptions(apps, schema_editor):
    Scenario = apps.get_model("scenarios", "Scenario")
    for old, new in REWORDED:
        Scenario.objects.filter(description=old).update(description=new)


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0008_preset_description_generated")]

    operations = [migrations.RunPython(reword_seeded_descriptions, migrations.RunPython.noop)]
