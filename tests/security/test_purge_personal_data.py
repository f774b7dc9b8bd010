"""The retention command: people beyond the retention period are removed or anonymised; logs are pruned."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccessEvent
from enrollment.models import Participation, Person
from privacy.services import ANONYMISED_NAME, purge_personal_data
from tests.factories import BusinessFactory, ParticipationFactory, PersonFactory, PositionFactory

TODAY = dt.date(2026, 11, 25)
LONG_AGO = timezone.make_aware(dt.datetime(2015, 1, 1))


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
    assert report.people_deleted == 2 and report.participations_deleted == 1 and report.positions_deleted == 1
    assert Person.objects.count() == 6


@pytest.mark.django_db
def test_purge_removes_only_people_beyond_retention(people):
    report = purge_personal_data(older_than_years=5, today=TODAY)
    assert report.people_deleted == 2 and report.people_anonymised == 0
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
    assert report.people_anonymised == 2 and report.people_deleted == 0
    target.refresh_from_db()
    assert target.name == ANONYMISED_NAME and not target.nik.isdigit() and target.phone == "" and target.birth_date.day == 1
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
