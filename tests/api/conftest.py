import pytest
from django.core.cache import cache
from django.test import Client

from tests.banking.factories import make_key


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bank_key(bank):
    """(key, plaintext) of the fixture bank."""
    return make_key(bank)


@pytest.fixture
def api(bank_key):
    """A client that sends the bank's key."""
    return Client(headers={"authorization": f"Api-Key {bank_key[1]}"})


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are created in nearly every test here; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
