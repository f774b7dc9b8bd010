"""The size classes of a business (UU 20/2008, PP 7/2021), and the one rule that decides them.

UMKM records, cooperatives (their employer scale stages the BPJS obligation) and participations
all classify by the same four classes, so the enum lives below all of them. The criteria that
decide a class on a date are data (``umkm.ScaleCriterion`` rows); ``ScaleTable`` holds the rows in
force and is the only place the rule is written: ``classify`` decides in Python, ``sql`` writes
the same decision as a SQL expression for the bulk paths (the UMKM importer on PostgreSQL).
``tests/umkm/test_scale.py`` feeds the same cases through both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar (bukan UMKM)")


SCALE_ORDER = [Scale.MIKRO, Scale.KECIL, Scale.MENENGAH, Scale.BESAR]


def _limit(row: tuple[str, int, int], which: int) -> int:
    """A row's capital limit (``which`` 1) or sales limit (2)."""
    return int(row[1] if which == 1 else row[2])


@dataclass(frozen=True)
class ScaleTable:
    """The upper limits in force, smallest class first: rows of (class, capital_max, sales_max).

    The rule: each known figure (capital excluding land and buildings, annual sales) falls in the
    smallest class whose limit it stays within, above every limit it is ``besar``; the higher class
    of the two applies, so a business is never under-classified; with neither figure known it
    counts as mikro.
    """

    rows: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, criteria: Iterable[Any]) -> ScaleTable:
        """The table of criteria rows (anything with ``scale``, ``capital_max``, ``sales_max``)."""
        ordered = sorted(criteria, key=lambda c: c.capital_max)
        return cls(tuple((str(c.scale), int(c.capital_max), int(c.sales_max)) for c in ordered))

    def _rank(self, value: int | None, limit: int) -> int | None:
        if value is None:
            return None
        for row in self.rows:
            if value <= _limit(row, limit):
                return SCALE_ORDER.index(Scale(row[0]))
        return len(SCALE_ORDER) - 1

    def classify(self, *, capital: int | None, annual_sales: int | None) -> str:
        """The class of a business with these figures (None: not known)."""
        ranks = [r for r in (self._rank(capital, 1), self._rank(annual_sales, 2)) if r is not None]
        return SCALE_ORDER[max(ranks)].value if ranks else Scale.MIKRO.value

    def sql(self, capital: str, annual_sales: str, *, vendor: str = "postgresql") -> str:
        """The same decision as a SQL expression over two integer expressions (NULL: not known).

        Only the table's integers and the class names are written into the text; ``capital`` and
        ``annual_sales`` are the caller's SQL (column references, casts).
        """

        def rank(expression: str, limit: int) -> str:
            whens = " ".join(f"WHEN {expression} <= {_limit(row, limit)} THEN {SCALE_ORDER.index(Scale(row[0]))}" for row in self.rows)
            return f"(CASE WHEN {expression} IS NULL THEN 0 {whens} ELSE {len(SCALE_ORDER) - 1} END)"

        greatest = "GREATEST" if vendor == "postgresql" else "MAX"  # SQLite's two-argument max()
        names = " ".join(f"WHEN {index} THEN '{scale.value}'" for index, scale in enumerate(SCALE_ORDER))
        return f"(CASE {greatest}({rank(capital, 1)}, {rank(annual_sales, 2)}) {names} END)"
