"""The full dated history of domain-reference §2a and §3 as rows (editable in the admin afterwards).

- JP wage caps 2023-2026, each closed the day before the next 1 March;
- JKP before PP 6/2025 (0.46 %: 0.22 % central government + 0.24 % recomposed from the employer's
  JKK and JKM, PP 37/2021) and after (0.36 %: 0.22 % + 0.14 % out of the employer's JKK,
  PP 6/2025 Pasal 11);
- the reliefs of PP 7/2025 jo. PP 36/2025 (PU, JKK) and PP 50/2025 (BPU, JKK and JKM);
- the programmes each employer scale must provide (Perpres 109/2013 Pasal 6 ayat 3).
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

JP_CAPS = [
    # effective from, effective to, cap, legal basis
    (date(2023, 3, 1), date(2024, 2, 29), 9_559_600, "PP 45/2015 Pasal 28; batas upah JP 2023"),
    (date(2024, 3, 1), date(2025, 2, 28), 10_042_300, "PP 45/2015 Pasal 28; SE BPJS Ketenagakerjaan B/1387/022024"),
    (date(2025, 3, 1), date(2026, 2, 28), 10_547_400, "PP 45/2015 Pasal 28; SE BPJS Ketenagakerjaan B/726/022025"),
    (date(2026, 3, 1), None, 11_086_300, "PP 45/2015 Pasal 28; SE BPJS Ketenagakerjaan B/1226/022026"),
]

JKP = [
    # effective from, effective to, government %, recomposed %, basis, note
    (
        date(2021, 2, 2),
        date(2025, 2, 6),
        "0.22",
        "0.24",
        "PP 37/2021 Pasal 11",
        "0,46 %: 0,22 % pemerintah pusat + 0,24 % rekomposisi (JKK 0,14 %, JKM 0,10 %) dari iuran pemberi kerja.",
    ),
    (
        date(2025, 2, 7),
        None,
        "0.22",
        "0.14",
        "PP 6/2025 Pasal 11",
        "0,36 %: 0,22 % pemerintah pusat + 0,14 % rekomposisi dari iuran JKK pemberi kerja; total pemberi kerja tidak berubah.",
    ),
]

RELIEFS = [
    # name, segment, programmes, sector, excludes APBN/APBD, min workers, discount, from, to, basis, note
    (
        "Potongan 50 % JKK industri padat karya",
        "PU",
        ("jkk",),
        "padat_karya",
        False,
        50,
        "50",
        date(2025, 2, 1),
        date(2026, 1, 31),
        "PP 7/2025 jo. PP 36/2025",
        "Enam industri padat karya, paling sedikit 50 pekerja; bulan iuran Februari 2025 – Januari 2026 (sumber sekunder).",
    ),
    (
        "Potongan 50 % JKK dan JKM BPU pekerja transportasi",
        "BPU",
        ("jkk", "jkm"),
        "transportasi",
        True,
        None,
        "50",
        date(2026, 1, 1),
        date(2027, 3, 31),
        "PP 50/2025",
        "Tidak berlaku bila iuran dibayar dari APBN/APBD; periode menurut pemberitaan (Januari 2026 – Maret 2027).",
    ),
    (
        "Potongan 50 % JKK dan JKM BPU",
        "BPU",
        ("jkk", "jkm"),
        "bukan_transportasi",
        True,
        None,
        "50",
        date(2026, 4, 1),
        date(2026, 12, 31),
        "PP 50/2025",
        "BPU selain pekerja transportasi; tidak berlaku bila iuran dibayar dari APBN/APBD; periode menurut pemberitaan (April – Desember 2026).",
    ),
]

PERPRES_109 = "Perpres 109/2013 Pasal 6 ayat (3)"
OBLIGATIONS = [
    ("mikro", ("jkk", "jkm")),
    ("kecil", ("jkk", "jkm", "jht")),
    ("menengah", ("jkk", "jkm", "jht", "jp")),
    ("besar", ("jkk", "jkm", "jht", "jp")),
]


def seed(apps, schema_editor):
    PuRate = apps.get_model("enrollment", "PuRate")
    BpuBracket = apps.get_model("enrollment", "BpuBracket")
    Relief = apps.get_model("enrollment", "Relief")
    ProgrammeObligation = apps.get_model("enrollment", "ProgrammeObligation")

    PuRate.objects.filter(programme="JP", effective_from__lt=date(2023, 3, 1)).delete()
    for start, end, cap, basis in JP_CAPS:
        PuRate.objects.update_or_create(
            programme="JP",
            risk_class="",
            effective_from=start,
            defaults={
                "effective_to": end,
                "employer_pct": Decimal("2.00"),
                "worker_pct": Decimal("1.00"),
                "government_pct": 0,
                "recomposed_pct": 0,
                "wage_cap": cap,
                "legal_basis": basis,
                "note": "2 % pemberi kerja + 1 % pekerja; batas upah disesuaikan setiap 1 Maret.",
            },
        )
    for start, end, government, recomposed, basis, note in JKP:
        PuRate.objects.update_or_create(
            programme="JKP",
            risk_class="",
            effective_from=start,
            defaults={
                "effective_to": end,
                "employer_pct": 0,
                "worker_pct": 0,
                "government_pct": Decimal(government),
                "recomposed_pct": Decimal(recomposed),
                "wage_cap": 5_000_000,
                "legal_basis": basis,
                "note": note,
            },
        )
    BpuBracket.objects.filter(legal_basis="").update(legal_basis="PP 44/2015 jo. Permenaker 5/2021")
    for name, segment, programmes, sector, excludes, min_workers, discount, start, end, basis, note in RELIEFS:
        Relief.objects.update_or_create(
            segment=segment,
            sector=sector,
            effective_from=start,
            defaults={
                "name": name,
                **{field: field in programmes for field in ("jkk", "jkm", "jht", "jp", "jkp")},
                "excludes_state_budget": excludes,
                "min_workers": min_workers,
                "discount_pct": Decimal(discount),
                "effective_to": end,
                "legal_basis": basis,
                "note": note,
            },
        )
    for scale, programmes in OBLIGATIONS:
        ProgrammeObligation.objects.update_or_create(
            scale=scale,
            effective_from=date(2014, 1, 1),
            defaults={
                **{field: field in programmes for field in ("jkk", "jkm", "jht", "jp", "jkp")},
                "legal_basis": PERPRES_109,
                "note": "Penahapan kepesertaan menurut skala usaha pemberi kerja (PP 7/2021 untuk kelasnya).",
            },
        )


def backfill_payer(apps, schema_editor):
    Participation = apps.get_model("enrollment", "Participation")
    Participation.objects.filter(payer="", segment="PU").update(payer="pemberi_kerja")
    Participation.objects.filter(payer="").exclude(segment="PU").update(payer="pekerja")


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0004_dated_rules_reliefs_sponsors_optional_kpj")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop), migrations.RunPython(backfill_payer, migrations.RunPython.noop)]
