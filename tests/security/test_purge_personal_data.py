"""The retention command: people beyond the retention period are removed or anonymised; logs are pruned."""

import datetime as dt
import os

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccessEvent
from enrollment.models import Participation, Person
from privacy.services import ANONYMISED_NAME, purge_personal_data
from tests.factories import BusinessFactory, ParticipationFactory, PersonFactory, PositionFactory

TODAY = dt.date(2026, 11, 25)
LONG_AGO = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)


def _age(person):
    Person.objects.filter(pk=person.pk).update(updated_at=LONG_AGO)


@pytest.fixture
def people(cooperative):
    gone = PersonFactory(name="Sudah Lama Berhenti")
    ParticipationFactory(person=gone, started_on=dt.date(2012, 1, 1), ended_on=dt.date(2016, 6, 30))
    active = PersonFactory(name="Masih Peserta")
    ParticipationFactory(person=active, started_on=dt.date(2012, 1, 1))
    recent = PersonFactory(name="Baru Berhenti")
    ParticipationFactory(person=recent, started_on=dt.date(2012, 1, 1), ended_on=dt.date(2024, 1, 31))
    owner = PersonFactory(name="Pemilik Usaha")
    BusinessFactory(owner=owner)
    board = PersonFactory(name="Pengurus Aktif")
    PositionFactory(person=board, cooperative=cooperative, started_on=dt.date(2010, 1, 1))
    former_board = PersonFactory(name="Mantan Pengurus")
    PositionFactory(person=former_board, cooperative=cooperative, started_on=dt.date(2010, 1, 1), ended_on=dt.date(2014, 12, 31))
    everyone = [gone, active, recent, owner, board, former_board]
    for person in everyone:
        _age(person)
    return {p.name: p for p in everyone}


@pytest.mark.django_db
def test_dry_run_changes_nothing(people):
    report = purge_personal_data(older_than_years=5, dry_run=True, today=TODAY)
    assert sorted(report.candidate_ids) == sorted([people["Sudah Lama Berhenti"].pk, people["Mantan Pengurus"].pk])
    assert report.people_deleted == 2
    assert report.participations_deleted == 1
    assert report.positions_deleted == 1
    assert Person.objects.count() == 6


@pytest.mark.django_db
def test_purge_removes_only_people_beyond_retention(people):
    report = purge_personal_data(older_than_years=5, today=TODAY)
    assert report.people_deleted == 2
    assert report.people_anonymised == 0
    left = set(Person.objects.values_list("name", flat=True))
    assert left == {"Masih Peserta", "Baru Berhenti", "Pemilik Usaha", "Pengurus Aktif"}
    assert not Participation.objects.filter(person_id=people["Sudah Lama Berhenti"].pk).exists()
    # A second run finds nothing more.
    assert purge_personal_data(older_than_years=5, today=TODAY).people_deleted == 0


@pytest.mark.django_db
def test_person_still_referenced_is_anonymised(people, monkeypatch):
    from django.db.models import ProtectedError

    target = people["Sudah Lama Berhenti"]

    def refuse(self, *args, **kwargs):
        raise ProtectedError("masih dirujuk", {self})

    monkeypatch.setattr(Person, "delete", refuse)
    report = purge_personal_data(older_than_years=5, today=TODAY)
    assert report.people_anonymised == 2
    assert report.people_deleted == 0
    target.refresh_from_db()
    assert target.name == ANONYMISED_NAME
    assert not target.nik.isdigit()
    assert target.phone == ""
    assert target.birth_date.day == 1
    # The participation survives its rolled-back deletion.
    assert Participation.objects.filter(person=target).exists()
    # Anonymised people are not picked again.
    assert purge_personal_data(older_than_years=5, today=TODAY).people_anonymised == 0


@pytest.mark.django_db
def test_access_events_and_audit_entries_are_pruned(settings, dinas_user):
    settings.ACCESS_EVENT_RETENTION_DAYS = 30
    settings.AUDITLOG_RETENTION_DAYS = 60
    old = AccessEvent.objects.create(user=dinas_user, action="export", target="lama")
    AccessEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    fresh = AccessEvent.objects.create(user=dinas_user, action="export", target="baru")
    person = PersonFactory()
    LogEntry.objects.filter(object_pk=str(person.pk)).update(timestamp=timezone.now() - dt.timedelta(days=61))
    kept = LogEntry.objects.count()
    assert kept >= 1
    report = purge_personal_data(older_than_years=5)
    assert report.access_events_deleted == 1
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not LogEntry.objects.filter(object_pk=str(person.pk), timestamp__lt=timezone.now() - dt.timedelta(days=60)).exists()


