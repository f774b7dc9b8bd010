import pytest
from django.urls import reverse

from cooperatives.models import Cooperative

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "name": "Koperasi Produsen Kakao Baula",
        "nomor_induk": "7401000099999",
        "sk_number": "AHU-0012948.AH.01.26.TAHUN 2020",
        "npwp": "01.234.567.8-901.000",
        "jenis": "produsen",
        "desa": "74.01.01.1001",
        "member_count": "25",
    }
    values.update(overrides)
    return values


def test_dinas_registers_a_cooperative_and_the_history_starts(dinas_client):
    response = dinas_client.post(reverse("cooperatives:create"), data())
    cooperative = Cooperative.objects.get()
    assert response.status_code == 302
    assert cooperative.npwp == "0012345678901000"
    assert cooperative.status_changes.count() == 1


def test_invalid_npwp_changes_nothing(dinas_client):
    response = dinas_client.post(reverse("cooperatives:create"), data(npwp="12.345"))
    assert response.status_code == 200
    assert "NPWP" in response.content.decode()
    assert not Cooperative.objects.exists()


def test_status_change_needs_a_reason(dinas_client, cooperative):
    dinas_client.post(reverse("cooperatives:status", args=[cooperative.pk]), {"to_status": "tidak_aktif", "reason": ""})
    cooperative.refresh_from_db()
    assert cooperative.status == "aktif"
    dinas_client.post(reverse("cooperatives:status", args=[cooperative.pk]), {"to_status": "tidak_aktif", "reason": "Tidak RAT 3 tahun"})
    cooperative.refresh_from_db()
    assert cooperative.status == "tidak_aktif"
    assert cooperative.status_changes.get().reason == "Tidak RAT 3 tahun"


def test_rat_recorded_makes_the_cooperative_active(dinas_client, cooperative):
    from django.utils import timezone

    from cooperatives.models import last_book_year

    year = last_book_year(timezone.localdate())
    dinas_client.post(reverse("cooperatives:annual_meeting", args=[cooperative.pk]), {"book_year": year, "held_on": f"{year + 1}-02-10"})
    assert Cooperative.objects.active(timezone.localdate()).filter(pk=cooperative.pk).exists()


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang", "koperasi", "bank"])
def test_other_roles_cannot_edit(clients, role, cooperative):
    for url in (
        reverse("cooperatives:create"),
        reverse("cooperatives:edit", args=[cooperative.pk]),
        reverse("cooperatives:status", args=[cooperative.pk]),
    ):
        assert clients[role].post(url, data()).status_code == 403
