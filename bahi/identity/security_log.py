"""The security event log: failed sign-ins, lockouts and the like, with time, user and IP."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from bahi.identity import alerts
from bahi.identity.models import Company, SecurityEvent, User


class Kind:
    LOGIN_SUCCEEDED = "login_succeeded"
    LOGIN_FAILED = "login_failed"
    LOGIN_LOCKED = "login_locked"
    MFA_FAILED = "mfa_failed"
    MFA_LOCKED = "mfa_locked"
    MFA_ADDED = "mfa_added"
    MFA_REMOVED = "mfa_removed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"  # noqa: S105 - an event name
    PASSWORD_RESET_LOCKED = "password_reset_locked"  # noqa: S105 - an event name
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an event name
    LOGGED_OUT_EVERYWHERE = "logged_out_everywhere"
    SESSION_EXPIRED = "session_expired"
    PERMISSION_DENIED = "permission_denied"
    API_KEY_CREATED = "api_key_created"
    API_KEY_NEW_IP = "api_key_new_ip"
    ROLE_CHANGED = "role_changed"
    MEMBER_REMOVED = "member_removed"
    AUDIT_EXPORTED = "audit_exported"


# Shown to a company's admins as in-app alerts (the rest is in the list, not counted as unread).
ALERT_KINDS = frozenset(
    {
        Kind.LOGIN_LOCKED,
        Kind.MFA_LOCKED,
        Kind.MFA_REMOVED,
        Kind.PASSWORD_RESET_LOCKED,
        Kind.PERMISSION_DENIED,
        Kind.API_KEY_CREATED,
        Kind.API_KEY_NEW_IP,
        Kind.ROLE_CHANGED,
        Kind.MEMBER_REMOVED,
    }
)


def record_security_event(
    *,
    kind: str,
    user: User | None,
    ip: str | None,
    details: dict[str, Any] | None = None,
    company: Company | None = None,
) -> SecurityEvent:
    """Store one event, with the alert emails it calls for (bahi.identity.alerts) in the same
    transaction. `details` must never hold a secret (password, key, code)."""
    with transaction.atomic():
        event = SecurityEvent.objects.create(
            at=timezone.now(),
            kind=kind,
            user=user,
            company=company,
            ip=(ip or "")[:45],
            details=details or {},
        )
        alerts.queue_alerts(event)
    return event


def record_denial(denial: dict[str, Any], *, ip: str | None) -> SecurityEvent:
    """A permission denial noted by bahi.identity.permissions (a burst of them is emailed to
    the company's admins, see bahi.identity.alerts)."""
    with transaction.atomic():
        event = SecurityEvent.objects.create(
            at=timezone.now(),
            kind=Kind.PERMISSION_DENIED,
            user_id=denial["user_id"],
            company_id=denial["company_id"],
            ip=(ip or "")[:45],
            details={"action": denial["action"], "role": denial["role"]},
        )
        alerts.queue_alerts(event)
    return event
