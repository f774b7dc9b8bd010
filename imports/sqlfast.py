"""Bulk writes without per-object ORM work: the embedded (SQLite) path of the importers.

``insert_rows`` and ``update_rows`` take rows as plain dicts of database-ready values (dates and
datetimes adapted with ``adapt``) and run one ``executemany`` per chunk inside the caller's
transaction. Fields a row leaves out get their model default, computed once per call, so a field
another app adds with a default keeps working.

This copies what the ORM's ``bulk_create``/``update`` do, from model metadata (``_meta.concrete_fields``,
``Field.get_default``, ``get_db_prep_save``, ``connection.ops.adapt_*``) and SQLite's key
allocation; it sends no signals. On a Django upgrade rerun ``tests/imports/`` on SQLite (the
embedded path: ``test_umkm_import.py``, ``test_cooperatives_import.py``,
``test_participants_import.py``, ``test_issue14.py``) and ``bench/imports/commit.py`` with
``SQLITE_PATH`` against docs/performance.md (Imports).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

CHUNK = 2000


def adapt(value):
    """A Python value as the database takes it (dates and datetimes as the backend stores them)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _defaults(model, now) -> dict:
    defaults = {}
    for field in _fields(model):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = connection.ops.adapt_datetimefield_value(now)
        else:
            defaults[field.attname] = field.get_db_prep_save(field.get_default(), connection)
    return defaults


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert the rows (attname → value) and return their new primary keys, in order."""
    if not rows:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    fields = _fields(model)
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    defaults = _defaults(model, timezone.now())
    values = [tuple(row[name] if name in row else defaults[name] for name in names) for row in rows]
    placeholders = ", ".join(["%s"] * len(names))
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT max({pk}) FROM {table}")  # noqa: S608 - quoted model names
            before = cursor.fetchone()[0] or 0
            for start in range(0, len(values), CHUNK):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values[start : start + CHUNK])  # noqa: S608
            cursor.execute(f"SELECT min({pk}), max({pk}), count(*) FROM {table} WHERE {pk} > %s", [before])  # noqa: S608
            first, last, count = cursor.fetchone()
            if count == len(values) and last - first + 1 == count:
                # One write transaction holds the database's write lock: the rows took consecutive
                # keys in insertion order (AUTOINCREMENT may start above the highest key left).
                return list(range(first, last + 1))
            raise RuntimeError("insert_rows: primary keys not consecutive")
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            rows_sql = ", ".join([f"({placeholders})"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {rows_sql} RETURNING {pk}",  # noqa: S608
                [value for row in chunk for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def update_rows(model, names: list[str], rows: list[tuple]) -> None:
    """``UPDATE`` the columns ``names`` of each row: tuples of the values in that order, then the pk."""
    if not rows:
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(meta.get_field(n).column)} = %s" for n in names)
    pk = connection.ops.quote_name(meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", rows[start : start + CHUNK])  # noqa: S608


def record_changes(job_id: int | None, model_label: str, changes: list[tuple[int, str, list[str]]]) -> None:
    """The audit trail of an import: one ``ImportChange`` per (object id, action, changed fields)."""
    if job_id is None or not changes:
        return
    from imports.models import ImportChange

    table = connection.ops.quote_name(ImportChange._meta.db_table)
    with connection.cursor() as cursor:
        dumps = json.dumps
        rows = [(job_id, model_label, object_id, action, dumps(fields) if fields else "[]") for object_id, action, fields in changes]
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                f"INSERT INTO {table} (job_id, model, object_id, action, fields) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                rows[start : start + CHUNK],
            )


def select_in(sql: str, values, chunk: int = 900) -> list[tuple]:
    """Rows of ``sql`` (with one ``{in}`` where the placeholders go) for ``values``, in chunks: the
    ORM's ``__in`` lookups build every element as an expression, which is slow for thousands."""
    values = list(values)
    found: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            cursor.execute(sql.format(in_=", ".join(["%s"] * len(part))), part)
            found.extend(cursor.fetchall())
    return found
