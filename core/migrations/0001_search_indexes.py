"""Indexes for the register search (``core/search.py``), kept outside the models on purpose.

- PostgreSQL: ``pg_trgm`` GIN indexes on ``UPPER(name)`` of people, businesses and cooperatives.
  Django's ``icontains`` is ``UPPER(col) LIKE UPPER('%word%')`` on PostgreSQL, which a trigram index
  on the same expression serves, so the search stays one portable lookup and SQLite scans instead.
- Both engines: partial b-tree indexes on the exact identifiers that had none: a person's phone
  and a cooperative's NIB (empty values excluded: they are most rows and never searched).

They are raw SQL (not ``Meta.indexes``) because an expression trigram index needs the extension and
an operator class only PostgreSQL has; ``makemigrations`` does not see them and need not. The
imports' COPY path pays for the three trigram indexes on every row it writes (see
docs/performance.md before adding more).
"""

from django.db import migrations

TRIGRAM = [
    ("person_name_trgm", "enrollment_person"),
    ("business_name_trgm", "umkm_business"),
    ("cooperative_name_trgm", "cooperatives_cooperative"),
]
PARTIAL = [
    ("person_phone", "enrollment_person", "phone", "phone <> ''"),
    ("cooperative_nib", "cooperatives_cooperative", "nib", "nib <> ''"),
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table in TRIGRAM:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER(name) gin_trgm_ops)")
    if vendor in ("postgresql", "sqlite"):
        for name, table, column, where in PARTIAL:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}) WHERE {where}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    names = [n for n, *_rest in PARTIAL] + ([n for n, _t in TRIGRAM] if vendor == "postgresql" else [])
    if vendor in ("postgresql", "sqlite"):
        for name in names:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0003_person_indexes"),
        ("umkm", "0003_business_indexes"),
        ("cooperatives", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
