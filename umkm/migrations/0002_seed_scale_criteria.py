"""PP 7/2021 scale classes (domain-reference §6) as dated data."""

from datetime import date

from django.db import migrations

BILLION = 1_000_000_000
CRITERIA = [
    ("mikro", 1 * BILLION, 2 * BILLION),
    ("kecil", 5 * BILLION, 15 * BILLION),
    ("menengah", 10 * BILLION, 50 * BILLION),
]


def seed(apps, schema_editor):
    ScaleCriterion = apps.get_model("umkm", "ScaleCriterion")
    for scale, capital_max, sales_max in CRITERIA:
        ScaleCriterion.objects.update_or_create(
            scale=scale,
            effective_from=date(2021, 2, 2),
            defaults={"capital_max": capital_max, "sales_max": sales_max, "legal_basis": "PP 7/2021 Pasal 35-36"},
        )


class Migration(migrations.Migration):
    dependencies = [("umkm", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
