"""Production: HTTPS only.

BAHI_BEHIND_TLS_PROXY  set when a proxy ends TLS and sends X-Forwarded-Proto: https; the proxy
                       then redirects plain HTTP itself (Bahi's redirect is off unless asked for)
BAHI_SSL_REDIRECT      "1"/"0" forces Bahi's own HTTP -> HTTPS redirect on or off
BAHI_HSTS_PRELOAD      "0" leaves the domain off the browsers' preload list (default: on)
BAHI_SMTP_HOST         unset: emails are refused and kept in the outbox with an error naming it
                       (never printed to the logs: they carry one-time links)
"""

import os

from .base import *  # noqa: F403


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "false", "off", "no"}


BEHIND_TLS_PROXY = _flag("BAHI_BEHIND_TLS_PROXY", False)

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Sign-in limits and security events count the address the proxy saw (the last X-Forwarded-For
# entry, which the proxy itself appends); without a proxy, X-Forwarded-For is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if BEHIND_TLS_PROXY else 0
SECURE_SSL_REDIRECT = _flag("BAHI_SSL_REDIRECT", not BEHIND_TLS_PROXY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = _flag("BAHI_HSTS_PRELOAD", True)
# __Host- cookies: Secure, Path=/, no Domain: a sibling subdomain cannot set or overwrite them.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
if not os.environ.get("BAHI_SMTP_HOST"):
    EMAIL_BACKEND = "bahi.notifications.email_backends.NotConfiguredBackend"
# Links in emails (verification, password reset, invitations) are https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
