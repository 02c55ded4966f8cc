from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0005_grade_evidence_and_correct_provenance"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="componentcategory",
            name="default_value_is_assumption",
        ),
        migrations.AddConstraint(
            model_name="componentcategory",
            constraint=models.CheckConstraint(
                condition=models.Q(("default_value_kind", "assumption"), ("default_value_source__isnull", False), _connector="OR"),
                name="category_value_cited_or_assumption",
            ),
        ),
    ]
