import django.core.validators
from django.db import migrations, models

# The defaults as modelling/inputs.py declared them when these fields were added.
SCENARIO_DEFAULTS = {"discount_rate_pct": "9", "tax_rate_pct": "24", "working_capital_pct": "10"}


def backfill(apps, schema_editor):
    """Existing lines take their supplier's default margin and spend no up-front
    cost (in the first year); saved versions gain the same values, so every
    snapshot holds every input."""
    ComponentLine = apps.get_model("scenarios", "ComponentLine")
    ScenarioVersion = apps.get_model("scenarios", "ScenarioVersion")
    Company = apps.get_model("companies", "Company")
    margins = dict(Company.objects.exclude(default_margin_pct=None).values_list("pk", "default_margin_pct"))
    for line in ComponentLine.objects.select_related("scenario"):
        line.operating_margin_pct = margins.get(line.supplier_id, 0)
        line.upfront_year = line.scenario.first_year
        line.save(update_fields=["operating_margin_pct", "upfront_year"])
    for version in ScenarioVersion.objects.all():
        snapshot = version.inputs
        for name, value in SCENARIO_DEFAULTS.items():
            snapshot.setdefault(name, value)
        snapshot.setdefault("reporting_currency", "USD")
        snapshot.setdefault("fx_rates", {})
        for line in snapshot.get("lines", []):
            line.setdefault("operating_margin_pct", str(margins.get(line.get("supplier_id"), "0.00")))
            line.setdefault("upfront_cost_usd", "0.00")
            line.setdefault("upfront_year", snapshot["first_year"])
        version.inputs = snapshot
        version.save(update_fields=["inputs"])


def _percent(default):
    return models.DecimalField(
        decimal_places=2,
        default=default,
        max_digits=5,
        validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0003_supplier_default_margin"),
        ("scenarios", "0005_monte_carlo_ranges"),
    ]

    operations = [
        migrations.AddField(model_name="scenario", name="discount_rate_pct", field=_percent(9)),
        migrations.AddField(model_name="scenario", name="tax_rate_pct", field=_percent(24)),
        migrations.AddField(model_name="scenario", name="working_capital_pct", field=_percent(10)),
        migrations.AddField(
            model_name="scenario",
            name="reporting_currency",
            field=models.CharField(
                choices=[("USD", "USD: US dollars"), ("KRW", "KRW: South Korean won"), ("CNY", "CNY: Chinese yuan")],
                default="USD",
                max_length=3,
            ),
        ),
        migrations.AddField(
            model_name="scenario", name="fx_rates", field=models.JSONField(blank=True, default=dict)
        ),
        migrations.AddField(
            model_name="componentline",
            name="operating_margin_pct",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(-100),
                    django.core.validators.MaxValueValidator(100),
                ],
            ),
        ),
        migrations.AddField(
            model_name="componentline",
            name="upfront_cost_usd",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                max_digits=15,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000000000000),
                ],
            ),
        ),
        migrations.AddField(
            model_name="componentline",
            name="upfront_year",
            field=models.PositiveSmallIntegerField(
                default=2025,
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
