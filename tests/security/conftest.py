import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The matrix creates a user per role per URL; a fast hasher keeps it quick (hashing is not under test here)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
