"""Give scenarios saved before history existed their current state as a version."""

from django.db import migrations


def record_current_versions(apps, schema_editor):
    Scenario = apps.get_model("scenarios", "Scenario")
    ScenarioVersion = apps.get_model("scenarios", "ScenarioVersion")
    for scenario in Scenario.objects.filter(versions__isnull=True):
        lines = scenario.lines.select_related("category", "supplier").order_by("category__order", "category__name")
        ScenarioVersion.objects.create(
            scenario=scenario,
            number=scenario.version,
            saved_by=scenario.owner,
            message="State when history began",
            inputs={
                "name": scenario.name,
                "description": scenario.description,
                "first_year": scenario.first_year,
                "horizon_years": scenario.horizon_years,
                "first_year_volume": scenario.first_year_volume,
                "annual_growth_pct": str(scenario.annual_growth_pct),
                "volume_overrides": {str(y): int(v) for y, v in sorted(scenario.volume_overrides.items())},
                "lines": [
                    {
                        "category": line.category.slug,
                        "category_name": line.category.name,
                        "supplier_id": line.supplier_id,
                        "supplier": line.supplier.name,
                        "content_value_usd": str(line.content_value_usd),
                        "annual_price_change_pct": str(line.annual_price_change_pct),
                        "share_pct": str(line.share_pct),
                        "supply_start_year": line.supply_start_year,
                    }
                    for line in lines
                ],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0002_sharing_links_history")]

    operations = [migrations.RunPython(record_current_versions, migrations.RunPython.noop)]