@pytest.mark.django_db
def test_command_output(people, capsys):
    call_command("purge_personal_data", "--older-than-years", "5", "--dry-run")
    out = capsys.readouterr().out
    assert "[dry run] would remove: people 2" in out
    assert Person.objects.count() == 6
    call_command("purge_personal_data", "--older-than-years", "5")
    assert "removed: people" in capsys.readouterr().out


@pytest.mark.django_db
def test_command_refuses_zero_years():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_personal_data", "--older-than-years", "0")


@pytest.mark.django_db
def test_uploaded_import_files_are_deleted_after_their_retention(settings, tmp_path, dinas_user, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    from imports.models import ImportIssue, ImportJob, IssueKind, JobState
    from imports.services import job_commit, job_create, job_rerun
    from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILE_RETENTION_DAYS = 90

    def finished_job(name, days_ago, state=JobState.DONE):
        job = job_create(user=dinas_user, importer_key="umkm", uploaded=upload(csv_bytes([UMKM_HEADER]), name), enqueue=False)
        ImportJob.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now() - dt.timedelta(days=days_ago))
        job.refresh_from_db()
        return job

    old = finished_job("survei-lama.csv", 91)
    failed = finished_job("survei-gagal.csv", 120, state=JobState.FAILED)
    recent = finished_job("survei-baru.csv", 10)
    error = ImportIssue.objects.create(
        job=old, kind=IssueKind.ERROR, row_number=2, column="NIK", message="salah", values={"NIK": "7401015705850001"}
    )
    mismatch = ImportIssue.objects.create(
        job=old, kind=IssueKind.MISMATCH, code="nik_unknown", message="x", values={"nik_masked": "7401********0001"}
    )
    old_path, recent_path = old.file.path, recent.file.path

    assert purge_personal_data(older_than_years=5, dry_run=True).import_files_deleted == 2
    assert (tmp_path / "media").exists()
    assert old.file.storage.exists(old.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        report = purge_personal_data(older_than_years=5)
    assert report.import_files_deleted == 2
    old.refresh_from_db()
    failed.refresh_from_db()
    assert not old.file
    assert not failed.file
    assert old.state == JobState.DONE
    assert not os.path.exists(old_path)
    assert os.path.exists(recent_path)
    error.refresh_from_db()
    mismatch.refresh_from_db()
    assert error.values is None
    assert error.message == "salah"
    assert mismatch.values == {"nik_masked": "7401********0001"}
    with pytest.raises(ValidationError, match="masa simpannya habis"):
        job_commit(job=old, user=dinas_user)
    with pytest.raises(ValidationError, match="masa simpannya habis"):
        job_rerun(job=failed, user=dinas_user)
    assert purge_personal_data(older_than_years=5).import_files_deleted == 0


@pytest.mark.django_db
def test_a_previewed_job_whose_file_was_deleted_offers_no_commit(settings, tmp_path, dinas_user, clients):
    from django.urls import reverse

    from imports.models import ImportJob, JobState
    from imports.services import job_create
    from tests.imports.helpers import UMKM_HEADER, csv_bytes, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    job = job_create(user=dinas_user, importer_key="umkm", uploaded=upload(csv_bytes([UMKM_HEADER]), "lama.csv"), enqueue=False)
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.PREVIEWED, finished_at=timezone.now() - dt.timedelta(days=400))
    page = clients["dinas"].get(reverse("imports:job", args=[job.pk])).content.decode()
    assert reverse("imports:commit", args=[job.pk]) in page
    purge_personal_data(older_than_years=5)
    page = clients["dinas"].get(reverse("imports:job", args=[job.pk])).content.decode()
    assert reverse("imports:commit", args=[job.pk]) not in page
    assert "masa simpannya habis" in page
    response = clients["dinas"].post(reverse("imports:commit", args=[job.pk]))
    assert ImportJob.objects.get(pk=job.pk).state == JobState.PREVIEWED
    assert response.status_code in (200, 302)
