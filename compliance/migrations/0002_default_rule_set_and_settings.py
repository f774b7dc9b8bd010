from datetime import date

from django.db import migrations


def create_defaults(apps, schema_editor):
    RuleSet = apps.get_model("compliance", "RuleSet")
    ComplianceSettings = apps.get_model("compliance", "ComplianceSettings")
    RuleSet.objects.get_or_create(
        version="2025.1",
        defaults={
            "effective_from": date(2025, 1, 1),
            "bpu_max_arrears_months": 3,
            "pu_max_arrears_months": 0,
            "pu_fine_pct_per_month": 2,
            "jp_age_limit": 59,
            "notes": "Aturan awal KSO Kolaka: BPU lebih dari 3 bulan menunggak = nonaktif; "
            "iuran PU jatuh tempo tanggal 15 bulan berikutnya, denda 2 %/bulan.",
        },
    )
    ComplianceSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
