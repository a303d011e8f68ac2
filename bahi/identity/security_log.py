"""The security event log: failed sign-ins, lockouts and the like, with time, user and IP."""

from typing import Any

from django.utils import timezone

from bahi.identity.models import SecurityEvent, User


class Kind:
    LOGIN_FAILED = "login_failed"
    LOGIN_LOCKED = "login_locked"


def record_security_event(
    *, kind: str, user: User | None, ip: str | None, details: dict[str, Any] | None = None
) -> SecurityEvent:
    """Store one event. `details` must never hold a secret (password, key, code)."""
    return SecurityEvent.objects.create(
        at=timezone.now(), kind=kind, user=user, ip=(ip or "")[:45], details=details or {}
    )
