"""Writes of cooperatives, their people, RAT meetings and the heads' access."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import (
    AnnualMeeting,
    Cooperative,
    CooperativeAccess,
    CooperativeStatusChange,
    Position,
    PositionRole,
)
from core import identifiers
from core.roles import UserLike
from enrollment.models import Person
from enrollment.services import person_get_or_create

COOPERATIVE_FIELDS = (
    "name",
    "nomor_induk",
    "sk_number",
    "sk_date",
    "nib",
    "npwp",
    "jenis",
    "address",
    "desa",
    "founded_on",
    "member_count",
    "npp",
    "divisi",
    "health",
    "is_merah_putih",
)


def _normalise(values: dict) -> dict:
    if values.get("nomor_induk"):
        values["nomor_induk"] = identifiers.normalize_nomor_induk_koperasi(values["nomor_induk"])
    elif "nomor_induk" in values:
        values["nomor_induk"] = None
    for key, normaliser in (("nib", identifiers.normalize_nib), ("npwp", identifiers.normalize_npwp), ("npp", identifiers.normalize_npp)):
        if values.get(key):
            values[key] = normaliser(values[key])
    return values


@transaction.atomic
def cooperative_save(
    *, cooperative: Cooperative | None = None, status: str | None = None, user: UserLike = None, **values: Any
) -> Cooperative:
    """Create or update a cooperative; a status change is written to its history."""
    unknown = set(values) - set(COOPERATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cooperative fields: {sorted(unknown)}")
    values = _normalise(values)
    creating = cooperative is None
    cooperative = cooperative or Cooperative()
    for key, value in values.items():
        setattr(cooperative, key, value)
    old_status = "" if creating else Cooperative.objects.filter(pk=cooperative.pk).values_list("status", flat=True).first()
    if status:
        cooperative.status = status
    cooperative.full_clean()
    cooperative.save()
    if creating or (status and status != old_status):
        CooperativeStatusChange.objects.create(
            cooperative=cooperative,
            from_status=old_status or "",
            to_status=cooperative.status,
            changed_on=timezone.localdate(),
            changed_by=user if getattr(user, "is_authenticated", False) else None,
        )
    return cooperative


@transaction.atomic
def cooperative_status_change(
    *, cooperative: Cooperative, to_status: str, reason: str, user: UserLike = None, on: date | None = None
) -> CooperativeStatusChange:
    """Change the administrative status with a reason; the history keeps every step."""
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan perubahan status wajib diisi.")})
    change = CooperativeStatusChange(
        cooperative=cooperative,
        from_status=cooperative.status,
        to_status=to_status,
        changed_on=on or timezone.localdate(),
        reason=reason.strip(),
        changed_by=user if getattr(user, "is_authenticated", False) else None,
    )
    change.full_clean()
    cooperative.status = to_status
    cooperative.save(update_fields=["status", "updated_at"])
    change.save()
    return change


@transaction.atomic
def position_add(*, cooperative: Cooperative, person: Person, role: str, started_on: date) -> Position:
    """Give a person a position; an officer role (ketua, sekretaris, bendahara) has one holder."""
    officer = role in (PositionRole.KETUA, PositionRole.SEKRETARIS, PositionRole.BENDAHARA)
    if officer and Position.objects.filter(cooperative=cooperative, role=role, ended_on__isnull=True).exists():
        raise ValidationError(
            {"role": _("Jabatan %(role)s masih diisi orang lain; akhiri dulu jabatannya.") % {"role": PositionRole(role).label}}
        )
    if Position.objects.filter(cooperative=cooperative, person=person, role=role, ended_on__isnull=True).exists():
        raise ValidationError({"person": _("Orang ini sudah memegang jabatan tersebut.")})
    position = Position(cooperative=cooperative, person=person, role=role, started_on=started_on)
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def position_add_by_nik(*, cooperative: Cooperative, nik: str, name: str, phone: str = "", role: str, started_on: date) -> Position:
    """Give the person with this NIK a position, registering him in the cooperative's desa if the
    NIK is new; nothing is written when either step is refused."""
    person = person_get_or_create(nik=nik, name=name, phone=phone, desa=cooperative.desa).person
    return position_add(cooperative=cooperative, person=person, role=role, started_on=started_on)


@transaction.atomic
def position_end(*, position: Position, ended_on: date) -> Position:
    if position.ended_on is not None:
        raise ValidationError({"ended_on": _("Jabatan ini sudah berakhir.")})
    if ended_on < position.started_on:
        raise ValidationError({"ended_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    position.ended_on = ended_on
    position.full_clean()
    position.save(update_fields=["ended_on", "updated_at"])
    return position


@transaction.atomic
def annual_meeting_record(
    *,
    cooperative: Cooperative,
    book_year: int,
    held_on: date | None,
    reported_on: date | None = None,
    attendees: int | None = None,
    notes: str = "",
) -> AnnualMeeting:
    """Record (or correct) the RAT of a book year."""
    if held_on and held_on.year <= book_year:
        raise ValidationError({"held_on": _("RAT tahun buku %(year)d diadakan setelah tahun buku ditutup.") % {"year": book_year}})
    meeting, _created = AnnualMeeting.objects.update_or_create(
        cooperative=cooperative,
        book_year=book_year,
        defaults={"held_on": held_on, "reported_on": reported_on, "attendees": attendees, "notes": notes},
    )
    return meeting


@transaction.atomic
def cooperative_access_grant(
    *, user: UserLike, cooperative: Cooperative, role: str = CooperativeAccess.AccessRole.KETUA, invited_by: UserLike = None
) -> CooperativeAccess:
    """Bind a user to a cooperative he may act for (re-activating a withdrawn binding)."""
    access, _created = CooperativeAccess.objects.update_or_create(
        user=user,
        cooperative=cooperative,
        defaults={"role": role, "invited_by": invited_by, "is_active": True, "revoked_at": None},
    )
    return access


@transaction.atomic
def cooperative_access_revoke(*, access: CooperativeAccess) -> CooperativeAccess:
    access.is_active = False
    access.revoked_at = timezone.now()
    access.save(update_fields=["is_active", "revoked_at"])
    return access


@transaction.atomic
def cooperative_scale_set(
    *,
    cooperative: Cooperative,
    capital: int | None,
    annual_sales: int | None,
    source: str,
    user: UserLike = None,
    as_of: date | None = None,
) -> Cooperative:
    """Record a cooperative's capital and annual sales and classify its scale as an employer.

    The classes are the PP 7/2021 criteria already used for UMKM (``umkm.services.classify_scale``
    on the dated ``umkm.ScaleCriterion`` rows); the record keeps where the figures come from, the
    criteria's legal basis, the date and who determined it. With neither figure the scale is
    unknown (never assumed).
    """
    from umkm.services import classify_scale, scale_criteria_on

    as_of = as_of or timezone.localdate()
    for label, value in ((_("Modal"), capital), (_("Hasil penjualan tahunan"), annual_sales)):
        if value is not None and int(value) < 0:
            raise ValidationError(_("%(label)s tidak boleh negatif.") % {"label": label})
    source = " ".join(str(source or "").split())
    if (capital is not None or annual_sales is not None) and not source:
        raise ValidationError({"scale_source": _("Sebutkan sumber angka modal dan penjualan (mis. laporan keuangan RAT 2025).")})
    criteria = scale_criteria_on(as_of)
    cooperative.capital = capital
    cooperative.annual_sales = annual_sales
    cooperative.scale_source = source
    if capital is None and annual_sales is None:
        cooperative.scale = ""
        cooperative.scale_basis = ""
    else:
        if not criteria:
            raise ValidationError(_("Kriteria skala usaha (PP 7/2021) belum tersedia untuk tanggal ini."))
        cooperative.scale = classify_scale(capital=capital, annual_sales=annual_sales, criteria=criteria)
        cooperative.scale_basis = criteria[0].legal_basis
    cooperative.scale_determined_on = as_of
    cooperative.scale_determined_by = user if getattr(user, "pk", None) else None
    cooperative.full_clean()
    cooperative.save(
        update_fields=[
            "capital",
            "annual_sales",
            "scale",
            "scale_source",
            "scale_basis",
            "scale_determined_on",
            "scale_determined_by",
            "updated_at",
        ]
    )
    return cooperative
