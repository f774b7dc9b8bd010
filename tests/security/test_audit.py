"""Every write to a register model is in the audit log, with NIK and phone masked; reads and exports are AccessEvents."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.test import RequestFactory

from accounts.models import AccessEvent
from accounts.services import access_log
from tests.factories import PersonFactory, UserFactory

AUDITED = [
    "accounts.User",
    "accounts.Bank",
    "enrollment.Person",
    "enrollment.Participation",
    "enrollment.PuRate",
    "enrollment.BpuBracket",
    "cooperatives.Cooperative",
    "cooperatives.Position",
    "cooperatives.AnnualMeeting",
    "cooperatives.CooperativeAccess",
    "umkm.Business",
    "umkm.ScaleCriterion",
]


@pytest.mark.parametrize("label", AUDITED)
def test_foundation_models_are_registered(label):
    assert auditlog.contains(apps.get_model(label))


@pytest.mark.django_db
def test_person_write_is_logged_with_masked_nik_and_phone():
    person = PersonFactory(nik="7401015705850001", phone="081234567890")
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    text = str(entry.changes) + entry.object_repr
    assert "7401015705850001" not in text
    assert "081234567890" not in text
    assert "7401********0001" in text

    person.phone = "082199998888"
    person.save()
    update = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert "082199998888" not in str(update.changes)
    assert "phone" in update.changes_dict


@pytest.mark.django_db
def test_user_password_is_not_in_the_log():
    user = UserFactory(role="dinas")
    user.set_password("Baru#Sekali123")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict


@pytest.mark.django_db
def test_write_through_a_request_records_the_actor(admin_client_kj, admin_user):
    from auditlog.context import set_actor

    with set_actor(admin_user):
        person = PersonFactory()
    assert LogEntry.objects.get_for_object(person).get().actor == admin_user


@pytest.mark.django_db
def test_an_access_event_records_who_what_and_from_where(dinas_user):
    request = RequestFactory().get("/kepesertaan/peserta/")
    request.user = dinas_user
    event = access_log(
        user=dinas_user, action=AccessEvent.Action.PERSONAL_DATA, target="enrollment:person", details={"fields": ["phone"]}, request=request
    )
    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.target, stored.details) == (AccessEvent.Action.PERSONAL_DATA, "enrollment:person", {"fields": ["phone"]})
    assert stored.user == dinas_user
    assert stored.ip_address == "127.0.0.1"
