"""The cooperative page as a hub: its requests, letters and gate decisions, outreach and bank
checks per role, and the actions each role may take from there."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance import services
from compliance.models import GateDecision, Purpose
from cooperatives.models import Position
from tests.compliance.conftest import build_cooperative
from tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(issue_letter, dinas_user):
    coop = build_cooperative(name="Koperasi Hub Sejahtera")
    letter = issue_letter(coop, render=False)
    services.gate_record(
        user=dinas_user,
        cooperative=coop,
        purpose=Purpose.IZIN_BARU,
        outcome=GateDecision.Outcome.DISETUJUI,
        decided_on=timezone.localdate(),
        decision_number="518/099/DKUMKM/2026",
    )
    return coop, letter


def page(client, coop):
    response = client.get(reverse("cooperatives:detail", args=[coop.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_dinas_sees_letters_decisions_and_its_actions(clients, hub):
    coop, letter = hub
    html = page(clients["dinas"], coop)
    assert letter.number in html
    assert "BERLAKU" in html
    assert "518/099/DKUMKM/2026" in html
    assert "Diterbitkan" in html
    assert f"?cooperative={coop.pk}&amp;purpose=evaluasi_status" in html  # request a recommendation
    assert "Catat keputusan izin/evaluasi" in html
    assert "Tambah pengurus, pengawas atau karyawan" in html
    assert "Catat RAT" in html
    assert "Pemeriksaan bank atas pengurus" in html
    assert "Kehadiran sosialisasi" in html


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang"])
def test_bpjs_and_branch_head_see_the_record_but_not_the_dinas_actions(clients, hub, role):
    coop, letter = hub
    html = page(clients[role], coop)
    assert letter.number in html
    assert "518/099/DKUMKM/2026" in html
    assert "Catat keputusan izin/evaluasi" not in html
    assert "Ajukan rekomendasi" not in html
    assert "Tambah pengurus" not in html
    assert "Catat RAT" not in html
    assert "Pemeriksaan bank atas pengurus" not in html  # bank checks: Dinas and admin only


def test_dinas_adds_and_ends_a_position_from_the_hub(dinas_client, hub):
    coop, _letter = hub
    url = reverse("cooperatives:position_add", args=[coop.pk])
    response = dinas_client.post(
        url, {"nik": "7401 0157 0585 0003", "name": "Wa Ode Sitti", "role": "karyawan", "started_on": "2026-11-01"}
    )
    assert response.status_code == 302
    position = Position.objects.get(cooperative=coop, person__nik="7401015705850003")
    assert position.role == "karyawan"
    assert position.person.name == "Wa Ode Sitti"
    dinas_client.post(reverse("cooperatives:position_end", args=[coop.pk, position.pk]), {"ended_on": "2026-11-30"})
    position.refresh_from_db()
    assert position.ended_on == date(2026, 11, 30)


def test_a_bad_position_changes_nothing_and_says_why(dinas_client, hub):
    coop, _letter = hub
    before = Position.objects.count()
    response = dinas_client.post(
        reverse("cooperatives:position_add", args=[coop.pk]),
        {"nik": "7401013102850001", "role": "karyawan", "started_on": "2026-11-01"},
        follow=True,
    )
    assert "tidak ada di kalender" in response.content.decode()
    response = dinas_client.post(
        reverse("cooperatives:position_add", args=[coop.pk]),
        {"nik": "7401015705850003", "role": "karyawan", "started_on": "2026-11-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert Position.objects.count() == before


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang", "koperasi", "bank"])
def test_other_roles_cannot_add_or_end_positions(clients, hub, role):
    coop, _letter = hub
    person = PersonFactory()
    position = PositionFactory(cooperative=coop, person=person, role="karyawan")
    add = clients[role].post(
        reverse("cooperatives:position_add", args=[coop.pk]), {"nik": person.nik, "role": "pengawas", "started_on": "2026-11-01"}
    )
    end = clients[role].post(reverse("cooperatives:position_end", args=[coop.pk, position.pk]), {"ended_on": "2026-11-30"})
    assert add.status_code == 403
    assert end.status_code == 403
    position.refresh_from_db()
    assert position.ended_on is None
    assert not Position.objects.filter(role="pengawas", person=person).exists()


def test_hub_runs_a_constant_number_of_queries(dinas_client, dinas_user, hub, django_assert_max_num_queries):
    coop, _letter = hub
    with CaptureQueriesContext(connection) as small:
        page(dinas_client, coop)
    for _ in range(4):
        PositionFactory(cooperative=coop, role="karyawan")
    services.recommendation_request(user=dinas_user, cooperative=coop, purpose=Purpose.EVALUASI_STATUS)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page(dinas_client, coop)
