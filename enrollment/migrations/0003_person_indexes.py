"""People: drop the two ``*_like`` indexes nothing uses; every imported owner paid for them.

Django adds a ``varchar_pattern_ops`` twin to every indexed or unique ``CharField`` on PostgreSQL,
for ``LIKE 'prefix%'`` queries. The code base was searched (``__startswith``, ``__contains``,
``__icontains``, ``LIKE``, admin ``search_fields``, dashboard and API selectors):

- ``enrollment_person_nik_e6d88b18_like`` (nik): NIKs are only looked up whole (``nik=``,
  ``nik__in``, admin ``=nik``); no prefix search. The unique index on nik stays.
- ``enrollment_person_desa_id_4628a0cc_like`` (desa_id): regions are filtered by code prefix on
  ``regions_region`` only, never on ``enrollment_person.desa_id``. The plain desa index stays
  (renamed ``person_desa``: ``db_index=False`` on the field plus ``Meta.indexes``, so Django does
  not create the twin again).
"""

import django.db.models.deletion
from django.db import migrations, models

UNIQUE_LIKE_INDEXES = [("enrollment_person_nik_e6d88b18_like", "enrollment_person", "nik")]


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
        ("enrollment", "0002_seed_rates"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="desa",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="regions.region",
                verbose_name="desa/kelurahan",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["desa"], name="person_desa"),
        ),
        migrations.RunPython(drop_like_indexes, create_like_indexes),
    ]
