"""Per-key rate limit of the bank API (``core.ratelimit``: a fixed one-minute window in the cache).

The limit is the key's ``rate_per_minute`` or ``settings.BANK_API_RATE_PER_MINUTE`` (default 60).
With more than one server process the cache must be shared for the limit to hold across processes:
Redis through ``CACHE_URL``, or the task queue's Redis when ``TASK_BACKEND=rq`` (settings.py); with
the local-memory cache each process counts on its own. tests/deployment/test_two_nodes.py checks one
key's limit across two gunicorn nodes.
"""

from __future__ import annotations

from rest_framework.throttling import BaseThrottle

from banking.models import BankApiKey
from core import ratelimit


class BankKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, BankApiKey):
            return True
        hit = ratelimit.hit("bank", api_key.prefix, limit=api_key.effective_rate_per_minute)
        self._wait = hit.retry_after
        return hit.allowed

    def wait(self):
        return max(1, getattr(self, "_wait", 60))
