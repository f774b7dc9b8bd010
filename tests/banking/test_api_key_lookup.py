"""``api_key_by_prefix`` builds the key and its bank from one compiled query (``core/compat.py``):
they must be what the ORM would load, so an upgrade that changes the internals it uses fails here."""

import pytest
from django.db.models import Model

from banking.models import BankApiKey
from banking.selectors import api_key_by_prefix
from banking.services import api_key_create, api_key_revoke

pytestmark = pytest.mark.django_db


def values(instance: Model) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_key_and_its_bank_are_what_the_orm_loads(bank, django_assert_num_queries):
    key, plaintext = api_key_create(bank=bank, name="uji", rate_per_minute=30)
    api_key_create(bank=bank, name="lain")
    prefix = plaintext.split(".")[0]
    expected = BankApiKey.objects.select_related("bank").get(prefix=prefix)
    for _round in range(2):  # compiled on the first call, only executed on the second
        with django_assert_num_queries(1):
            found = api_key_by_prefix(prefix)
            bank_values = values(found.bank)  # attached: no second query
        assert values(found) == values(expected)
        assert bank_values == values(expected.bank)
    assert (found._state.adding, found._state.db) == (False, "default")
    assert found.is_valid(plaintext)


def test_a_revoked_key_is_found_and_says_so(bank):
    key, plaintext = api_key_create(bank=bank, name="uji")
    api_key_revoke(api_key=key)
    assert api_key_by_prefix(plaintext.split(".")[0]).revoked is True


def test_an_unknown_prefix_finds_nothing(bank):
    api_key_create(bank=bank, name="uji")
    assert api_key_by_prefix("tidakada") is None
