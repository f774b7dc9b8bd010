"""Writes of the outreach (sosialisasi) register."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from outreach.models import OutreachAttendance, OutreachEvent
from regions.models import Region


@transaction.atomic
def event_create(
    *,
    title: str,
    held_on: date,
    place: str,
    kecamatan: Region,
    bpjs_present: bool = True,
    dinas_present: bool = True,
    banks=(),
    notes: str = "",
    created_by=None,
) -> OutreachEvent:
    """Record an outreach event held in a kecamatan, with the partners present."""
    if kecamatan.kind != Region.Kind.KECAMATAN:
        raise ValidationError({"kecamatan": _("Pilih sebuah kecamatan.")})
    event = OutreachEvent(
        title=title,
        held_on=held_on,
        place=place,
        kecamatan=kecamatan,
        bpjs_present=bpjs_present,
        dinas_present=dinas_present,
        notes=notes,
        created_by=created_by,
    )
    event.full_clean()
    event.save()
    event.banks.set(banks)
    return event


@transaction.atomic
def attendance_add(*, event: OutreachEvent, cooperative=None, business=None, person=None) -> OutreachAttendance:
    """Add one attendee (a cooperative, a business or a person) to an event, once."""
    given = [x for x in (cooperative, business, person) if x is not None]
    if len(given) != 1:
        raise ValidationError(_("Pilih tepat satu peserta: koperasi, usaha, atau orang."))
    attendance = OutreachAttendance(event=event, cooperative=cooperative, business=business, person=person)
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        raise ValidationError(_("Peserta ini sudah tercatat pada kegiatan ini.")) from None
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: OutreachAttendance) -> None:
    attendance.delete()
