"""Helpers that record sensitive reads and exports as ``AccessEvent`` rows.

Use ``record_personal_data_read`` wherever a page or API answer shows an unmasked NIK, phone
number or address, and ``record_export`` for every file a user takes out. Writes are recorded by
django-auditlog (``privacy.audit``); these two cover what a write log cannot see.

Never pass a NIK or phone number in ``target`` or ``details``: name the object by its model and
primary key (``"enrollment.Person#42"``) instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from accounts.models import AccessEvent
from accounts.services import access_log


def object_label(obj) -> str:
    """``app_label.Model#pk``: identifies a record without personal data."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.object_name}#{obj.pk}"


def record_personal_data_read(request, obj, *, fields: Iterable[str], purpose: str = "") -> AccessEvent:
    """Record that ``request.user`` saw the unmasked ``fields`` of ``obj`` (e.g. ``["nik", "phone"]``)."""
    details = {"fields": sorted(set(fields)), "path": request.path if request is not None else ""}
    if purpose:
        details["purpose"] = purpose
    return access_log(
        user=getattr(request, "user", None),
        action=AccessEvent.Action.PERSONAL_DATA,
        target=object_label(obj),
        details=details,
        request=request,
    )


def record_export(request, *, name: str, rows: int, filters: dict | None = None, file_format: str = "") -> AccessEvent:
    """Record an export: which report, how many rows, under which filters (never personal values)."""
    details = {"rows": rows, "filters": filters or {}, "format": file_format}
    return access_log(
        user=getattr(request, "user", None),
        action=AccessEvent.Action.EXPORT,
        target=name,
        details=details,
        request=request,
    )
