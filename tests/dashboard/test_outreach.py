"""Outreach events, attendance, and the 30/90-day follow-up on the dashboard."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outreach import services
from outreach.models import OutreachAttendance, OutreachEvent
from regions.models import Region
from tests.dashboard.conftest import active_bpu
from tests.factories import BusinessFactory, CooperativeFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    held_on = timezone.localdate() - timedelta(days=120)
    return services.event_create(
        title="Sosialisasi BPU", held_on=held_on, place="Aula Camat", kecamatan=Region.objects.get(code="74.01.01")
    )


@pytest.fixture
def followed(event):
    """Two businesses and two cooperatives that enrol after the event, one already covered, one never."""
    d = event.held_on
    b30 = BusinessFactory(name="Usaha 30")
    active_bpu(b30.owner, started_on=d + timedelta(days=10))
    b90 = BusinessFactory(name="Usaha 90")
    active_bpu(b90.owner, started_on=d + timedelta(days=60))
    before = BusinessFactory(name="Usaha Lama")
    active_bpu(before.owner, started_on=d - timedelta(days=100))
    never = BusinessFactory(name="Usaha Belum")
    c30 = CooperativeFactory(name="Koperasi 30")
    active_bpu(PositionFactory(cooperative=c30, role="ketua").person, started_on=d - timedelta(days=400))
    active_bpu(PositionFactory(cooperative=c30, role="bendahara").person, started_on=d + timedelta(days=25))
    c_late = CooperativeFactory(name="Koperasi Telat")
    active_bpu(PositionFactory(cooperative=c_late, role="ketua").person, started_on=d + timedelta(days=100))
    c_open = CooperativeFactory(name="Koperasi Terbuka")
    active_bpu(PositionFactory(cooperative=c_open, role="ketua").person, started_on=d + timedelta(days=5))
    PositionFactory(cooperative=c_open, role="bendahara")  # never enrolled: not covered
    for b in (b30, b90, before, never):
        services.attendance_add(event=event, business=b)
    for c in (c30, c_late, c_open):
        services.attendance_add(event=event, cooperative=c)
    services.attendance_add(event=event, person=PersonFactory(name="Warga Hadir"))
    return event


def test_follow_up_figures_on_the_dashboard(dinas_client, followed):
    follow = dinas_client.get(reverse("dashboard:index")).context["data"]["outreach"]["follow_up"]
    usaha, koperasi = follow["usaha"], follow["koperasi"]
    assert usaha == {
        "attended": 4,
        "already": 1,
        "eligible": 3,
        "within_30": 1,
        "share_30": 1 / 3,
        "within_90": 2,
        "share_90": 2 / 3,
        "still_uncovered": 1,
    }
    assert koperasi == {
        "attended": 3,
        "already": 0,
        "eligible": 3,
        "within_30": 1,
        "share_30": 1 / 3,
        "within_90": 1,
        "share_90": 1 / 3,
        "still_uncovered": 1,
    }
    html = dinas_client.get(reverse("dashboard:index")).content.decode()
    assert 'data-metric="followup-umkm-90">2 (66,7 %)' in html


def test_follow_up_ignores_events_outside_the_kecamatan_filter(dinas_client, followed):
    other = Region.objects.filter(kind="kecamatan", code__startswith="74.01.").exclude(code="74.01.01").first()
    follow = dinas_client.get(reverse("dashboard:index"), {"kecamatan": other.code}).context["data"]["outreach"]["follow_up"]
    assert follow["usaha"]["attended"] == 0
    assert follow["usaha"]["share_30"] is None


def test_attendees_not_yet_covered_work_list(dinas_client, followed):
    response = dinas_client.get(reverse("dashboard:attendee_list"))
    names = sorted(row["cells"][4] for row in response.context["rows"])
    assert names == ["Koperasi Terbuka", "Usaha Belum", "Warga Hadir"]


def test_dinas_records_an_event_and_its_attendees(dinas_client, dinas_user, bank):
    response = dinas_client.post(
        reverse("outreach:list"),
        {
            "title": "Sosialisasi Koperasi",
            "held_on": "2026-05-04",
            "place": "Balai Desa",
            "kecamatan": "74.01.01",
            "bpjs_present": "on",
            "banks": [bank.pk],
        },
    )
    event = OutreachEvent.objects.get()
    assert response.status_code == 302
    assert event.created_by == dinas_user
    assert list(event.banks.all()) == [bank]
    coop = CooperativeFactory(nomor_induk="7401000012345")
    assert dinas_client.post(event.get_absolute_url(), {"kind": "koperasi", "identifier": "7401000012345"}).status_code == 302
    assert OutreachAttendance.objects.get().cooperative == coop
    again = dinas_client.post(event.get_absolute_url(), {"kind": "koperasi", "identifier": "7401000012345"})
    assert again.status_code == 200
    assert "sudah tercatat" in again.content.decode()
    unknown = dinas_client.post(event.get_absolute_url(), {"kind": "orang", "identifier": "7401011705850001"})
    assert "tidak terdaftar" in unknown.content.decode()
    assert OutreachAttendance.objects.count() == 1


def test_bad_event_input_changes_nothing(dinas_client):
    response = dinas_client.post(reverse("outreach:list"), {"title": "", "held_on": "kemarin", "place": "", "kecamatan": "74.01.01.1001"})
    assert response.status_code == 200
    assert not OutreachEvent.objects.exists()


def test_other_staff_cannot_add_attendees(bpjs_client, event):
    response = bpjs_client.post(event.get_absolute_url(), {"kind": "orang", "identifier": "7401011705850001"})
    assert response.status_code == 403
    assert bpjs_client.get(event.get_absolute_url()).status_code == 200


def test_attendance_needs_exactly_one_attendee(event):
    with pytest.raises(ValidationError):
        services.attendance_add(event=event)
    with pytest.raises(ValidationError):
        services.attendance_add(event=event, business=BusinessFactory(), person=PersonFactory())


def test_event_must_be_in_a_kecamatan():
    with pytest.raises(ValidationError):
        services.event_create(title="X", held_on=date(2026, 1, 5), place="Y", kecamatan=Region.objects.get(code="74.01.01.1001"))
