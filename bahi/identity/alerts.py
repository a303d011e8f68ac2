"""Security alerts by email: which security events a company's admins (and the person whose
account it is) hear about, queued in the outbox in the event's own transaction.

Emailed to the admins of each company concerned (the event's company, or every company of the
user it is about):
- lock-outs (sign-in, two-factor code, password reset): someone is guessing a member's secrets;
- a second factor added or removed: removing one weakens an account, adding one to an account
  someone else took over keeps them in;
- a role changed or a member removed, an API key created or used from a new address: who can
  reach the books changed, or a key may be in other hands;
- permission denials in a burst (DENIAL_BURST in DENIAL_WINDOW by one member in one company):
  one denial is a misclick, a run of them is someone probing; one email per window.
The account's owner is also told of a second factor added or removed and of a password change
("was this you?"). Not emailed: single failed sign-ins (the lock-out covers a run of them),
successful sign-ins, session expiry, "log out everywhere", reset requests and audit exports
(they are in the security events list).
"""

from datetime import UTC, timedelta

from django.utils import timezone

from bahi.core.formatting import format_date
from bahi.identity import mail
from bahi.identity.models import Company, Membership, Role, SecurityEvent, User

DENIAL_BURST = 5
DENIAL_WINDOW = timedelta(minutes=10)

ADMIN_ALERTS = {
    "login_locked": "sign-in locked after repeated failures",
    "mfa_locked": "two-factor sign-in locked after repeated wrong codes",
    "password_reset_locked": "password reset requests locked after too many",  # noqa: S105
    "mfa_added": "a second factor was added to an account",
    "mfa_removed": "a second factor was removed from an account",
    "role_changed": "a member's role was changed",
    "member_removed": "a member was removed",
    "api_key_created": "an API key was created",
    "api_key_new_ip": "an API key was used from a new address",
    "permission_denied": f"{DENIAL_BURST} or more permission denials within 10 minutes",
}
# Kinds recorded again at every attempt while the attack lasts: emailed once per window.
REPEATING = {
    "login_locked": timedelta(hours=1),
    "mfa_locked": timedelta(hours=1),
    "password_reset_locked": timedelta(hours=1),  # noqa: S105 - an event name
    "permission_denied": DENIAL_WINDOW,
}
OWNER_ALERTS = {
    "mfa_added": "a second factor was added to your account",
    "mfa_removed": "a second factor was removed from your account",
    "password_changed": "your password was changed",  # noqa: S105 - a sentence
}


_TYPED = frozenset({"username", "email"})


def queue_alerts(event: SecurityEvent) -> None:
    """Queue the alert emails `event` calls for (none for most events). Call in the event's
    transaction; idempotent per event and recipient group."""
    if event.kind in ADMIN_ALERTS and _is_alerting(event):
        for company in _companies_concerned(event):
            admins = _admin_addresses(company)
            if admins:
                _queue(event, ADMIN_ALERTS[event.kind], admins, company, key=_key(event, company))
    user = event.user
    if event.kind in OWNER_ALERTS and user is not None and user.email:
        _queue(event, OWNER_ALERTS[event.kind], [user.email], None, key=f"{event.pk}:owner")


def _is_alerting(event: SecurityEvent) -> bool:
    if event.kind != "permission_denied":
        return True
    if event.user_id is None or event.company_id is None:
        return False
    since = event.at - DENIAL_WINDOW
    denials = SecurityEvent.objects.filter(
        kind="permission_denied", user_id=event.user_id, company_id=event.company_id, at__gt=since
    )
    return denials.count() >= DENIAL_BURST


def _key(event: SecurityEvent, company: Company) -> str:
    """One email per event, except for what repeats while an attack goes on: one per member,
    company and window for denial bursts, one per account and hour for lock-outs (every refused
    attempt on a locked account is an event; an attacker must not flood the admins' mail)."""
    window = REPEATING.get(event.kind)
    if window is None:
        return f"{event.pk}:{company.pk}"
    bucket = int(event.at.timestamp() // window.total_seconds())
    return f"{event.kind}:{company.pk}:{event.user_id}:{bucket}"


def _companies_concerned(event: SecurityEvent) -> list[Company]:
    if event.company_id is not None:
        return list(Company.objects.filter(pk=event.company_id))
    if event.user_id is None:  # a name that matches no account: nobody's company
        return []
    return list(Company.objects.filter(membership__user_id=event.user_id).order_by("pk"))


def _admin_addresses(company: Company) -> list[str]:
    admins = Membership.objects.filter(
        company=company, role=Role.ADMIN, user__is_active=True
    ).exclude(user__email=None)
    return sorted(email for email in admins.values_list("user__email", flat=True) if email)


def _who(user: User | None) -> str:
    if user is None:
        return "an account name that does not exist"
    return f"{user.get_username()} <{user.email}>" if user.email else user.get_username()


def _queue(
    event: SecurityEvent, what: str, to: list[str], company: Company | None, *, key: str
) -> None:
    at, utc = timezone.localtime(event.at), event.at.astimezone(UTC)
    place = f" in {company.legal_name}" if company is not None else ""
    details = "".join(
        f"  {name}: {value}\n"
        for name, value in sorted(event.details.items())
        if name not in _TYPED  # what someone typed: maybe a password in the wrong box
    )
    body = (
        f"Security alert{place}: {what}.\n\n"
        f"Account: {_who(event.user)}\n"
        f"When: {format_date(at.date())} {at:%H:%M:%S} IST ({utc:%H:%M:%S} UTC)\n"
        f"From address: {event.ip or 'unknown'}\n"
        + (f"Details:\n{details}" if details else "")
        + "\nIf this was not expected, review Security events in Bahi, change the password and "
        "check the account's two-factor devices and API keys.\n"
    )
    mail.queue_email(
        to=to,
        subject=f"[Bahi] Security alert{place}: {what}",
        body_text=body,
        company=company,
        idempotency_key=f"security-alert:{key}",
    )
