"""Writes of the dashboard: rebuilding the fact table from the register."""

from __future__ import annotations

from dashboard import facts


def facts_rebuild() -> dict:
    """Recompute the whole fact table (nightly, and after a bulk write); returns what was written."""
    return facts.rebuild()
