"""Sign-in rate limits (ASVS 5.0 V6, NIST SP 800-63B 5.2.2).

At most 5 failed sign-ins per account name in 5 minutes, 10 per client IP in 1 minute, and never
more than 100 consecutive failures for one account (it then waits a day, or until an admin resets
it). Limits count by the name typed, whether or not such a user exists, so an unknown name gets
the very same answers. Counters live in Django's cache (Redis when REDIS_URL is set).

The same limits apply, each with counters of its own, to the other flows where a secret can be
guessed or a mailbox flooded: `flow="mfa"` (two-factor codes, counted per user id) and
`flow="reset"` (password-reset requests, counted per email address typed).
"""

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

ACCOUNT_LIMIT, ACCOUNT_WINDOW = 5, 300
IP_LIMIT, IP_WINDOW = 10, 60
CONSECUTIVE_LIMIT, CONSECUTIVE_LOCK = 100, 86400

now: Callable[[], float] = time.time  # tests replace this to freeze or move the clock


@dataclass(frozen=True)
class Wait:
    """Why a sign-in is refused, and for how many seconds more."""

    seconds: int
    scope: str  # "account", "ip" or "consecutive"

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))

    @property
    def message(self) -> str:
        unit = "minute" if self.minutes == 1 else "minutes"
        return f"Too many attempts; try again in {self.minutes} {unit}."


def _account_key(username: str, flow: str = "login") -> str:
    digest = hashlib.sha256(username.strip().casefold().encode("utf-8")).hexdigest()
    return f"bahi:{flow}:account:{digest}"


def _ip_key(ip: str, flow: str = "login") -> str:
    return f"bahi:{flow}:ip:{ip}"


def _recent(key: str, window: int, at: float) -> list[float]:
    return [t for t in cache.get(key, []) if at - t < window]


def _window_wait(key: str, limit: int, window: int, at: float) -> int:
    recent = _recent(key, window, at)
    if len(recent) < limit:
        return 0
    return math.ceil(sorted(recent)[-limit] + window - at)


def _consecutive_wait(username: str, at: float, flow: str) -> int:
    count, last = cache.get(_account_key(username, flow) + ":run", (0, 0.0))
    count, last = int(count), float(last)
    if count < CONSECUTIVE_LIMIT:
        return 0
    return max(0, math.ceil(last + CONSECUTIVE_LOCK - at))


def login_wait(username: str, ip: str, *, flow: str = "login") -> Wait | None:
    """How long this name or IP must wait before another attempt, or None to go ahead."""
    at = now()
    account_key = _account_key(username, flow)
    waits = [
        Wait(_consecutive_wait(username, at, flow), "consecutive"),
        Wait(_window_wait(account_key, ACCOUNT_LIMIT, ACCOUNT_WINDOW, at), "account"),
        Wait(_window_wait(_ip_key(ip, flow), IP_LIMIT, IP_WINDOW, at), "ip"),
    ]
    longest = max(waits, key=lambda wait: wait.seconds)
    return longest if longest.seconds > 0 else None


def note_failed_login(username: str, ip: str, *, flow: str = "login") -> None:
    at = now()
    keys = ((_account_key(username, flow), ACCOUNT_WINDOW), (_ip_key(ip, flow), IP_WINDOW))
    for key, window in keys:
        cache.set(key, [*_recent(key, window, at), at], timeout=window)
    run_key = _account_key(username, flow) + ":run"
    count, _ = cache.get(run_key, (0, 0.0))
    cache.set(run_key, (count + 1, at), timeout=CONSECUTIVE_LOCK)


def note_successful_login(username: str, *, flow: str = "login") -> None:
    """A correct password ends the account's run of failures (not the IP's)."""
    account_key = _account_key(username, flow)
    cache.delete_many([account_key, account_key + ":run"])
