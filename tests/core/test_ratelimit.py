"""The one rate limiter (``core.ratelimit``): a fixed one-minute window per scope and caller."""

from unittest import mock

from django.core.cache import cache

from core import ratelimit


def test_the_limit_th_request_passes_and_the_next_is_refused_until_the_window_ends():
    cache.clear()
    with mock.patch("core.ratelimit.time.time", return_value=6_000_000.0 + 45):  # 45 s into a window
        hits = [ratelimit.hit("test", "a", limit=3) for _ in range(4)]
        assert [h.allowed for h in hits] == [True, True, True, False]
        assert [h.count for h in hits] == [1, 2, 3, 4]
        assert hits[-1].retry_after == 15
        assert ratelimit.hit("test", "b", limit=3).allowed  # another caller counts on its own
        assert ratelimit.hit("other", "a", limit=3).allowed  # and so does another scope
    with mock.patch("core.ratelimit.time.time", return_value=6_000_000.0 + 60):  # the next window
        assert ratelimit.hit("test", "a", limit=3).count == 1
