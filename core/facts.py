"""A small registry through which the apps that write the register tell the layers above them
(the dashboard's fact table) that rows changed, without importing them.

Single-object writes (services, admin, fixtures) go through Django's model signals, which the
dashboard connects in its ``AppConfig.ready``. Bulk writes that bypass signals (``bulk_create``,
``COPY``, raw SQL, as the import pipeline does) call :func:`bulk_changed` inside their transaction,
after the rows are written and before it commits, so the derived figures change in the same
transaction as the register.
"""

from __future__ import annotations

from collections.abc import Callable

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


_suspended = 0


def is_suspended() -> bool:
    return _suspended > 0


class suspended:  # noqa: N801 - used as a context manager like transaction.atomic
    """Bulk work on the register (seeding, wiping): per-object maintenance is skipped inside, and
    :func:`bulk_changed` runs once at the end (inside the caller's transaction)."""

    def __init__(self, *, source: str):
        self.source = source

    def __enter__(self):
        global _suspended
        _suspended += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        global _suspended
        _suspended -= 1
        if exc_type is None and not _suspended:
            bulk_changed(source=self.source)
        return False
