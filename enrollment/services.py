"""Writes of people and participations. Every write validates the NIK and what it implies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import EllipsisType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import identifiers
from core.formatting import tanggal
from enrollment.models import DatedRule, Participation, Payer, Person
from enrollment.status import month_start
from regions.models import Region
from regions.selectors import region_exists_for_nik_prefix


@dataclass
class PersonResult:
    person: Person
    created: bool
    warnings: list[str] = field(default_factory=list)


def nik_check(nik: str, *, gender: str | None = None, birth_date: date | None = None) -> tuple[identifiers.NikInfo, list[str]]:
    """Validate a NIK and compare what it encodes with what was entered.

    Returns the decoded NIK and warnings (an unknown region code is a warning, never an error);
    a gender or birth date that contradicts the NIK is an error.
    """
    info = identifiers.parse_nik(nik)
    warnings = []
    if not region_exists_for_nik_prefix(info.nik[:6]):
        warnings.append(
            _("Kode wilayah NIK %(code)s tidak ada di daftar wilayah Kemendagri (mungkin wilayah lama atau pemekaran).")
            % {"code": info.region_code}
        )
    errors = {}
    if gender and gender != info.gender:
        errors["gender"] = _("Jenis kelamin tidak sesuai dengan NIK (NIK menunjukkan %(g)s).") % {
            "g": _("perempuan") if info.gender == "P" else _("laki-laki")
        }
    if birth_date and birth_date != info.birth_date:
        errors["birth_date"] = _("Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan %(d)s).") % {"d": tanggal(info.birth_date)}
    if errors:
        raise ValidationError(errors)
    return info, warnings


@transaction.atomic
def person_create(
    *,
    nik: str,
    name: str,
    gender: str | None = None,
    birth_date: date | None = None,
    phone: str = "",
    desa: Region | None = None,
    address: str = "",
) -> PersonResult:
    """Create a person; gender and birth date default to what the NIK encodes."""
    info, warnings = nik_check(nik, gender=gender, birth_date=birth_date)
    if Person.objects.filter(nik=info.nik).exists():
        raise ValidationError({"nik": _("NIK ini sudah terdaftar.")})
    person = Person(
        nik=info.nik,
        name=" ".join(str(name).split()),
        gender=info.gender,
        birth_date=info.birth_date,
        phone=identifiers.normalize_phone(phone) if phone else "",
        desa=desa,
        address=address,
        nik_region_known=not warnings,
    )
    person.full_clean()
    person.save()
    return PersonResult(person=person, created=True, warnings=warnings)


@transaction.atomic
def person_get_or_create(*, nik: str, name: str, phone: str = "", desa: Region | None = None, address: str = "") -> PersonResult:
    """The person with this NIK, created if new; an existing person keeps his data."""
    normalized = identifiers.normalize_nik(nik)
    existing = Person.objects.filter(nik=normalized).first()
    if existing:
        return PersonResult(person=existing, created=False)
    return person_create(nik=normalized, name=name, phone=phone, desa=desa, address=address)


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str | None = None,
    phone: str | None = None,
    desa: Region | None | EllipsisType = ...,
    address: str | None = None,
) -> Person:
    """Correct a person's name, phone, desa or address (the NIK is the identity and stays)."""
    if name is not None:
        person.name = " ".join(str(name).split())
    if phone is not None:
        person.phone = identifiers.normalize_phone(phone) if phone else ""
    if desa is not ...:
        person.desa = desa
    if address is not None:
        person.address = address
    person.full_clean()
    person.save()
    return person


PARTICIPATION_FIELDS = (
    "segment",
    "jkk",
    "jkm",
    "jht",
    "jp",
    "jkp",
    "npp",
    "divisi",
    "risk_class",
    "wage",
    "started_on",
    "last_paid_month",
    "ended_on",
    "end_reason",
    "source",
    "payer",
    "sponsor_programme",
    "sector",
    "reported_status",
    "status_reported_on",
)


@transaction.atomic
def participation_upsert(*, person: Person, kpj: str | None = None, **values: Any) -> tuple[Participation, bool]:
    """Create or update a participation; the month paid is kept as its first day.

    With a KPJ the participation is the one holding it (or the person's participation in the
    segment that has no KPJ yet, which receives it). Without a KPJ (BPJS shared only the status by
    NIK) it is the person's participation in ``values["segment"]``, the current one first.
    A sponsor programme implies the sponsor payer.
    """
    kpj = identifiers.normalize_kpj(kpj) if kpj else None
    unknown = set(values) - set(PARTICIPATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown participation fields: {sorted(unknown)}")
    if values.get("last_paid_month"):
        values["last_paid_month"] = month_start(values["last_paid_month"])
    if values.get("npp"):
        values["npp"] = identifiers.normalize_npp(values["npp"])
    if values.get("sponsor_programme") is not None:
        values["payer"] = Payer.SPONSOR
    elif values.get("payer") and values["payer"] != Payer.SPONSOR:
        values["sponsor_programme"] = None
    locked = Participation.objects.select_for_update()
    participation = locked.filter(kpj=kpj).first() if kpj else None
    if participation is None and values.get("segment"):
        same_segment = locked.filter(person=person, segment=values["segment"]).order_by("-started_on", "-pk")
        if kpj:
            same_segment = same_segment.filter(kpj__isnull=True)
        participation = same_segment.filter(ended_on__isnull=True).first() or same_segment.first()
    created = participation is None
    if participation is None:
        participation = Participation(person=person, kpj=kpj)
    elif participation.person_id != person.pk:
        raise ValidationError({"kpj": _("KPJ %(kpj)s sudah tercatat atas NIK lain.") % {"kpj": kpj}})
    elif kpj and not participation.kpj:
        participation.kpj = kpj
    for key, value in values.items():
        setattr(participation, key, value)
    if participation.segment == "BPU" and (participation.jp or participation.jkp):
        raise ValidationError({"segment": _("Peserta BPU tidak dapat mengikuti program JP atau JKP.")})
    if participation.payer == Payer.SPONSOR and participation.sponsor_programme is None:
        raise ValidationError({"sponsor_programme": _("Pilih program penanggung iuran.")})
    participation.full_clean()
    participation.save()
    return participation, created


@transaction.atomic
def dated_rule_save(*, row: DatedRule) -> list:
    """Validate and save a dated legal row (rate, bracket, relief, obligation).

    Overlaps are refused with a message naming the other row; an open-ended older row for the
    same key that the new row starts inside is closed the day before. Returns the closed rows.
    """
    row.full_clean()
    closed = row.close_superseded()
    row.save()
    return closed
