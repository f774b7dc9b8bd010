"""PP 7/2021 scale classes at the exact boundaries (domain-reference §6)."""

import pytest

from tests.factories import PersonFactory, village
from umkm.services import business_save, classify_scale

pytestmark = pytest.mark.django_db

B = 1_000_000_000


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (0, "mikro"),
        (1 * B, "mikro"),
        (1 * B + 1, "kecil"),
        (5 * B, "kecil"),
        (5 * B + 1, "menengah"),
        (10 * B, "menengah"),
        (10 * B + 1, "besar"),
    ],
)
def test_capital_boundaries(capital, expected):
    assert classify_scale(capital=capital, annual_sales=None) == expected


@pytest.mark.parametrize(
    ("sales", "expected"),
    [(2 * B, "mikro"), (2 * B + 1, "kecil"), (15 * B, "kecil"), (15 * B + 1, "menengah"), (50 * B, "menengah"), (50 * B + 1, "besar")],
)
def test_sales_boundaries(sales, expected):
    assert classify_scale(capital=None, annual_sales=sales) == expected


def test_higher_class_of_capital_and_sales_applies():
    assert classify_scale(capital=500_000_000, annual_sales=3 * B) == "kecil"
    assert classify_scale(capital=6 * B, annual_sales=1 * B) == "menengah"


def test_unknown_figures_count_as_mikro():
    assert classify_scale(capital=None, annual_sales=None) == "mikro"


def test_business_save_stores_the_class_and_refuses_a_duplicate_owner_and_name():
    from django.core.exceptions import ValidationError

    owner = PersonFactory()
    business = business_save(owner=owner, name="Warung Berkah", capital=2 * B, desa=village(), kbli="56103")
    assert business.scale == "kecil"
    with pytest.raises(ValidationError):
        business_save(owner=owner, name="Warung Berkah", desa=village())
