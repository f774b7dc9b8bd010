"""The Django admin goes through the services: NIK rules, scale class and status history hold there too."""

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from enrollment.models import Person
from tests.factories import BusinessFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_admin_person_add_derives_from_the_nik(admin_client_kj):
    response = admin_client_kj.post(
        reverse("admin:enrollment_person_add"),
        {"nik": "7401015705850003", "name": "Wa Ode Sitti", "gender": "P", "birth_date": "1985-05-17", "phone": "", "address": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert person.gender == "P"


def test_admin_person_add_refuses_a_contradicting_gender(admin_client_kj):
    response = admin_client_kj.post(
        reverse("admin:enrollment_person_add"),
        {"nik": "7401015705850003", "name": "Wa Ode Sitti", "gender": "L", "birth_date": "1985-05-17"},
    )
    assert response.status_code == 200
    assert "Jenis kelamin tidak sesuai dengan NIK" in response.content.decode()
    assert not Person.objects.exists()


def test_admin_lists_mask_the_nik(admin_client_kj):
    PersonFactory(nik="7401011705850001")
    page = admin_client_kj.get(reverse("admin:enrollment_person_changelist")).content.decode()
    assert "7401********0001" in page


def test_admin_business_change_recomputes_the_scale(admin_client_kj):
    business = BusinessFactory(capital=100)
    data = {
        "name": business.name,
        "owner": business.owner_id,
        "kbli": "56103",
        "capital": str(6_000_000_000),
        "worker_count": "0",
        "desa": business.desa_id,
        "source": "manual",
    }
    response = admin_client_kj.post(reverse("admin:umkm_business_change", args=[business.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    business.refresh_from_db()
    assert business.scale == "menengah"


def test_admin_cooperative_add_writes_the_status_history(admin_client_kj):
    data = {
        "name": "Koperasi Admin",
        "jenis": "jasa",
        "desa": "74.01.01.1001",
        "status": "aktif",
        "member_count": "10",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "annual_meetings-TOTAL_FORMS": "0",
        "annual_meetings-INITIAL_FORMS": "0",
    }
    response = admin_client_kj.post(reverse("admin:cooperatives_cooperative_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Cooperative.objects.get().status_changes.count() == 1
