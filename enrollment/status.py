"""Participation status as of any date (domain-reference §3).

The due days and the arrears limit are data: the ``PaymentRule`` row in force on the date
(seeded: BPU pay month M by the 15th of M, more than 3 months in arrears is non-active; PU pay
month M by the 15th of M+1). This module reads them through ``terms_on``.

- BPU pay contribution month M by the due day of M, no fine; more than the arrears limit makes the
  participant non-active (resumed by paying).
- Employers (PU) pay month M by the due day of M+1; arrears mean ``menunggak`` (a fine a month), but
  the participation stays active until the employer is deactivated for a listed reason
  (``ended_on``).
- Jakon and PMI are covered for their project or placement period: active until ``ended_on``.
- A participation BPJS reported ``nonaktif`` (a status-only extract by NIK) and for which no paid
  month is known is non-active; once a paid month is recorded the rules above decide.

Each rule exists twice, as Python (one object) and as a ``Q`` (a whole queryset); tests hold the two
to the same answers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal, overload

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

if TYPE_CHECKING:
    from enrollment.models import Participation


@dataclass(frozen=True)
class PaymentTerms:
    """The ``PaymentRule`` in force on a day, as plain values for the hot paths."""

    effective_from: date
    effective_to: date | None
    bpu_due_day: int
    pu_due_day: int
    bpu_max_arrears_months: int


# The rules change once in years, and the status is computed for millions of rows (the dashboard's
# fact table): the rows are read once per process and re-read after TERMS_TTL_SECONDS or when a
# rule is saved in this process (``forget_terms``, connected in ``EnrollmentConfig.ready``).
TERMS_TTL_SECONDS = 60
_terms_lock = threading.Lock()
_terms_cache: tuple[float, list[PaymentTerms]] | None = None


def forget_terms(**_kwargs) -> None:
    global _terms_cache
    with _terms_lock:
        _terms_cache = None


def _all_terms() -> list[PaymentTerms]:
    global _terms_cache
    cached = _terms_cache
    if cached is not None and time.monotonic() - cached[0] < TERMS_TTL_SECONDS:
        return cached[1]
    from enrollment.models import PaymentRule

    rows = [
        PaymentTerms(r.effective_from, r.effective_to, r.bpu_due_day, r.pu_due_day, r.bpu_max_arrears_months)
        for r in PaymentRule.objects.order_by("effective_from")
    ]
    with _terms_lock:
        _terms_cache = (time.monotonic(), rows)
    return rows


def terms_on(as_of: date) -> PaymentTerms:
    """The payment terms in force on ``as_of``; a day before the first rule takes the first rule."""
    rows = _all_terms()
    if not rows:
        raise ImproperlyConfigured("No PaymentRule row: run migrate (enrollment 0006 seeds it).")
    chosen = rows[0]
    for row in rows:
        if row.effective_from <= as_of:
            chosen = row
    return chosen


def month_start(value: date) -> date:
    return value.replace(day=1)


def add_months(value: date, months: int) -> date:
    index = value.year * 12 + (value.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month)


@overload
def latest_due_month(segment: Literal["BPU", "PU"], as_of: date) -> date: ...
@overload
def latest_due_month(segment: str, as_of: date) -> date | None: ...
def latest_due_month(segment: str, as_of: date) -> date | None:
    """The latest contribution month whose payment deadline has passed on ``as_of``."""
    current = month_start(as_of)
    if segment == "BPU":
        return current if as_of.day > terms_on(as_of).bpu_due_day else add_months(current, -1)
    if segment == "PU":
        return add_months(current, -1) if as_of.day > terms_on(as_of).pu_due_day else add_months(current, -2)
    return None


def arrears_months(participation, as_of: date) -> int:
    """Contribution months past their deadline and unpaid on ``as_of``."""
    due = latest_due_month(participation.segment, as_of)
    if due is None:
        return 0
    paid = participation.last_paid_month
    reference = month_start(paid) if paid else add_months(month_start(participation.started_on), -1)
    return max(0, months_between(reference, due))


def participation_status(participation, as_of: date) -> str:
    """``aktif``, ``menunggak`` or ``nonaktif`` on ``as_of``."""
    if participation.started_on > as_of or (participation.ended_on and participation.ended_on <= as_of):
        return "nonaktif"
    if _reported_inactive(participation):
        return "nonaktif"
    arrears = arrears_months(participation, as_of)
    if arrears == 0:
        return "aktif"
    if participation.segment == "BPU" and arrears > terms_on(as_of).bpu_max_arrears_months:
        return "nonaktif"
    return "menunggak"


STATUS_RANK = {"aktif": 0, "menunggak": 1, "nonaktif": 2}  # best first


def best_participation(
    participations: Iterable[Participation], as_of: date, *, segment: str | None = None
) -> tuple[Participation | None, str | None]:
    """A person's best participation on ``as_of`` and its status, or ``(None, None)``.

    Active beats in arrears beats non-active; among equals the latest started wins (then the first
    given). A participation that starts after ``as_of`` is not one on that day. ``segment`` keeps
    only that segment's participations. Works on prefetched lists and unsaved rows alike.
    """
    best, best_key, best_status = None, None, None
    for participation in participations:
        if participation.started_on > as_of or (segment and participation.segment != segment):
            continue
        status = participation_status(participation, as_of)
        key = (STATUS_RANK[status], -participation.started_on.toordinal())
        if best_key is None or key < best_key:
            best, best_key, best_status = participation, key, status
    return best, best_status


def _reported_inactive(participation) -> bool:
    return getattr(participation, "reported_status", "") == "nonaktif" and participation.last_paid_month is None


REPORTED_INACTIVE_Q = Q(reported_status="nonaktif", last_paid_month__isnull=True)


def _paid_through_q(due: date, max_arrears: int) -> Q:
    """Arrears of at most ``max_arrears`` months against the due month ``due``."""
    threshold = add_months(due, -max_arrears)
    return Q(last_paid_month__gte=threshold) | Q(last_paid_month__isnull=True, started_on__gte=add_months(threshold, 1))


def active_q(as_of: date) -> Q:
    """Not non-active through arrears (combine with ``current``)."""
    due_bpu = latest_due_month("BPU", as_of)
    return (~Q(segment="BPU") | _paid_through_q(due_bpu, terms_on(as_of).bpu_max_arrears_months)) & ~REPORTED_INACTIVE_Q


def paid_up_q(as_of: date) -> Q:
    """No month in arrears (combine with ``current``)."""
    due_bpu = latest_due_month("BPU", as_of)
    due_pu = latest_due_month("PU", as_of)
    return (
        (Q(segment="BPU") & _paid_through_q(due_bpu, 0)) | (Q(segment="PU") & _paid_through_q(due_pu, 0)) | Q(segment__in=("JAKON", "PMI"))
    ) & ~REPORTED_INACTIVE_Q
