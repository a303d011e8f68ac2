"""Request limits on the API: per caller (API key, or signed-in user) and per client address.

Counts live in Django's cache: Redis in production (REDIS_URL), so every worker shares them; a
process's own memory otherwise. Over the limit: 429 problem+json with Retry-After (seconds).
The client address is REMOTE_ADDR: a forwarded-for header is never trusted here. Limits apply
once a request is authenticated (django-ninja checks credentials first); guessing keys is
hopeless (256-bit secrets) and sign-in by password has its own limits (bahi.identity.throttle).

The count is a sliding window approximated from two fixed windows (the current one's count plus
the previous one's, weighted by how much of it the sliding window still covers): one atomic
increment and one read per request, whatever the limit. django-ninja's SimpleRateThrottle keeps
the time of every request in the window as one list, read, unpickled, pickled and written back
whole by each request: its cost grows with the limit (12,000 entries at 200 requests/s under a
one-minute window), and two workers writing the list back at once lose each other's requests.
Retry-After is when one more request fits under that estimate: a window filled on its own still
weighs in the next, so the wait can be up to one period and 1/limit of the next.
"""

import math
import os
import threading
import time

from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

PER_CALLER = os.environ.get("BAHI_API_RATE_PER_CALLER", "600/min")
PER_ADDRESS = os.environ.get("BAHI_API_RATE_PER_ADDRESS", "1200/min")
_RATE_READER = SimpleRateThrottle("1/s")  # only its parse_rate is used


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' -> (600, 60): requests per period, read by django-ninja's own parser (s, sec,
    m, min, h, hour, d, day; '10/5m' too). A negative count is refused as well."""
    try:
        count, seconds = _RATE_READER.parse_rate(rate)
    except ValueError:
        count = seconds = None
    if count is None or seconds is None or count < 0:
        raise ValueError(f"not a rate: {rate!r} (say e.g. '600/min')")
    return count, seconds


class WindowThrottle(SimpleRateThrottle):
    """At most `num_requests` per `duration` seconds per cache key (get_cache_key, as in
    django-ninja's SimpleRateThrottle, whose rate reading and cache this keeps)."""

    num_requests: int
    duration: int
    timer = staticmethod(time.time)  # tests give a clock of their own

    def __init__(self, rate: str) -> None:
        self.rate = rate
        self.num_requests, self.duration = parse_rate(rate)
        self._waits = threading.local()  # ninja asks wait() right after allow_request()

    def allow_request(self, request: HttpRequest) -> bool:
        ident = self.get_cache_key(request)
        if ident is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        current, previous = f"throttle:{ident}:{window}", f"throttle:{ident}:{window - 1}"
        # Two windows' worth of life: the next window still reads this one's count.
        self.cache.add(current, 0, timeout=2 * self.duration)
        try:
            count = self.cache.incr(current)
        except ValueError:  # expired between add and incr (a clock at the window's very end)
            self.cache.add(current, 1, timeout=2 * self.duration)
            count = 1
        before = int(self.cache.get(previous) or 0)
        elapsed = now - window * self.duration  # into this window: the rest of the last counts
        # Fits when the weighted earlier count plus this one is within the limit (multiplied out).
        if (
            before * (self.duration - elapsed) + count * self.duration
            <= self.num_requests * self.duration
        ):
            return True
        self.cache.decr(current)  # a refused request does not use the budget up
        self._waits.seconds = self._wait(elapsed, before, count - 1)
        return False

    def _wait(self, elapsed: float, before: int, count: int) -> float:
        """Seconds until one more request fits: the previous window's weight must fall, or,
        when this window alone is full, the next window must begin and this one's weight fall."""
        room = self.num_requests - 1  # for the requests already counted, leaving one place
        if count <= room and before:
            # the weight of the earlier count, before times the share still in view, <= room - count
            fits_at = self.duration - (room - count) * self.duration / before
        else:  # in the next window this one is `before`: count * (duration - t) / duration <= room
            fits_at = 2 * self.duration - room * self.duration / count if count else self.duration
        return max(1.0, fits_at - elapsed)

    def wait(self) -> float | None:
        seconds = getattr(self._waits, "seconds", None)
        return None if seconds is None else math.ceil(seconds)


class CallerThrottle(WindowThrottle):
    """One budget per API key, or per signed-in user (each key counts on its own)."""

    scope = "caller"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        key = getattr(request, "api_key", None)
        if key is not None:
            ident = f"key-{key.key_id}" if key.key_id is not None else f"user-{key.user.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # not signed in: the address limit applies
        return f"{self.scope}:{ident}"


class AddressThrottle(WindowThrottle):
    """One budget per client address, whoever is signed in from it."""

    scope = "address"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        address = request.META.get("REMOTE_ADDR") or "unknown"
        return f"{self.scope}:{address}"


THROTTLES: list[BaseThrottle] = [CallerThrottle(PER_CALLER), AddressThrottle(PER_ADDRESS)]
