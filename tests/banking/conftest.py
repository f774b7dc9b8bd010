import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are created in nearly every test here; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
