"""Bank machine authentication: ``Authorization: Api-Key <prefix>.<secret>``.

The key is hashed at rest (djangorestframework-api-key's SHA-512 hasher); only the prefix is looked
up. A valid key authenticates as a ``BankClient`` carrying the bank; ``request.auth`` is the key.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from banking.models import BankApiKey
from banking.selectors import api_key_by_prefix
from core.roles import Role

KEYWORD = "Api-Key"


class BankClient:
    """The caller behind a bank API key: role ``bank`` and its bank, no user account."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None
    id = None

    def __init__(self, api_key: BankApiKey):
        self.api_key = api_key
        self.bank = api_key.bank
        self.bank_id = api_key.bank_id
        self._role_cache = frozenset({Role.BANK.value})
        self._cooperative_ids: list[int] = []

    def __str__(self):
        return f"{self.bank.code} ({self.api_key.prefix})"


class BankApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.headers.get("authorization", "")
        keyword, _sep, key = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None
        key = key.strip()
        prefix, dot, secret = key.partition(".")
        if not dot or not prefix or not secret or len(key) > 150:
            raise exceptions.AuthenticationFailed(_("Kunci API tidak valid."), code="invalid_api_key")
        api_key = api_key_by_prefix(prefix)
        if api_key is None or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed(_("Kunci API tidak valid."), code="invalid_api_key")
        if api_key.revoked:
            raise exceptions.AuthenticationFailed(_("Kunci API sudah dicabut."), code="revoked_api_key")
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("Kunci API sudah kedaluwarsa."), code="expired_api_key")
        if not api_key.bank.is_active:
            raise exceptions.AuthenticationFailed(_("Bank ini tidak aktif."), code="inactive_bank")
        return BankClient(api_key), api_key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'
