"""Seed the contribution rate tables with the figures of domain-reference §3 (editable in admin)."""

from datetime import date

from django.db import migrations

PP44 = "PP 44/2015 jo. PP 82/2019"
PU_RATES = [
    # programme, risk class, effective from, employer %, worker %, government %, wage cap, basis
    ("JKK", "sangat_rendah", date(2015, 7, 1), "0.24", "0", "0", None, PP44),
    ("JKK", "rendah", date(2015, 7, 1), "0.54", "0", "0", None, PP44),
    ("JKK", "sedang", date(2015, 7, 1), "0.89", "0", "0", None, PP44),
    ("JKK", "tinggi", date(2015, 7, 1), "1.27", "0", "0", None, PP44),
    ("JKK", "sangat_tinggi", date(2015, 7, 1), "1.74", "0", "0", None, PP44),
    ("JKM", "", date(2015, 7, 1), "0.30", "0", "0", None, PP44),
    ("JHT", "", date(2015, 7, 1), "3.70", "2.00", "0", None, "PP 46/2015"),
    ("JP", "", date(2024, 3, 1), "2.00", "1.00", "0", 10_042_300, "PP 45/2015; batas upah 2024"),
    ("JP", "", date(2025, 3, 1), "2.00", "1.00", "0", 10_547_400, "PP 45/2015; batas upah 2025 (belum terkonfirmasi)"),
    ("JKP", "", date(2021, 2, 2), "0", "0", "0.46", 5_000_000, "PP 37/2021"),
    ("JKP", "", date(2025, 2, 7), "0", "0", "0.36", 5_000_000, "PP 6/2025"),
]

BPU_BASIS = "PP 44/2015 jo. Permenaker 5/2021; kelas antara belum terkonfirmasi"


def bpu_brackets():
    """Income up to Rp 1 million: JKK 10,000, JKM 6,800, JHT 20,000; then Rp 500,000 steps with
    JKK 1 % and JHT 2 % of the bracket's upper bound, up to JKK Rp 207,000 (income 20.7 million)."""
    rows = [(0, 1_000_000, 10_000, 6_800, 20_000)]
    lower = 1_000_001
    upper = 1_500_000
    while upper < 20_700_000:
        rows.append((lower, upper, upper // 100, 6_800, upper // 50))
        lower, upper = upper + 1, upper + 500_000
    rows.append((lower, None, 207_000, 6_800, 414_000))
    return rows


def seed(apps, schema_editor):
    PuRate = apps.get_model("enrollment", "PuRate")
    BpuBracket = apps.get_model("enrollment", "BpuBracket")
    for programme, risk, start, employer, worker, government, cap, basis in PU_RATES:
        PuRate.objects.update_or_create(
            programme=programme,
            risk_class=risk,
            effective_from=start,
            defaults={
                "employer_pct": employer,
                "worker_pct": worker,
                "government_pct": government,
                "wage_cap": cap,
                "legal_basis": basis,
            },
        )
    for income_from, income_to, jkk, jkm, jht in bpu_brackets():
        BpuBracket.objects.update_or_create(
            effective_from=date(2021, 4, 1),
            income_from=income_from,
            defaults={"income_to": income_to, "jkk": jkk, "jkm": jkm, "jht": jht, "legal_basis": BPU_BASIS},
        )


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
