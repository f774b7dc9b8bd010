"""The one rate limiter: a fixed one-minute window counted in the cache.

Used by the bank API (per key) and the public letter verification (per client address). With more
than one server process the cache must be shared (``CACHE_URL``, Redis) for a limit to hold across
processes; with the local-memory cache each process counts on its own.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 60
_KEY_TIMEOUT = 90  # outlives its window, so a late increment still finds it


@dataclass(frozen=True)
class Hit:
    allowed: bool
    count: int  # requests counted in this window, this one included
    retry_after: int  # seconds until the window ends (at least 1)


def hit(scope: str, ident: str, *, limit: int) -> Hit:
    """Count one request of ``ident`` in ``scope``; allowed while the window's count is at most ``limit``."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"kj:rate:{scope}:{ident}:{window}"
    if cache.add(key, 1, _KEY_TIMEOUT):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, _KEY_TIMEOUT)
            count = 1
    return Hit(allowed=count <= limit, count=count, retry_after=max(1, math.ceil((window + 1) * WINDOW_SECONDS - now)))
