"""A per-host rate limit shared by every thread of a fetch: requests to one host start at least
1/rate seconds apart (each caller reserves the next free slot, then sleeps until it)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostRateLimiter:
    """Minimum interval between request starts, per host."""

    def __init__(
        self,
        per_second: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError(f"rate must be positive, got {per_second}")
        self.interval = 1.0 / per_second
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._monotonic = monotonic
        self._sleep = sleep

    def wait(self, host: str) -> float:
        """Block until a request to `host` may start; returns the seconds waited."""
        key = host.lower()
        with self._lock:
            now = self._monotonic()
            start = max(now, self._next.get(key, now))
            self._next[key] = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay


_SHARED: dict[float, HostRateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(per_second: float) -> HostRateLimiter:
    """The process-wide limiter for this rate, so that successive fetches (one per source, or
    one per Prefect task) keep their distance from a host too."""
    with _SHARED_LOCK:
        limiter = _SHARED.get(per_second)
        if limiter is None:
            limiter = _SHARED[per_second] = HostRateLimiter(per_second)
        return limiter
