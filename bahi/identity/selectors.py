"""Reads of the identity app: members, invitations, security events, the audit trail. Every
selector takes the company explicitly and filters on it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from bahi.identity.models import (
    AuditRecord,
    Company,
    Invitation,
    Membership,
    SecurityEvent,
    User,
)
from bahi.identity.security_log import ALERT_KINDS


def list_memberships_of(*, user: User) -> list[Membership]:
    """The user's companies (for the switcher), by name."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("company")
        .order_by("company__legal_name", "company_id")
    )


def list_members(*, company: Company) -> list[Membership]:
    return list(
        Membership.objects.filter(company=company)
        .select_related("user")
        .order_by("user__email", "user__username")
    )


def list_open_invitations(*, company: Company) -> list[Invitation]:
    """Invitations neither accepted nor revoked (expired ones included, marked by the view)."""
    return list(
        Invitation.objects.filter(company=company, accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def _company_events(company: Company) -> QuerySet[SecurityEvent]:
    """Events about this company, and events of its members that concern no company (sign-in
    failures, two-factor changes)."""
    members = Membership.objects.filter(company=company).values("user_id")
    return SecurityEvent.objects.filter(
        Q(company=company) | Q(company__isnull=True, user_id__in=members)
    )


def list_security_events(*, company: Company, alerts_only: bool = False) -> QuerySet[SecurityEvent]:
    events = _company_events(company).select_related("user")
    if alerts_only:
        events = events.filter(kind__in=ALERT_KINDS)
    return events.order_by("-at", "-pk")


def count_unread_alerts(*, membership: Membership) -> int:
    """Alerts since the admin last opened the security events page."""
    events = _company_events(membership.company).filter(kind__in=ALERT_KINDS)
    if membership.security_events_seen_at is not None:
        events = events.filter(at__gt=membership.security_events_seen_at)
    return events.count()


@dataclass(frozen=True)
class AuditFilter:
    """What the audit-trail viewer narrows to; empty fields do not filter."""

    object_type: str = ""
    action: str = ""
    actor_id: int | None = None
    from_date: date | None = None
    to_date: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def list_audit_records(*, company: Company, where: AuditFilter) -> QuerySet[AuditRecord]:
    """The company's edit log, newest first, narrowed by `where` (dates in Indian time)."""
    records = AuditRecord.objects.filter(company=company).select_related("actor")
    if where.object_type:
        records = records.filter(object_type=where.object_type)
    if where.action:
        records = records.filter(action=where.action)
    if where.actor_id is not None:
        records = records.filter(actor_id=where.actor_id)
    if where.from_date is not None:
        records = records.filter(recorded_at__gte=_day_start(where.from_date))
    if where.to_date is not None:
        records = records.filter(recorded_at__lt=_day_start(where.to_date + timedelta(days=1)))
    return records.order_by("-sequence")


def list_audit_object_types(*, company: Company) -> list[str]:
    return list(
        AuditRecord.objects.filter(company=company)
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
