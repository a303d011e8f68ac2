"""Request limits on the API: per caller (API key, or signed-in user) and per client address.

Counts live in Django's cache: Redis in production (REDIS_URL), so every worker shares them; a
process's own memory otherwise. Over the limit: 429 problem+json with Retry-After (seconds).
The client address is REMOTE_ADDR: a forwarded-for header is never trusted here. Limits apply
once a request is authenticated (django-ninja checks credentials first); guessing keys is
hopeless (256-bit secrets) and sign-in by password has its own limits (bahi.identity.throttle).
"""

import os

from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

PER_CALLER = os.environ.get("BAHI_API_RATE_PER_CALLER", "600/min")
PER_ADDRESS = os.environ.get("BAHI_API_RATE_PER_ADDRESS", "1200/min")


class CallerThrottle(SimpleRateThrottle):
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
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressThrottle(SimpleRateThrottle):
    """One budget per client address, whoever is signed in from it."""

    scope = "address"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        address = request.META.get("REMOTE_ADDR") or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": address}


THROTTLES: list[BaseThrottle] = [CallerThrottle(PER_CALLER), AddressThrottle(PER_ADDRESS)]
