"""Rule set 2026.2: rule c requires the programmes the law requires for the cooperative's scale
(Perpres 109/2013 Pasal 6 ayat 3) instead of JHT and JP from every karyawan.

In force from 1 January 2026, so that every evaluation of the current year applies the staged
obligation (the Perpres has applied since 2014; 2026.2 dates the product's correction). Letters and
requests evaluated under 2025.1 keep their snapshot (rule set and evidence) and stay valid: a rule
set is chosen by the evaluation date, and 2025.1 itself is not changed.
"""

from datetime import date

from django.db import migrations


def publish(apps, schema_editor):
    RuleSet = apps.get_model("compliance", "RuleSet")
    RuleSet.objects.filter(version="2025.1").update(staged_by_scale=False)
    previous = RuleSet.objects.filter(version="2025.1").first()
    RuleSet.objects.get_or_create(
        version="2026.2",
        defaults={
            "effective_from": date(2026, 1, 1),
            "bpu_max_arrears_months": previous.bpu_max_arrears_months if previous else 3,
            "pu_max_arrears_months": previous.pu_max_arrears_months if previous else 0,
            "pu_fine_pct_per_month": previous.pu_fine_pct_per_month if previous else 2,
            "jp_age_limit": previous.jp_age_limit if previous else 59,
            "staged_by_scale": True,
            "notes": "Aturan c menurut skala usaha koperasi (Perpres 109/2013 Pasal 6 ayat 3): mikro JKK dan JKM; "
            "kecil ditambah JHT; menengah dan besar ditambah JP. Skala yang belum diketahui meminta angka modal dan penjualan.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_ruleset_staged_by_scale")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
