from datetime import date

from banking.services import api_key_create
from enrollment.status import latest_due_month
from tests.factories import ParticipationFactory, PersonFactory


def make_key(bank, **kwargs):
    """(key object, plaintext)."""
    return api_key_create(bank=bank, name=kwargs.pop("name", "Sistem KUR"), **kwargs)


def active_person(today: date, **person_kwargs):
    """A BPU participant paid up to the latest due month (active today)."""
    person = PersonFactory(**person_kwargs)
    ParticipationFactory(
        person=person, segment="BPU", jht=True, started_on=date(2022, 3, 1), last_paid_month=latest_due_month("BPU", today)
    )
    return person


def lapsed_person(today: date, **person_kwargs):
    person = PersonFactory(**person_kwargs)
    ParticipationFactory(person=person, segment="BPU", started_on=date(2020, 1, 1), last_paid_month=date(2021, 1, 1))
    return person
