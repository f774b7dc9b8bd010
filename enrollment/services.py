"""Writes of people and participations. Every write validates the NIK and what it implies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import identifiers
from enrollment.models import Participation, Person
from enrollment.status import month_start
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
        errors["birth_date"] = _("Tanggal lahir tidak sesuai dengan NIK (NIK menunjukkan %(d)s).") % {
            "d": info.birth_date.strftime("%d-%m-%Y")
        }
    if errors:
        raise ValidationError(errors)
    return info, warnings


@transaction.atomic
def person_create(
    *, nik: str, name: str, gender: str | None = None, birth_date: date | None = None, phone: str = "", desa=None, address: str = ""
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
def person_get_or_create(*, nik: str, name: str, phone: str = "", desa=None, address: str = "") -> PersonResult:
    """The person with this NIK, created if new; an existing person keeps his data."""
    normalized = identifiers.normalize_nik(nik)
    existing = Person.objects.filter(nik=normalized).first()
    if existing:
        return PersonResult(person=existing, created=False)
    return person_create(nik=normalized, name=name, phone=phone, desa=desa, address=address)


@transaction.atomic
def person_update(*, person: Person, name: str | None = None, phone: str | None = None, desa=..., address: str | None = None) -> Person:
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
)


@transaction.atomic
def participation_upsert(*, person: Person, kpj: str, **values) -> tuple[Participation, bool]:
    """Create or update the participation with this KPJ; the month paid is kept as its first day."""
    kpj = identifiers.normalize_kpj(kpj)
    unknown = set(values) - set(PARTICIPATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown participation fields: {sorted(unknown)}")
    if values.get("last_paid_month"):
        values["last_paid_month"] = month_start(values["last_paid_month"])
    if values.get("npp"):
        values["npp"] = identifiers.normalize_npp(values["npp"])
    participation = Participation.objects.select_for_update().filter(kpj=kpj).first()
    created = participation is None
    if created:
        participation = Participation(person=person, kpj=kpj)
    elif participation.person_id != person.pk:
        raise ValidationError({"kpj": _("KPJ %(kpj)s sudah tercatat atas NIK lain.") % {"kpj": kpj}})
    for key, value in values.items():
        setattr(participation, key, value)
    if participation.segment == "BPU" and (participation.jp or participation.jkp):
        raise ValidationError({"segment": _("Peserta BPU tidak dapat mengikuti program JP atau JKP.")})
    participation.full_clean()
    participation.save()
    return participation, created
