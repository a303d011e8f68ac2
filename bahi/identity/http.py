"""The client's address, as every identity limit and security event records it."""

from allauth.core.internal.httpkit import get_client_ip
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind proxies one controls (ALLAUTH_TRUSTED_PROXY_COUNT, set by
    BAHI_BEHIND_TLS_PROXY) the X-Forwarded-For entry that the outermost of them added. Entries
    a client wrote itself are never used, so a spoofed header cannot reset a limit."""
    try:
        return str(get_client_ip(request) or "")
    except ImproperlyConfigured:  # fewer hops than the proxies we run: not through them
        return str(request.META.get("REMOTE_ADDR") or "")
