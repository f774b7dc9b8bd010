"""Retention: remove or anonymise personal data kept beyond its retention period.

A person is kept while he has any business, any participation that has not ended, or any
position that has not ended, or ended within the retention period. Beyond that (and untouched
for the whole period) his ended participations and positions are deleted with him; when other
records still refer to him (a letter, an import row), he is anonymised instead: NIK, name, phone
and address are replaced and the birth date is reduced to its year, which keeps the aggregate
statistics intact. Access events and audit-log entries are pruned after their own periods.

Uploaded import files hold whole registers (NIKs, phones). When an import has finished and its
file retention period (``IMPORT_FILE_RETENTION_DAYS``) has passed, the file is deleted from
storage and the raw cell values kept with its rejected rows are cleared; the job's counts,
timings and messages stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from auditlog.models import LogEntry
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, QuerySet, RestrictedError
from django.utils import timezone

from accounts.models import AccessEvent
from cooperatives.models import Position
from enrollment.models import Participation, Person
from imports.models import ACTIVE_STATES, ImportIssue, ImportJob, IssueKind
from umkm.models import Business

ANONYMISED_NAME = "[data dihapus]"


@dataclass
class PurgeReport:
    cutoff: dt.date
    people_deleted: int = 0
    people_anonymised: int = 0
    participations_deleted: int = 0
    positions_deleted: int = 0
    access_events_deleted: int = 0
    audit_entries_deleted: int = 0
    import_files_deleted: int = 0
    dry_run: bool = False
    candidate_ids: list[int] = field(default_factory=list)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def expired_people(*, cutoff: dt.date) -> QuerySet[Person]:
    """People with no business and no participation or position current on or after ``cutoff``."""
    cutoff_dt = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    recent_participation = Participation.objects.filter(person=OuterRef("pk")).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff))
    recent_position = Position.objects.filter(person=OuterRef("pk")).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff))
    any_business = Business.objects.filter(owner=OuterRef("pk"))
    return (
        Person.objects.filter(updated_at__lt=cutoff_dt)
        .exclude(name=ANONYMISED_NAME)
        .exclude(Exists(recent_participation))
        .exclude(Exists(recent_position))
        .exclude(Exists(any_business))
        .order_by("pk")
    )


def _anonymise(person: Person) -> None:
    person.nik = f"X{person.pk:015d}"[:16]
    person.name = ANONYMISED_NAME
    person.phone = ""
    person.address = ""
    person.birth_date = person.birth_date.replace(month=1, day=1)
    # Not full_clean(): the placeholder is deliberately not a valid NIK, so it can never collide with one.
    person.save(update_fields=["nik", "name", "phone", "address", "birth_date", "updated_at"])


def purge_personal_data(*, older_than_years: int | None = None, dry_run: bool = False, today: dt.date | None = None) -> PurgeReport:
    """Apply the retention rules; with ``dry_run`` only count what would be removed."""
    years = older_than_years if older_than_years is not None else settings.PERSONAL_DATA_RETENTION_YEARS
    if years < 1:
        raise ValueError("retention must be at least one year")
    today = today or timezone.localdate()
    now = timezone.now()
    report = PurgeReport(cutoff=_years_before(today, years), dry_run=dry_run)
    people = list(expired_people(cutoff=report.cutoff))
    report.candidate_ids = [p.pk for p in people]
    access_cutoff = now - dt.timedelta(days=settings.ACCESS_EVENT_RETENTION_DAYS)
    audit_cutoff = now - dt.timedelta(days=settings.AUDITLOG_RETENTION_DAYS)
    access_events = AccessEvent.objects.filter(created_at__lt=access_cutoff)
    audit_entries = LogEntry.objects.filter(timestamp__lt=audit_cutoff)
    import_jobs = expired_import_jobs(now=now)

    if dry_run:
        report.people_deleted = len(people)
        report.participations_deleted = Participation.objects.filter(person__in=people).count()
        report.positions_deleted = Position.objects.filter(person__in=people).count()
        report.access_events_deleted = access_events.count()
        report.audit_entries_deleted = audit_entries.count()
        report.import_files_deleted = import_jobs.count()
        return report

    for person in people:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    participations = Participation.objects.filter(person=person).delete()[0]
                    positions = Position.objects.filter(person=person).delete()[0]
                    person.delete()
                report.people_deleted += 1
                report.participations_deleted += participations
                report.positions_deleted += positions
            except (ProtectedError, RestrictedError, IntegrityError):
                _anonymise(person)
                report.people_anonymised += 1
    report.access_events_deleted = access_events.delete()[0]
    # The audit trail's own deletions above are recorded after the cutoff, so they survive this prune.
    report.audit_entries_deleted = audit_entries.delete()[0]
    report.import_files_deleted = purge_import_files(import_jobs)
    return report


def expired_import_jobs(*, now: dt.datetime | None = None) -> QuerySet[ImportJob]:
    """Finished imports whose uploaded file is older than ``IMPORT_FILE_RETENTION_DAYS``."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    return ImportJob.objects.filter(finished_at__lt=cutoff).exclude(state__in=ACTIVE_STATES).exclude(file="").order_by("pk")


def purge_import_files(jobs: Iterable[ImportJob]) -> int:
    """Delete the files of ``jobs`` and the raw values of their rejected rows; returns the number of files."""
    removed = 0
    for job in jobs:
        name = job.file.name
        with transaction.atomic():
            ImportIssue.objects.filter(job=job, kind=IssueKind.ERROR).exclude(values=None).update(values=None)
            ImportJob.objects.filter(pk=job.pk).update(file="")
            # The storage file goes once the rows no longer point at it; a failure keeps both.
            transaction.on_commit(partial(job.file.storage.delete, name))
        removed += 1
    return removed
