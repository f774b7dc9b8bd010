"""PP 7/2021 scale classes at the exact boundaries (domain-reference §6).

The shared test of the scale rule (``core.scale.ScaleTable``): the same cases through the Python
path and the SQL path the PostgreSQL importer uses; run on SQLite and on PostgreSQL.
"""

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import PersonFactory, village
from umkm.models import ScaleCriterion
from umkm.services import business_save, classify_scale, scale_table_on

pytestmark = pytest.mark.django_db

B = 1_000_000_000


# (capital, annual sales, class): the boundaries of each limit alone, both together (the higher
# class applies), and neither known. Every case goes through the Python and the SQL path.
CASES = [
    (0, None, "mikro"),
    (1 * B, None, "mikro"),
    (1 * B + 1, None, "kecil"),
    (5 * B, None, "kecil"),
    (5 * B + 1, None, "menengah"),
    (10 * B, None, "menengah"),
    (10 * B + 1, None, "besar"),
    (None, 2 * B, "mikro"),
    (None, 2 * B + 1, "kecil"),
    (None, 15 * B, "kecil"),
    (None, 15 * B + 1, "menengah"),
    (None, 50 * B, "menengah"),
    (None, 50 * B + 1, "besar"),
    (500_000_000, 3 * B, "kecil"),
    (6 * B, 1 * B, "menengah"),
    (20 * B, 0, "besar"),
    (None, None, "mikro"),
]


def _sql_class(table, capital, annual_sales):
    """The class the SQL path computes, on the test database's engine (SQLite or PostgreSQL)."""
    expression = table.sql("t.capital", "t.annual_sales", vendor=connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression} FROM (SELECT CAST(%s AS BIGINT) AS capital, CAST(%s AS BIGINT) AS annual_sales) t",  # noqa: S608
            [capital, annual_sales],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("capital", "annual_sales", "expected"), CASES)
def test_the_python_and_the_sql_path_give_the_same_class(capital, annual_sales, expected):
    """One table (the ScaleCriterion rows in force), two renderings of the rule, the same answer."""
    table = scale_table_on(timezone.localdate())
    assert classify_scale(capital=capital, annual_sales=annual_sales) == expected
    assert table.classify(capital=capital, annual_sales=annual_sales) == expected
    assert _sql_class(table, capital, annual_sales) == expected


def test_a_new_criteria_row_changes_both_paths():
    """The rule reads the dated rows: a later regulation's limits apply from its date, in Python and SQL."""
    from datetime import timedelta

    today = timezone.localdate()
    later = today + timedelta(days=30)
    for scale, capital_max, sales_max in (("mikro", 2 * B, 3 * B), ("kecil", 6 * B, 20 * B), ("menengah", 12 * B, 60 * B)):
        ScaleCriterion.objects.create(scale=scale, effective_from=later, capital_max=capital_max, sales_max=sales_max)
    before, after = scale_table_on(today), scale_table_on(later)
    assert (before.classify(capital=2 * B, annual_sales=None), _sql_class(before, 2 * B, None)) == ("kecil", "kecil")
    assert (after.classify(capital=2 * B, annual_sales=None), _sql_class(after, 2 * B, None)) == ("mikro", "mikro")


def test_business_save_stores_the_class_and_refuses_a_duplicate_owner_and_name():
    from django.core.exceptions import ValidationError

    owner = PersonFactory()
    business = business_save(owner=owner, name="Warung Berkah", capital=2 * B, desa=village(), kbli="56103")
    assert business.scale == "kecil"
    with pytest.raises(ValidationError):
        business_save(owner=owner, name="Warung Berkah", desa=village())
