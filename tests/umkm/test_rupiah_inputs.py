"""Rupiah inputs take what officers type: 12.500.000, Rp 12.500.000 or 12500000 (core.money)."""

import pytest
from django.urls import reverse

from tests.umkm.test_business_pages import form_data
from umkm.models import Business

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["12.500.000", "Rp 12.500.000", "12500000"])
def test_business_amounts_accept_the_usual_ways_of_writing_rupiah(dinas_client, typed):
    response = dinas_client.post(reverse("umkm:create"), form_data(capital=typed, annual_sales="Rp 300.000.000"))
    assert response.status_code == 302
    business = Business.objects.get()
    assert business.capital == 12_500_000
    assert business.annual_sales == 300_000_000


def test_a_bad_amount_is_explained_and_changes_nothing(dinas_client):
    response = dinas_client.post(reverse("umkm:create"), form_data(capital="dua belas juta"))
    assert response.status_code == 200
    assert "Isi jumlah Rupiah" in response.content.decode()
    assert not Business.objects.exists()


def test_amount_fields_are_text_inputs_not_number_inputs(dinas_client):
    page = dinas_client.get(reverse("umkm:create")).content.decode()
    assert 'name="capital"' in page
    assert 'type="number" name="capital"' not in page
    assert 'inputmode="numeric"' in page
