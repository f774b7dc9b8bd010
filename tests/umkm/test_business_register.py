"""``business_register``: the business and its owner in one transaction."""

import pytest
from django.core.exceptions import ValidationError

from enrollment.models import Person
from regions.models import Region
from tests.factories import BusinessFactory, PersonFactory
from umkm.models import Business
from umkm.services import business_register

pytestmark = pytest.mark.django_db


def desa():
    return Region.objects.get(code="74.01.01.1001")


def test_a_new_owner_is_registered_with_his_business():
    registration = business_register(owner_nik="7401 0117 0585 0001", owner_name="Rahmat  Lapulu", name="Kedai Kopi", desa=desa())
    business = Business.objects.get()
    assert registration.business == business
    assert (business.owner.nik, business.owner.name, business.owner.desa) == ("7401011705850001", "Rahmat Lapulu", desa())
    assert registration.warnings == []


def test_an_owner_with_an_unknown_region_code_is_registered_with_a_warning():
    registration = business_register(owner_nik="7499011705850001", owner_name="Rahmat", name="Kedai Kopi", desa=desa())
    assert registration.business.owner.nik == "7499011705850001"
    assert len(registration.warnings) == 1
    assert "74.99.01" in registration.warnings[0]


def test_a_known_owner_keeps_his_data():
    owner = PersonFactory(nik="7401011705850001", name="Rahmat Lapulu")
    registration = business_register(owner_nik="7401011705850001", owner_name="", name="Kedai Kopi", desa=desa())
    assert registration.business.owner == owner
    assert Person.objects.get().name == "Rahmat Lapulu"


def test_a_new_nik_without_a_name_is_refused():
    with pytest.raises(ValidationError) as refused:
        business_register(owner_nik="7401011705850001", owner_name="", name="Kedai Kopi", desa=desa())
    assert set(refused.value.message_dict) == {"owner_name"}
    assert not Person.objects.exists()


def test_a_bad_nik_is_an_error_of_the_nik():
    with pytest.raises(ValidationError) as refused:
        business_register(owner_nik="7401013102850001", owner_name="Rahmat", name="Kedai Kopi", desa=desa())
    assert set(refused.value.message_dict) == {"owner_nik"}


def test_a_refused_business_leaves_no_new_owner_behind():
    """The owner is registered first; when the business is then refused, the owner goes too."""
    with pytest.raises(ValidationError):
        business_register(owner_nik="7401011705850001", owner_name="Rahmat", name="Kedai Kopi", desa=desa(), kbli="123")
    assert not Person.objects.exists()
    assert not Business.objects.exists()


def test_correcting_without_a_nik_keeps_the_owner():
    business = BusinessFactory(name="Warung Lama")
    owner = business.owner
    registration = business_register(owner_nik="", business=business, name="Warung Baru", desa=business.desa)
    business.refresh_from_db()
    assert (registration.business, business.name, business.owner) == (business, "Warung Baru", owner)


def test_correcting_with_a_nik_moves_the_business_to_that_owner():
    business = BusinessFactory()
    other = PersonFactory(nik="7401011705850001")
    business_register(owner_nik="7401011705850001", business=business, name=business.name, desa=business.desa)
    business.refresh_from_db()
    assert business.owner == other
