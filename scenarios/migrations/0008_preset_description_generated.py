"""Scenarios started from the article's preset carried its description, which went
stale as soon as a share changed ("winning half of each EV component"). The
pages now write a summary from the inputs; the copied preset text is cleared,
and anything a user wrote is kept."""

from django.db import migrations

OLD_PRESET_DESCRIPTION = (
    "Xiaomi's 2025 plan of 350,000 vehicles from the founding article, with Samsung's "
    "affiliates winning half of each EV component from 2026. Growth, share and start year "
    "are assumptions."
)


def clear_copied_preset_text(apps, schema_editor):
    Scenario = apps.get_model("scenarios", "Scenario")
    Scenario.objects.filter(description=OLD_PRESET_DESCRIPTION).update(description="")


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0007_headline_figures")]

    operations = [migrations.RunPython(clear_copied_preset_text, migrations.RunPython.noop)]
