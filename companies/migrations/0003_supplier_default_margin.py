import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

# The margins ops/seed.py gives the founding article's affiliates, as they were
# when this field was added, so a database seeded before then gets them too
# (seed_reference_data attaches their sources on its next run).
MARGINS = {
    "samsung-sdi": ("5.00", True, "About 5%: Samsung SDI's battery segment earned 4.7% in Q1 2024 and 5.4% in Q2 2024."),
    "harman": ("6.70", False, "Harman's 2022 operating profit, 880 billion won on 13.21 trillion won of sales: 6.7%."),
    "samsung-display": ("8.00", True, "8% assumed: Samsung Display publishes no margin on automotive displays."),
    "samsung-electronics": ("8.00", True, "8% assumed: Samsung Electronics publishes no margin on automotive chips."),
}


def set_margins(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    for slug, (margin, assumption, basis) in MARGINS.items():
        Company.objects.filter(slug=slug, default_margin_pct=None).update(
            default_margin_pct=margin, default_margin_is_assumption=assumption, default_margin_basis=basis
        )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_fact_metric_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="default_margin_pct",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=5,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-100),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="default operating margin (%)",
            ),
        ),
        migrations.AddField(
            model_name="company",
            name="default_margin_is_assumption",
            field=models.BooleanField(
                default=True, help_text="Untick only when a published figure gives this margin directly."
            ),
        ),
        migrations.AddField(
            model_name="company",
            name="default_margin_source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="companies.source",
            ),
        ),
        migrations.AddField(
            model_name="company",
            name="default_margin_basis",
            field=models.TextField(blank=True, help_text="How the margin was reached, for a reader checking it."),
        ),
        migrations.RunPython(set_margins, migrations.RunPython.noop),
    ]
