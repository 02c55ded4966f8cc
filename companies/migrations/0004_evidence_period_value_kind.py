from django.db import migrations, models


class Migration(migrations.Migration):
    """A relationship's evidence grade and quote, a fact's period, and a category value's
    kind (sourced, derived or assumption) in place of its assumption flag. The old
    constraint goes first; 0005 fills the new fields and 0006 drops the flag."""

    dependencies = [
        ("companies", "0003_supplier_default_margin"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="componentcategory",
            name="category_value_sourced_or_assumption",
        ),
        migrations.AddField(
            model_name="componentcategory",
            name="default_value_kind",
            field=models.CharField(
                choices=[
                    ("sourced", "Sourced: a published figure gives it"),
                    ("derived", "Derived: calculated from published figures"),
                    ("assumption", "Assumption: no published figure gives it"),
                ],
                default="sourced",
                help_text=(
                    "Sourced and derived values cite the source of their figures; a derived value's "
                    "basis shows the calculation."
                ),
                max_length=20,
                verbose_name="default value is",
            ),
        ),
        migrations.AddField(
            model_name="supplyrelationship",
            name="evidence",
            field=models.CharField(
                choices=[
                    ("supplier", "Disclosed by the supplier"),
                    ("customer", "Disclosed by the customer"),
                    ("both", "Disclosed by both"),
                    ("press", "Reported by the press"),
                    ("inferred", "Inferred by an analyst"),
                ],
                default="inferred",
                help_text="Who says this relationship exists. For an inferred one, give the reason in the notes.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="supplyrelationship",
            name="quote",
            field=models.TextField(blank=True, help_text="The words of the source that state this relationship."),
        ),
        migrations.AlterField(
            model_name="supplyrelationship",
            name="since_year",
            field=models.PositiveSmallIntegerField(
                blank=True, help_text="Only when the source gives the year.", null=True
            ),
        ),
        migrations.AddField(
            model_name="fact",
            name="period",
            field=models.CharField(
                blank=True,
                help_text=(
                    "When the source gives a period rather than a calendar year (“first year on sale”); "
                    "shown instead of the year."
                ),
                max_length=60,
            ),
        ),
    ]
