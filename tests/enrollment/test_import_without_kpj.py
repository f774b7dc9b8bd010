"""A participant extract by NIK without KPJ (BPJS withholds the KPJ: domain-reference §4) imports
through ``manage.py import_participants FILE`` and those people show as covered."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from enrollment.models import Participation, Person
from enrollment.selectors import people_with_participations, person_status_on
from enrollment.status import add_months, latest_due_month
from imports.models import ImportIssue
from tests.factories import ParticipationFactory, PersonFactory, make_nik
from tests.imports.helpers import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["NIK", "Segmen", "Program", "Status", "Bulan terakhir dibayar"]


def month_text(value: date) -> str:
    return value.strftime("%m/%Y")


def run(tmp_path, rows, *extra):
    path = tmp_path / "status_peserta.csv"
    path.write_bytes(csv_bytes([HEADER, *rows]))
    out = io.StringIO()
    call_command("import_participants", str(path), *extra, stdout=out)
    return out.getvalue()


def test_csv_with_nik_segmen_program_status_bulan_and_no_kpj_column_imports_and_people_are_covered(tmp_path):
    today = timezone.localdate()
    due = latest_due_month("BPU", today)
    first = PersonFactory(nik=make_nik(serial=101), name="Wa Ode Hasna")
    second = PersonFactory(nik=make_nik(serial=102, female=True), name="Sitti Rahma")
    lapsed = PersonFactory(nik=make_nik(serial=103), name="La Ode Amir")
    out = run(
        tmp_path,
        [
            [first.nik, "BPU", "JKK, JKM", "Aktif", month_text(due)],
            [second.nik, "BPU", "JKK, JKM, JHT", "Aktif", month_text(add_months(due, -1))],
            [lapsed.nik, "BPU", "JKK, JKM", "Nonaktif", month_text(add_months(due, -6))],
        ],
    )
    assert "DISIMPAN" in out
    assert "dibuat 3" in out
    participations = {p.person_id: p for p in Participation.objects.all()}
    assert len(participations) == 3
    assert all(p.kpj is None for p in participations.values())
    assert participations[second.pk].programmes == ["JKK", "JKM", "JHT"]
    assert participations[first.pk].reported_status == "aktif"
    assert participations[first.pk].status_reported_on == today
    covered = set(Person.objects.active_participants(today).values_list("pk", flat=True))
    assert covered == {first.pk, second.pk}
    rows = {p.pk: person_status_on(p, today) for p in people_with_participations()}
    assert rows[first.pk]["status"] == "aktif"
    assert rows[lapsed.pk]["status"] == "nonaktif"


def test_reimporting_the_same_nik_file_updates_instead_of_duplicating(tmp_path):
    today = timezone.localdate()
    due = latest_due_month("BPU", today)
    person = PersonFactory(nik=make_nik(serial=111))
    run(tmp_path, [[person.nik, "BPU", "JKK, JKM", "Menunggak", month_text(add_months(due, -2))]])
    out = run(tmp_path, [[person.nik, "BPU", "JKK, JKM", "Aktif", month_text(due)]])
    assert "diperbarui 1" in out
    participation = Participation.objects.get(person=person)
    assert participation.last_paid_month == due
    assert participation.reported_status == "aktif"


def test_a_nik_only_row_updates_the_participation_that_already_has_a_kpj(tmp_path):
    today = timezone.localdate()
    due = latest_due_month("BPU", today)
    existing = ParticipationFactory(kpj="24099900001", segment="BPU", last_paid_month=add_months(due, -6))
    run(tmp_path, [[existing.person.nik, "BPU", "JKK, JKM", "Aktif", month_text(due)]])
    assert Participation.objects.filter(person=existing.person).count() == 1
    existing.refresh_from_db()
    assert existing.kpj == "24099900001"
    assert existing.last_paid_month == due


def test_a_status_nonaktif_without_paid_month_is_non_active(tmp_path):
    person = PersonFactory(nik=make_nik(serial=121))
    path = tmp_path / "status.csv"
    path.write_bytes(csv_bytes([["NIK", "Segmen", "Status"], [person.nik, "BPU", "Nonaktif"]]))
    call_command("import_participants", str(path), stdout=io.StringIO())
    participation = Participation.objects.get(person=person)
    today = timezone.localdate()
    assert participation.status_on(today) == "nonaktif"
    assert not Participation.objects.filter(pk=participation.pk).active(today).exists()


def test_a_status_that_contradicts_the_paid_month_is_listed_for_reconciliation(tmp_path):
    today = timezone.localdate()
    due = latest_due_month("BPU", today)
    person = PersonFactory(nik=make_nik(serial=131))
    run(tmp_path, [[person.nik, "BPU", "JKK, JKM", "Nonaktif", month_text(due)]])
    issue = ImportIssue.objects.get(code="status_differs")
    assert "Nonaktif" in issue.message
    assert person.nik not in issue.message


def test_kpj_stays_unique_where_present_and_many_participations_may_have_none():
    first = ParticipationFactory(kpj=None)
    second = ParticipationFactory(kpj=None)
    assert first.pk != second.pk
    ParticipationFactory(kpj="24011100001")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(kpj="24011100001")


def test_the_bank_answer_is_unchanged_for_a_person_recorded_without_kpj(tmp_path):
    from banking.services import verification_create
    from tests.factories import BankFactory

    today = timezone.localdate()
    person = PersonFactory(nik=make_nik(serial=141))
    run(tmp_path, [[person.nik, "BPU", "JKK, JKM", "Aktif", month_text(latest_due_month("BPU", today))]])
    answer = verification_create(bank=BankFactory(), nik=person.nik, purpose="KUR", scheme="kur_kecil", loan_amount=150_000_000)
    assert answer.is_active_participant is True
    assert answer.segment == "BPU"
    assert answer.programmes == ["JKK", "JKM"]
