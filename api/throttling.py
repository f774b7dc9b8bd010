"""Per-key rate limit: a fixed one-minute window counted in the cache.

The limit is the key's ``rate_per_minute`` or ``settings.BANK_API_RATE_PER_MINUTE`` (default 60).
With more than one server process the cache must be shared for the limit to hold across processes:
Redis through ``CACHE_URL``, or the task queue's Redis when ``TASK_BACKEND=rq`` (settings.py); with
the local-memory cache each process counts on its own. tests/deployment/test_two_nodes.py checks one
key's limit across two gunicorn nodes.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from banking.models import BankApiKey


class BankKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, BankApiKey):
            return True
        now = time.time()
        window = int(now // 60)
        cache_key = f"kj:bankrate:{api_key.prefix}:{window}"
        if cache.add(cache_key, 1, 90):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, 90)
                count = 1
        self._wait = math.ceil((window + 1) * 60 - now)
        return count <= api_key.effective_rate_per_minute

    def wait(self):
        return max(1, getattr(self, "_wait", 60))
