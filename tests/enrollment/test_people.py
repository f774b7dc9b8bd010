from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enrollment.models import Person
from enrollment.services import participation_upsert, person_create
from tests.factories import PersonFactory, make_nik, village

pytestmark = pytest.mark.django_db


def test_duplicate_nik_is_refused_by_the_database_itself():
    PersonFactory(nik="7401011705850001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.bulk_create([Person(nik="7401011705850001", name="Ganda", gender="L", birth_date=date(1985, 5, 17))])


def test_person_create_derives_gender_and_birth_date():
    result = person_create(nik="7401015705850003", name="Wa Ode  Sitti", desa=village())
    assert result.person.gender == "P"
    assert result.person.birth_date == date(1985, 5, 17)
    assert result.person.name == "Wa Ode Sitti"
    assert result.warnings == []
    assert result.person.nik_region_known


def test_unknown_region_is_a_warning_never_a_rejection():
    result = person_create(nik=make_nik(region6="749901"), name="Andi Lama")
    assert result.created
    assert "74.99.01" in result.warnings[0]
    assert result.person.nik_region_known is False


def test_gender_or_birth_date_contradicting_the_nik_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        person_create(nik="7401015705850003", name="Sitti", gender="L")
    assert "gender" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        person_create(nik="7401011705850001", name="Rudi", birth_date=date(1985, 5, 18))
    assert "birth_date" in excinfo.value.message_dict
    assert not Person.objects.exists()


def test_person_create_refuses_a_known_nik():
    PersonFactory(nik="7401011705850001")
    with pytest.raises(ValidationError):
        person_create(nik="7401 0117 0585 0001", name="Lagi")


def test_participation_upsert_is_idempotent_and_refuses_kpj_on_another_nik():
    person = PersonFactory()
    values = {"segment": "BPU", "started_on": date(2025, 1, 1), "last_paid_month": date(2026, 10, 17)}
    first, created = participation_upsert(person=person, kpj="12345678901", **values)
    assert created
    assert first.last_paid_month == date(2026, 10, 1)
    again, created = participation_upsert(person=person, kpj="12345678901", **values)
    assert not created
    assert again.pk == first.pk
    with pytest.raises(ValidationError):
        participation_upsert(person=PersonFactory(), kpj="12345678901", **values)


def test_bpu_cannot_hold_jp_in_the_database():
    person = PersonFactory()
    with pytest.raises(ValidationError):
        participation_upsert(person=person, kpj="12345678902", segment="BPU", jp=True, started_on=date(2025, 1, 1))
