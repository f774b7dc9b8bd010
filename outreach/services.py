"""Writes of the outreach (sosialisasi) register."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.roles import UserLike
from outreach.models import OutreachAttendance, OutreachEvent
from regions.models import Region

if TYPE_CHECKING:
    from accounts.models import Bank
    from cooperatives.models import Cooperative
    from enrollment.models import Person
    from umkm.models import Business


@transaction.atomic
def event_create(
    *,
    title: str,
    held_on: date,
    place: str,
    kecamatan: Region,
    bpjs_present: bool = True,
    dinas_present: bool = True,
    banks: Iterable[Bank] = (),
    notes: str = "",
    created_by: UserLike = None,
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
def attendance_add(
    *, event: OutreachEvent, cooperative: Cooperative | None = None, business: Business | None = None, person: Person | None = None
) -> OutreachAttendance:
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


def prospects_link(*, niks: Iterable[str] | None = None) -> int:
    """Link the prospects whose NIK the register now holds to that Person (all of them, or those of
    ``niks``); a prospect already at the event as that person stays as it is. Returns how many."""
    from enrollment.models import Person

    prospects = OutreachAttendance.objects.filter(prospect=True, person__isnull=True, cooperative__isnull=True, business__isnull=True)
    prospects = prospects.exclude(nik="")
    if niks is not None:
        prospects = prospects.filter(nik__in=list(niks))
    found = dict(Person.objects.filter(nik__in=prospects.values("nik")).values_list("nik", "pk"))
    taken = set(OutreachAttendance.objects.filter(person_id__in=found.values()).values_list("event_id", "person_id"))
    linked = []
    for attendance in prospects.filter(nik__in=list(found)):
        person_id = found[attendance.nik]
        if (attendance.event_id, person_id) in taken:
            continue
        attendance.person_id = person_id
        taken.add((attendance.event_id, person_id))
        linked.append(attendance)
    OutreachAttendance.objects.bulk_update(linked, ["person"], batch_size=500)
    return len(linked)
