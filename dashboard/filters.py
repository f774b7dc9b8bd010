"""The dashboard's filters: parsed from the query string, validated, and carried in every link."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.http import urlencode

from cooperatives.models import CooperativeType
from umkm.models import Scale

_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_KBLI = re.compile(r"^\d{2}$")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class DashboardFilters:
    kecamatan: str = ""
    desa: str = ""
    jenis: str = ""
    period: str = ""  # YYYY-MM; empty = today
    scale: str = ""  # UMKM figures only
    kbli: str = ""  # KBLI main group (two digits), UMKM figures only

    @classmethod
    def from_query(cls, params) -> DashboardFilters:
        """Unknown or malformed values are dropped, never an error: a shared URL always opens."""
        kecamatan = str(params.get("kecamatan", "")).strip()
        desa = str(params.get("desa", "")).strip()
        jenis = str(params.get("jenis", "")).strip()
        period = str(params.get("period", "")).strip()
        kecamatan = kecamatan if _KECAMATAN.match(kecamatan) else ""
        desa = desa if _DESA.match(desa) else ""
        if desa and not kecamatan:
            kecamatan = desa[:8]
        if desa and desa[:8] != kecamatan:
            desa = ""
        jenis = jenis if jenis in CooperativeType.values else ""
        scale = str(params.get("scale", "")).strip()
        scale = scale if scale in Scale.values else ""
        kbli = str(params.get("kbli", "")).strip()
        kbli = kbli if _KBLI.match(kbli) else ""
        match = _PERIOD.match(period)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            today = timezone.localdate()
            if not (1 <= month <= 12 and year >= 2000) or (year, month) >= (today.year, today.month):
                period = ""
        else:
            period = ""
        return cls(kecamatan=kecamatan, desa=desa, jenis=jenis, period=period, scale=scale, kbli=kbli)

    @property
    def as_of(self) -> date:
        """The end of the chosen month, or today for the current month."""
        if not self.period:
            return timezone.localdate()
        year, month = (int(x) for x in self.period.split("-"))
        return month_end(year, month)

    @property
    def key(self) -> str:
        return f"k={self.kecamatan}|d={self.desa}|j={self.jenis}|p={self.period}|s={self.scale}|b={self.kbli}"

    @property
    def is_regency_wide(self) -> bool:
        return not (self.kecamatan or self.desa or self.jenis or self.scale or self.kbli)

    def params(self, **extra) -> dict:
        values = {
            k: v
            for k, v in (
                ("kecamatan", self.kecamatan),
                ("desa", self.desa),
                ("jenis", self.jenis),
                ("period", self.period),
                ("scale", self.scale),
                ("kbli", self.kbli),
            )
            if v
        }
        values.update({k: v for k, v in extra.items() if v not in (None, "")})
        return values

    def query(self, **extra) -> str:
        return urlencode(self.params(**extra))
