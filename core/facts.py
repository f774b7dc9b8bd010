"""A small registry through which the apps that write the register tell the layers above them
(the dashboard's fact table) that rows changed, without importing them.

Single-object writes (services, admin, fixtures) go through Django's model signals, which the
dashboard connects in its ``AppConfig.ready``. Bulk writes that bypass signals (``bulk_create``,
``COPY``, raw SQL) either name the rows they write with :func:`changing` (the import pipeline,
chunk by chunk: the listeners subtract those rows' contributions before the write and add them
back after it, on the same connection and in the same transaction), or, when the work is
genuinely global (the demo seeder, wiping), call :func:`bulk_changed` inside their transaction,
after the rows are written and before it commits (a full recomputation).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Literal

_bulk_listeners: list[Callable[..., None]] = []


def on_bulk_change(listener: Callable[..., None]) -> None:
    """Register ``listener(source=...)``; called for every :func:`bulk_changed`."""
    if listener not in _bulk_listeners:
        _bulk_listeners.append(listener)


def bulk_changed(*, source: str) -> None:
    """Rows of the register were written in bulk inside the current transaction (``source`` names
    the writer, e.g. ``"import:umkm"``). Call it before the transaction commits."""
    for listener in list(_bulk_listeners):
        listener(source=source)


# --- scoped changes --------------------------------------------------------------------------

_scoped_listeners: list[Callable[[Scope], Callable[[], None]]] = []
_local = threading.local()  # per thread: the import writer thread has its own connection


def on_scoped_change(listener: Callable[[Scope], Callable[[], None]]) -> None:
    """Register ``listener(scope)``: called before a write named with :func:`changing`; it returns
    the callable run after the write (both on the writing thread, inside its transaction)."""
    if listener not in _scoped_listeners:
        _scoped_listeners.append(listener)


class Scope:
    """The register rows a write is about to touch, by kind (``persons``, ``businesses``,
    ``cooperatives``). Each is a queryset (its primary keys are taken), a callable returning ids,
    or an iterable of ids; :meth:`resolve` evaluates them now, so calling it before the write names
    the existing rows and after it includes the rows the write created."""

    KINDS = ("persons", "businesses", "cooperatives")

    def __init__(self, **lookups: Iterable | Callable | None) -> None:
        unknown = set(lookups) - set(self.KINDS)
        if unknown:
            raise TypeError(f"unknown kinds: {sorted(unknown)}")
        self.lookups = {k: v for k, v in lookups.items() if v is not None}

    def resolve(self) -> dict[str, set]:
        out: dict[str, set] = {}
        for kind, lookup in self.lookups.items():
            if hasattr(lookup, "values_list"):
                ids = lookup.values_list("pk", flat=True)
            elif callable(lookup):
                ids = lookup()
            else:
                ids = lookup
            out[kind] = set(ids)
        return out


@contextmanager
def changing(
    *,
    persons: Iterable | Callable | None = None,
    businesses: Iterable | Callable | None = None,
    cooperatives: Iterable | Callable | None = None,
) -> Iterator[None]:
    """Wrap a bulk write that bypasses the signals and name the rows it writes (see :class:`Scope`)::

        with facts.changing(businesses=Business.objects.filter(nib__in=nibs)):
            ...  # the write

    Run it on the connection and inside the transaction of the write: the listeners' own writes
    then commit or roll back with it. Per-object maintenance (signals) is skipped inside, on this
    thread, so nothing is counted twice. On an exception nothing is done after the write (the
    caller's transaction is rolled back anyway)."""
    if not _scoped_listeners or is_suspended():
        yield
        return
    scope = Scope(persons=persons, businesses=businesses, cooperatives=cooperatives)
    finishers = [listener(scope) for listener in list(_scoped_listeners)]
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1
    for finish in finishers:
        finish()


_suspended = 0


def is_suspended() -> bool:
    """Per-object maintenance is off: bulk work (:class:`suspended`, any thread) or a scoped change
    (:func:`changing`, on this thread)."""
    return _suspended > 0 or getattr(_local, "depth", 0) > 0


class suspended:  # noqa: N801 - used as a context manager like transaction.atomic
    """Bulk work on the register (seeding, wiping): per-object maintenance is skipped inside, and
    :func:`bulk_changed` runs once at the end (inside the caller's transaction)."""

    def __init__(self, *, source: str):
        self.source = source

    def __enter__(self) -> suspended:
        global _suspended
        _suspended += 1
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> Literal[False]:
        global _suspended
        _suspended -= 1
        if exc_type is None and not _suspended:
            bulk_changed(source=self.source)
        return False
