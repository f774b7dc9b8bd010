"""Database helpers shared by the apps: fast paths that lean on Django's private internals.

``insert_together`` copies what ``Model.save(force_insert=True)`` does (``Field.pre_save`` and
``get_db_prep_save`` for defaults and ``auto_now_add``, then ``_state.adding``/``_state.db`` set by
hand) and skips the save signals; ``fetch_compiled`` keeps the SQL and the row converters of a
compiled query (``Query.get_compiler``, ``SQLCompiler.as_sql``, ``compiler.select``,
``get_converters``), none of which are public API. Both are used by the bank check
(``banking.services``, ``banking.selectors``), the hot path they exist for.

On a Django upgrade rerun ``tests/core/test_db.py`` (both helpers against the ORM's own results),
``tests/banking/`` and ``tests/api/`` on SQLite and on PostgreSQL, and the bank API benchmark
(``bench/api/run.py``, docs/performance.md "Bank API") against its recorded figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_save, pre_save


def insert_together(*instances: Model, using: str = "default") -> None:
    """Insert new model instances atomically, in a single statement on PostgreSQL.

    On PostgreSQL the rows go in as one statement of data-modifying CTEs: one round trip, and
    outside a transaction one commit, which is what keeps a hot write path (a bank check and its
    access-log entry) short. Elsewhere, or when a model has save signal receivers, the instances
    are saved one after another in one ``transaction.atomic`` block. Either way each instance gets
    its primary key and counts as saved. Field defaults and ``auto_now_add`` apply as in
    ``save()``; ``full_clean`` is not called and no save signals are sent by the single statement.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or any(
        pre_save.has_listeners(type(obj)) or post_save.has_listeners(type(obj)) for obj in instances
    ):
        with transaction.atomic(using=using):
            for obj in instances:
                obj.save(using=using, force_insert=True)
        return
    quote = connection.ops.quote_name
    ctes, params = [], []
    for number, obj in enumerate(instances):
        meta = obj._meta
        fields = [f for f in meta.concrete_fields if not (f.primary_key and getattr(obj, f.attname) is None)]
        values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Table and column names come from model metadata, quoted; every value is a parameter.
        insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}) RETURNING {quote(meta.pk.column)}"  # noqa: S608
        ctes.append(f"i{number} AS ({insert})")
        params.extend(values)
    selects = ", ".join(f"(SELECT * FROM i{number})" for number in range(len(instances)))  # noqa: S608
    sql = f"WITH {', '.join(ctes)} SELECT {selects}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchone()
    for obj, key in zip(instances, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using


_compiled: dict = {}


def fetch_compiled(name: str, build: Callable[[Any], QuerySet], value: Any, using: str = "default") -> list[tuple]:
    """Rows of a ``values_list`` queryset that is compiled once per process and then only executed.

    For hot read paths: the ORM defines the query (names, joins, quoting) and the converters
    (dates, booleans, time zones per backend); ``build(placeholder)`` must use its argument as the
    query's only parameter. Each call runs the kept SQL with ``value`` and converts the rows as
    the ORM would.
    """
    connection = connections[using]
    key = (name, connection.vendor, using)
    entry = _compiled.get(key)
    if entry is None:
        marker = "\x1fplaceholder\x1f"
        compiler = build(marker).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if tuple(params) != (marker,):
            raise ValueError(f"{name}: the query must take exactly one parameter, got {params!r}")
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        entry = _compiled[key] = (sql, list(converters.items()))
    sql, converters = entry
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters:
            cell = row[position]
            for function in functions:
                cell = function(cell, expression, connection)
            row[position] = cell
        converted.append(tuple(row))
    return converted
