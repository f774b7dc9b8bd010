"""Every page that takes a Rupiah amount answers a hostile amount ("²", "1²3", "Rp 5.000,5x") with
the form's message, never a 500, and writes nothing (issue 18: one Rupiah parser, ``core.money``)."""

import pytest
from django.urls import reverse

from banking.models import BankVerification
from tests.factories import PositionFactory
from umkm.models import Business

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "1²3", "Rp 5.000,5x"]
MESSAGE = "Isi jumlah Rupiah berupa angka bulat"
BORROWER = "7401015708909001"


def umkm_create(clients, amount):
    from tests.umkm.test_business_pages import form_data

    return clients["dinas"].post(reverse("umkm:create"), form_data(capital=amount)), Business


def umkm_sales(clients, amount):
    from tests.umkm.test_business_pages import form_data

    return clients["dinas"].post(reverse("umkm:create"), form_data(annual_sales=amount)), Business


def bank_loan(clients, amount):
    data = {"nik": BORROWER, "purpose": "KUR", "scheme": "kur_kecil", "loan_amount": amount}
    return clients["bank"].post(reverse("banking:lookup"), data), BankVerification


def calculator_bpu(clients, amount):
    return clients["public"].get(reverse("public:calculator"), {"jenis": "bpu", "income": amount}), None


def calculator_pu(clients, amount):
    return clients["public"].get(reverse("public:calculator"), {"jenis": "pu", "wage": amount, "workers": "1"}), None


def estimate_wage(clients, amount):
    url = reverse("portal:estimate", args=[clients["cooperative"].pk])
    return clients["koperasi"].get(url, {"default_wage": amount, "default_income": "2.000.000"}), None


def estimate_income(clients, amount):
    url = reverse("portal:estimate", args=[clients["cooperative"].pk])
    return clients["koperasi"].get(url, {"default_income": amount}), None


def estimate_member(clients, amount):
    url = reverse("portal:estimate", args=[clients["cooperative"].pk])
    return clients["koperasi"].get(url, {f"amt_{clients['member'].pk}": amount}), None


PAGES = [umkm_create, umkm_sales, bank_loan, calculator_bpu, calculator_pu, estimate_wage, estimate_income, estimate_member]


@pytest.fixture
def clients(dinas_client, bank_client, koperasi_client, cooperative, client):
    member = PositionFactory(cooperative=cooperative)  # a member to estimate for: the page shows its form
    return {
        "member": member,
        "dinas": dinas_client,
        "bank": bank_client,
        "koperasi": koperasi_client,
        "public": client,
        "cooperative": cooperative,
    }


@pytest.mark.parametrize("amount", HOSTILE)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.__name__)
def test_a_hostile_amount_is_a_form_error_and_writes_nothing(page, amount, clients):
    response, model = page(clients, amount)
    # The public calculator's full page answers 400 with its form (an htmx swap 200); the others 200.
    assert response.status_code == (400 if page in (calculator_bpu, calculator_pu) else 200)
    assert MESSAGE in response.content.decode()
    if model is not None:
        assert not model.objects.exists()
