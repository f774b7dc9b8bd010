"""Reads of the deployment's identity."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Subquery

from institution.models import DEFAULT_NUMBER_PATTERN, Instansi, time_zone_for


def bootstrap_instansi() -> Instansi:
    """An unsaved record from ``settings.INSTANSI_BOOTSTRAP`` (environment overrides), used only
    until ``manage.py setup_regency`` has created the real one."""
    values = dict(getattr(settings, "INSTANSI_BOOTSTRAP", {}))
    values.setdefault("number_pattern", DEFAULT_NUMBER_PATTERN)
    values.setdefault("time_zone", time_zone_for(values.get("region_code", "")) if values.get("region_code") else settings.TIME_ZONE)
    fields = {f.name for f in Instansi._meta.concrete_fields}
    return Instansi(**{k: v for k, v in values.items() if k in fields})


# Every request reads the record (time zone, names, site URL), and it changes once in months: it is
# kept per process for INSTANSI_TTL_SECONDS, and forgotten at once when it is saved in this process
# (``forget_instansi``, connected in ``InstitutionConfig.ready``). Other processes see a change
# within the TTL.
INSTANSI_TTL_SECONDS = 30
_lock = threading.Lock()
_cached: tuple[float, Instansi] | None = None


def forget_instansi(**_kwargs: object) -> None:
    global _cached
    with _lock:
        _cached = None


def current_instansi() -> Instansi:
    """The deployment's Instansi (pk = 1), or the bootstrap default before set-up."""
    global _cached
    cached = _cached
    if cached is not None and time.monotonic() - cached[0] < INSTANSI_TTL_SECONDS:
        return cached[1]
    # Before set-up the bootstrap default is kept for the same time: ``setup_regency`` in another
    # process is seen within the TTL, a save in this one at once.
    record = Instansi.objects.filter(pk=1).first() or bootstrap_instansi()
    with _lock:
        _cached = (time.monotonic(), record)
    return record


def site_url() -> str:
    """The public base URL: the record's, else ``settings.SITE_URL``."""
    return (current_instansi().site_url or settings.SITE_URL).rstrip("/")


def regency_code() -> str:
    """The Kemendagri code of the regency this deployment serves (``""`` before set-up)."""
    return current_instansi().region_code


def regency_code_expression() -> Subquery:
    """The served code as a subquery (resolved by the database when the query runs)."""
    return Subquery(Instansi.objects.filter(pk=1).values("region_code")[:1])
