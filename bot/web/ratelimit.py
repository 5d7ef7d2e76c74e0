"""Token-bucket rate limits per conversation and per client address, in bounded memory."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

MAX_TRACKED_KEYS = 50_000


class RateLimiter:
    """`per_minute` requests per key, with bursts up to `burst` (default: the per-minute rate)."""

    def __init__(
        self,
        per_minute: int,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED_KEYS,
    ) -> None:
        self.capacity = float(burst if burst is not None else per_minute)
        self.refill_per_second = per_minute / 60.0
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when its bucket is empty."""
        now = self._clock()
        tokens, updated = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - updated) * self.refill_per_second)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)  # the least recently seen key
        return allowed

    def retry_after(self, key: str) -> float:
        """Seconds until `key` has a token again."""
        tokens, _updated = self._buckets.get(key, (self.capacity, 0.0))
        missing = max(0.0, 1.0 - tokens)
        return missing / self.refill_per_second if self.refill_per_second else 60.0
