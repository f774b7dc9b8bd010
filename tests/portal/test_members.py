"""The head keeps his list of board members and employees; every change is audited with him as actor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Position
from enrollment.models import Person
from portal.models import SuppliedPersonData
from tests.factories import PersonFactory, make_nik

pytestmark = pytest.mark.django_db


def add(client, cooperative, **data):
    payload = {"nik": make_nik(birth=date(1990, 2, 3)), "name": "Wa Ode Sitti", "role": "karyawan", "started_on": "2024-05-01"}
    payload.update(data)
    return client.post(reverse("portal:members", args=[cooperative.pk]), payload), payload


def test_add_employee_by_nik(client_a, head_a, cooperative):
    nik = make_nik(birth=date(1990, 2, 3), female=True)
    response, _ = add(client_a, cooperative, nik=nik, name="Wa  Ode Sitti")
    assert response.status_code == 302
    position = Position.objects.get(cooperative=cooperative, role="karyawan")
    assert position.person.nik == nik
    assert position.person.name == "Wa Ode Sitti"
    assert position.person.gender == "P"
    assert position.person.birth_date == date(1990, 2, 3)
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Position), object_pk=str(position.pk))
    assert entry.actor == head_a
    person_entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Person), object_pk=str(position.person.pk))
    assert person_entry.actor == head_a
    assert nik not in str(person_entry.changes)  # the NIK is masked in the audit record
    page = client_a.get(reverse("portal:cooperative", args=[cooperative.pk])).content.decode()
    assert "Wa Ode Sitti" in page
    assert nik not in page


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("123", "NIK harus 16 digit"),
        ("740101991290001X", "NIK hanya boleh berisi angka"),
        ("7401011713900001", "Bulan lahir pada NIK tidak valid"),
        ("7401011702900000", "Nomor urut NIK tidak boleh 0000"),
    ],
)
def test_bad_nik_is_refused_with_a_message(client_a, cooperative, nik, message):
    response, _ = add(client_a, cooperative, nik=nik)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Position.objects.filter(cooperative=cooperative).exists()
    assert not Person.objects.filter(name="Wa Ode Sitti").exists()


def test_future_start_and_missing_fields_are_refused(client_a, cooperative):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response, _ = add(client_a, cooperative, started_on=tomorrow)
    assert response.status_code == 400
    assert "Tanggal mulai tidak boleh di masa depan" in response.content.decode()
    response = client_a.post(reverse("portal:members", args=[cooperative.pk]), {})
    assert response.status_code == 400
    assert not Position.objects.filter(cooperative=cooperative).exists()


def test_person_already_in_register_keeps_his_data(client_a, cooperative):
    existing = PersonFactory(name="Nama Di Register", phone="081211112222")
    response, _ = add(client_a, cooperative, nik=existing.nik, name="Nama Lain", role="pengawas")
    assert response.status_code == 400  # another name than the register's: refused (issue 12)
    assert not Position.objects.filter(cooperative=cooperative, role="pengawas").exists()
    response, _ = add(client_a, cooperative, nik=existing.nik, name="nama di  register", role="pengawas", phone="081299990000")
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.name == "Nama Di Register"
    assert existing.phone == "081211112222"
    position = Position.objects.get(cooperative=cooperative, role="pengawas")
    assert position.person == existing
    assert position.supplied.phone == "081299990000"
    assert Person.objects.filter(nik=existing.nik).count() == 1


def test_officer_role_has_one_holder(client_a, cooperative, staff_a):
    response, _ = add(client_a, cooperative, role="bendahara")
    assert response.status_code == 400
    assert "masih diisi orang lain" in response.content.decode()
    assert Position.objects.filter(cooperative=cooperative, role="bendahara").count() == 1


def test_end_position(client_a, head_a, cooperative, staff_a):
    position = staff_a["bendahara"]
    url = reverse("portal:member_end", args=[cooperative.pk, position.pk])
    assert client_a.get(url).status_code == 200
    today = timezone.localdate()
    response = client_a.post(url, {"ended_on": today.isoformat()})
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.ended_on == today
    entry = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Position), object_pk=str(position.pk)).latest(
        "timestamp"
    )
    assert entry.actor == head_a
    assert "ended_on" in entry.changes_dict
    members = client_a.get(reverse("portal:members", args=[cooperative.pk])).content.decode()
    assert "Jabatan yang sudah berakhir" in members
    # A second end is refused with a message, not a 500.
    response = client_a.post(url, {"ended_on": today.isoformat()})
    assert response.status_code == 400
    assert "sudah berakhir" in response.content.decode()


def test_end_position_refuses_bad_dates(client_a, cooperative, staff_a):
    position = staff_a["bendahara"]
    url = reverse("portal:member_end", args=[cooperative.pk, position.pk])
    for bad in ("2019-12-31", (timezone.localdate() + timedelta(days=3)).isoformat(), "kemarin"):
        response = client_a.post(url, {"ended_on": bad})
        assert response.status_code == 400, bad
    position.refresh_from_db()
    assert position.ended_on is None


def test_correct_person_data(client_a, head_a, cooperative, staff_a):
    """The head corrects what his cooperative supplied; the shared register is not his to change."""
    position = staff_a["karyawan"]
    url = reverse("portal:member_correct", args=[cooperative.pk, position.pk])
    assert client_a.get(url).status_code == 200
    response = client_a.post(url, {"name": "Nama  Benar", "phone": "0812-3456-7890", "address": "Jl. Pemuda"})
    assert response.status_code == 302
    position.person.refresh_from_db()
    assert position.person.name == "Alfa Karyawan Belum"
    assert position.person.phone == ""
    supplied = SuppliedPersonData.objects.get(position=position)
    assert (supplied.name, supplied.phone, supplied.address) == ("Nama Benar", "081234567890", "Jl. Pemuda")
    entry = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(SuppliedPersonData), object_pk=str(supplied.pk)).latest(
        "timestamp"
    )
    assert entry.actor == head_a
    assert "081234567890" not in str(entry.changes)
    assert "Nama Benar" in client_a.get(reverse("portal:members", args=[cooperative.pk])).content.decode()


def test_correct_refuses_bad_input(client_a, cooperative, staff_a):
    position = staff_a["karyawan"]
    url = reverse("portal:member_correct", args=[cooperative.pk, position.pk])
    assert client_a.post(url, {"name": ""}).status_code == 400
    response = client_a.post(url, {"name": "Ok", "phone": "abc"})
    assert response.status_code == 400
    position.person.refresh_from_db()
    assert position.person.name == "Alfa Karyawan Belum"


def test_members_page_query_count_is_constant(client_a, cooperative, staff_a, django_assert_max_num_queries):
    from tests.factories import ParticipationFactory, PositionFactory

    url = reverse("portal:members", args=[cooperative.pk])
    client_a.get(url)
    with django_assert_max_num_queries(16) as small:
        client_a.get(url)
    for _ in range(15):
        position = PositionFactory(cooperative=cooperative, role="karyawan")
        ParticipationFactory(person=position.person)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client_a.get(url).status_code == 200
