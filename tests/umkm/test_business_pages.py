import pytest
from django.urls import reverse

from tests.factories import BusinessFactory, PersonFactory
from umkm.models import Business

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Kedai Kopi Mekongga",
        "owner_nik": "7401 0117 0585 0001",
        "owner_name": "Rahmat Lapulu",
        "kbli": "56303",
        "capital": "50000000",
        "annual_sales": "3000000000",
        "worker_count": "2",
        "desa": "74.01.01.1001",
        "source": "manual",
    }
    data.update(overrides)
    return data


def test_dinas_registers_a_business_with_a_new_owner(dinas_client):
    response = dinas_client.post(reverse("umkm:create"), form_data())
    business = Business.objects.get()
    assert response.status_code == 302
    assert response["Location"] == business.get_absolute_url()
    assert business.owner.nik == "7401011705850001"
    assert business.scale == "kecil"  # sales above Rp 2 billion


def test_bad_nik_changes_nothing_and_explains(dinas_client):
    response = dinas_client.post(reverse("umkm:create"), form_data(owner_nik="7401013102850001"))
    assert response.status_code == 200
    assert "tidak ada di kalender" in response.content.decode()
    assert not Business.objects.exists()


def test_unknown_nik_needs_the_owner_name(dinas_client):
    response = dinas_client.post(reverse("umkm:create"), form_data(owner_name=""))
    assert "isi nama pemilik" in response.content.decode()
    assert not Business.objects.exists()


def test_edit_keeps_the_owner_when_nik_left_empty_and_never_shows_it(dinas_client):
    owner = PersonFactory(nik="7401011705850001")
    business = BusinessFactory(owner=owner, name="Warung Lama")
    page = dinas_client.get(reverse("umkm:edit", args=[business.pk])).content.decode()
    assert "7401011705850001" not in page
    dinas_client.post(reverse("umkm:edit", args=[business.pk]), form_data(owner_nik="", owner_name="", name="Warung Baru"))
    business.refresh_from_db()
    assert business.name == "Warung Baru"
    assert business.owner == owner


@pytest.mark.parametrize("role", ["bpjs", "kepala_cabang", "koperasi", "bank"])
def test_other_roles_cannot_register_businesses(clients, role):
    assert clients[role].post(reverse("umkm:create"), form_data()).status_code == 403
    assert not Business.objects.exists()


def test_anonymous_goes_to_login(client):
    assert client.get(reverse("umkm:create")).status_code == 302
