"""Businesses: drop the indexes no query uses; every imported row paid for all eleven.

The code base was searched for what could use each index (``__startswith``, ``__contains``,
``__icontains``, ``LIKE``, admin ``search_fields``, dashboard and work-list selectors, API filters):

Dropped:
- ``umkm_business_nib_6e6f289e_like`` (nib, ``varchar_pattern_ops``): NIBs are looked up whole
  (``nib=``, ``nib__in``, the importer's joins); the admin's ``nib`` search is ``icontains``
  (``UPPER(nib) LIKE '%...%'``), which no b-tree serves. The unique index on nib stays.
- ``umkm_business_desa_id_3262a3f6_like`` (desa_id): no prefix filter on ``umkm_business.desa_id``
  (kecamatan filters join ``regions_region``); the plain index stays as ``business_desa``.
- ``umkm_business_scale_0ab77763_like`` (scale): only ``scale=`` and ORDER BY scale; the plain
  index stays as ``business_scale`` (a filter on a rare class, e.g. menengah, uses it).
- ``umkm_business_in_official_db_b1302361`` (boolean): about a third of the register is official
  (the demo's 4,000 of 12,000), so ``in_official_db=True`` is answered by a sequential scan or
  together with other conditions; PostgreSQL does not choose a two-valued index at that share.

Made partial: ``umkm_business_cooperative_id_1b187069`` becomes ``business_cooperative``
``WHERE cooperative_id IS NOT NULL``: surveyed businesses carry no cooperative, and every query on
the column (``cooperative_id = %s``, the SET NULL on a cooperative's deletion) implies NOT NULL.

Kept: the primary key, the unique nib, the partial unique (owner, name) without NIB, owner_id.
``db_index=False`` on the fields plus ``Meta.indexes`` keeps Django from creating the twins again.
"""

import django.db.models.deletion
from django.db import migrations, models

UNIQUE_LIKE_INDEXES = [("umkm_business_nib_6e6f289e_like", "umkm_business", "nib")]


def drop_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _table, _column in UNIQUE_LIKE_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table, column in UNIQUE_LIKE_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0001_initial"),
        ("enrollment", "0003_person_indexes"),
        ("regions", "0001_initial"),
        ("umkm", "0002_seed_scale_criteria"),
    ]

    operations = [
        migrations.AlterField(
            model_name="business",
            name="cooperative",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="member_businesses",
                to="cooperatives.cooperative",
                verbose_name="anggota koperasi",
            ),
        ),
        migrations.AlterField(
            model_name="business",
            name="desa",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="businesses",
                to="regions.region",
                verbose_name="desa/kelurahan",
            ),
        ),
        migrations.AlterField(
            model_name="business",
            name="in_official_db",
            field=models.BooleanField(default=False, verbose_name="terdata di basis data resmi"),
        ),
        migrations.AlterField(
            model_name="business",
            name="scale",
            field=models.CharField(
                choices=[("mikro", "Mikro"), ("kecil", "Kecil"), ("menengah", "Menengah"), ("besar", "Besar (bukan UMKM)")],
                default="mikro",
                max_length=10,
                verbose_name="kelas usaha",
            ),
        ),
        migrations.AddIndex(
            model_name="business",
            index=models.Index(fields=["desa"], name="business_desa"),
        ),
        migrations.AddIndex(
            model_name="business",
            index=models.Index(fields=["scale"], name="business_scale"),
        ),
        migrations.AddIndex(
            model_name="business",
            index=models.Index(condition=models.Q(("cooperative__isnull", False)), fields=["cooperative"], name="business_cooperative"),
        ),
        migrations.RunPython(drop_like_indexes, create_like_indexes),
    ]
