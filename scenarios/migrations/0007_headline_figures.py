"""Store each scenario's headline figures (cumulative revenue and NPV, in US
dollars), worked out by projecting its inputs as they stand, so the list can
sort and page without projecting anything; index the list's orders."""

from django.db import migrations, models
from django.db.models import Prefetch

from modelling import engine, inputs

BATCH = 500


def _snapshot(scenario, lines):
    """The inputs as modelling/snapshots.take gives them, read off the historical
    models (which have none of the live models' properties). An input declared
    after this migration takes its declared default."""

    def value(row, declared):
        return getattr(row, declared.name, declared.default)

    return {
        **{declared.name: value(scenario, declared) for declared in inputs.SCENARIO},
        "volume_overrides": scenario.volume_overrides,
        "reporting_currency": scenario.reporting_currency,
        "fx_rates": scenario.fx_rates,
        "lines": [
            {
                "category": line.category.slug,
                "category_name": line.category.name,
                "supplier": line.supplier.name,
                **{declared.name: value(line, declared) for declared in inputs.COMPONENT},
            }
            for line in lines
        ],
    }


def backfill(apps, schema_editor):
    Scenario = apps.get_model("scenarios", "Scenario")
    ComponentLine = apps.get_model("scenarios", "ComponentLine")
    # In the order selectors.lines_of reads them, so the sums add up in the same order.
    lines = ComponentLine.objects.select_related("category", "supplier").order_by(
        "category__order", "category__name"
    )
    scenarios = Scenario.objects.order_by("pk").prefetch_related(Prefetch("lines", queryset=lines))
    batch = []
    for scenario in scenarios.iterator(chunk_size=BATCH):
        try:
            projection = engine.project(inputs.engine_input(_snapshot(scenario, scenario.lines.all())))
        except engine.EngineInputError:
            continue  # inputs the engine refuses keep no figures; the list shows "—"
        # What models.headline_figures stores, as it stood when these fields were added.
        scenario.cumulative_revenue_usd = projection.cumulative_revenue
        scenario.npv_usd = projection.value.total.npv
        batch.append(scenario)
        if len(batch) == BATCH:
            Scenario.objects.bulk_update(batch, ["cumulative_revenue_usd", "npv_usd"])
            batch = []
    Scenario.objects.bulk_update(batch, ["cumulative_revenue_usd", "npv_usd"])


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0006_deal_value")]

    operations = [
        migrations.AddField(
            model_name="scenario",
            name="cumulative_revenue_usd",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="scenario",
            name="npv_usd",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="scenario",
            index=models.Index(fields=["updated_at", "id"], name="scenario_by_updated"),
        ),
        migrations.AddIndex(
            model_name="scenario",
            index=models.Index(fields=["cumulative_revenue_usd", "id"], name="scenario_by_revenue"),
        ),
        migrations.AddIndex(
            model_name="scenario",
            index=models.Index(fields=["npv_usd", "id"], name="scenario_by_npv"),
        ),
    ]
