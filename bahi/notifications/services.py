"""The outbox and outbound webhooks.

`emit` writes an event in the caller's transaction: it commits or rolls back with the change it
describes, so a rolled-back change is never announced and a committed one is never lost.
`drain_outbox` (run by `bahi worker`) delivers due events to the company's subscribed endpoints.
Each event is handled in its own transaction holding its row lock (FOR UPDATE SKIP LOCKED on
PostgreSQL, so several workers share the work; on SQLite the IMMEDIATE transaction's write
lock); its deliveries and new state commit together. A worker killed after an endpoint answered
but before that commit sends the event again with the same event id, which receivers de-dupe
(see bahi.notifications.signing); a recorded success is never sent again (unique constraint).
"""

import json
import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from bahi.core.errors import InvalidInput, NotFound
from bahi.identity.audit import record_change
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.notifications import destinations, transport
from bahi.notifications.errors import WebhookUrlNotPublic
from bahi.notifications.models import EventState, OutboxEvent, WebhookDelivery, WebhookEndpoint
from bahi.notifications.signing import EVENT_ID_HEADER, SIGNATURE_HEADER, signature_header

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
# Every event a company can subscribe to, with what it announces (the API's events catalogue).
EVENT_CATALOGUE: dict[str, str] = {
    "entry.posted": "A journal entry was posted (its voucher number, date, total and lines).",
    "entry.reversed": "A posted journal entry was reversed by a mirror entry.",
    "entries.imported": "A batch of journal entries was imported (voucher range, count).",
    "invoice.issued": "A sales or purchase document was issued: numbered and posted.",
    "invoice.cancelled": "An issued document was cancelled: its entry reversed, number kept.",
    "payment.received": "A receipt from a customer was recorded, with its allocations.",
    "payment.made": "A payment to a supplier was recorded, with its allocations.",
}
EVENT_KINDS = frozenset(EVENT_CATALOGUE)


def emit(*, company: Company, kind: str, payload: Mapping[str, Any]) -> OutboxEvent:
    """Write an event to the outbox. Must be called inside the transaction of the change it
    describes (raises RuntimeError otherwise): the event shares that change's fate."""
    if not connection.in_atomic_block:
        raise RuntimeError("emit() must run inside the transaction of the change it announces")
    now = timezone.now()
    event = OutboxEvent(
        company=company,
        event_id=uuid.uuid4(),
        kind=kind,
        payload=dict(payload),
        created_at=now,
        next_attempt_at=now,
    )
    # Plain SQL, not Model.save(): every posting emits, and the ORM's insert costs more than
    # the write itself.
    columns = (
        "company_id",
        "event_id",
        "kind",
        "payload",
        "created_at",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    fields = [OutboxEvent._meta.get_field(name) for name in columns]
    values = [
        field.get_db_prep_save(getattr(event, field.attname), connection)
        for field in fields
        if isinstance(field, models.Field)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {OutboxEvent._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id",
            values,
        )
        event.pk = cursor.fetchall()[0][0]
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _is_webhook_url(url: str) -> bool:
    if not url.isascii() or not url.isprintable() or " " in url:
        return False
    try:  # urlsplit refuses some malformed hosts (an unclosed "[" of an IPv6 address)
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return False
    return parts.scheme in transport.ALLOWED_SCHEMES and bool(parts.hostname)


def _ensure_public_destination(url: str) -> None:
    """Refuse a URL whose host is plainly internal (see bahi.notifications.destinations); the
    delivery checks again, since DNS may change."""
    if settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        return
    reason = destinations.registration_refusal(urlsplit(url))
    if reason:
        raise WebhookUrlNotPublic(
            f"webhook URL must reach a public internet address: {reason} "
            f"({destinations.ALLOW_HINT})",
            details={"field": "url"},
        )


@transaction.atomic
def register_endpoint(
    *, company: Company, actor: User, url: str, event_kinds: list[str]
) -> tuple[WebhookEndpoint, str]:
    """Add a webhook endpoint (company admins only) and return it with its signing secret,
    which is shown this once (stored encrypted). Raises PermissionDenied, InvalidInput, and
    WebhookUrlNotPublic for a loopback, private or link-local host (an IP literal in any form,
    localhost, or a name resolving to one): a DNS lookup, made in the caller's transaction."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    if not _is_webhook_url(url):
        raise InvalidInput(
            f"webhook URL must be http(s)://host/... in plain ASCII (a host in another script as "
            f"its xn-- form): {url!r}",
            details={"field": "url"},
        )
    _ensure_public_destination(url)
    unknown = sorted(set(event_kinds) - EVENT_KINDS)
    if not event_kinds or unknown:
        raise InvalidInput(
            f"event kinds must be among {', '.join(sorted(EVENT_KINDS))}; got {unknown or 'none'}",
            details={"field": "event_types"},
        )
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint(
        company=company,
        url=url,
        secret=secret,
        event_kinds=sorted(set(event_kinds)),
        created_at=timezone.now(),
    )
    endpoint.save()
    _record_endpoint_change(company, actor, "create", endpoint)
    return endpoint, secret


def _record_endpoint_change(
    company: Company, actor: User, action: str, endpoint: WebhookEndpoint
) -> None:
    record_change(
        company=company,
        actor=actor,
        action=action,
        object_type="notifications.webhookendpoint",
        object_id=endpoint.pk,
        after={"url": endpoint.url, "events": endpoint.event_kinds, "active": endpoint.is_active},
    )


def _locked_endpoint(company: Company, endpoint_id: int) -> WebhookEndpoint:
    endpoint = (
        WebhookEndpoint.objects.select_for_update().filter(company=company, pk=endpoint_id).first()
    )
    if endpoint is None:
        raise NotFound(f"webhook endpoint {endpoint_id} does not exist in this company")
    return endpoint


@transaction.atomic
def disable_endpoint(*, company: Company, actor: User, endpoint_id: int) -> WebhookEndpoint:
    """Stop sending to an endpoint (admins only); its delivery log stays. Disabling twice is a
    no-op. Raises PermissionDenied, NotFound."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    endpoint = _locked_endpoint(company, endpoint_id)
    if endpoint.is_active:
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active"])
        _record_endpoint_change(company, actor, "disable", endpoint)
    return endpoint


@transaction.atomic
def delete_endpoint(*, company: Company, actor: User, endpoint_id: int) -> None:
    """Remove an endpoint and its delivery log (admins only). Raises PermissionDenied,
    NotFound."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    endpoint = _locked_endpoint(company, endpoint_id)
    _record_endpoint_change(company, actor, "delete", endpoint)
    endpoint.delete()


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: 30 s, 60 s, 120 s ... <= 1 h."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_CAP_SECONDS))


def drain_outbox(*, limit: int = 100, now: datetime | None = None) -> int:
    """Deliver up to `limit` due pending events; return how many were handled. An event is done
    when every subscribed endpoint has a successful delivery; otherwise it is retried after
    `backoff(attempts)`, and failed after MAX_ATTEMPTS. A delivery refused unsent (the host
    resolves to a non-public address now, or answers with a redirect) is such a failure, logged
    with its reason on the attempt."""
    now = timezone.now() if now is None else now
    due = OutboxEvent.objects.filter(state=EventState.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    return sum(_deliver_event(pk, now) for pk in ids)


@transaction.atomic
def _deliver_event(pk: int, now: datetime) -> int:
    event = (
        OutboxEvent.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=pk, state=EventState.PENDING, next_attempt_at__lte=now)
        .select_related("company")
        .first()
    )
    if event is None:  # another worker has it, or finished it since we looked
        return 0
    event.attempts += 1
    errors = [
        error
        for endpoint in _endpoints_waiting(event)
        if (error := _deliver_to(event, endpoint, now))
    ]
    if not errors:
        event.state, event.last_error = EventState.DONE, ""
    else:
        event.last_error = "; ".join(errors)[:2000]
        if event.attempts >= MAX_ATTEMPTS:
            event.state = EventState.FAILED
        else:
            event.next_attempt_at = now + backoff(event.attempts)
    event.save(update_fields=["attempts", "state", "next_attempt_at", "last_error"])
    return 1


def _endpoints_waiting(event: OutboxEvent) -> list[WebhookEndpoint]:
    """Active endpoints of the event's company, subscribed to its kind and existing when it was
    emitted, that have not yet received it."""
    delivered = WebhookDelivery.objects.filter(event=event, is_success=True).values("endpoint")
    candidates = WebhookEndpoint.objects.filter(
        company_id=event.company_id, is_active=True, created_at__lte=event.created_at
    ).exclude(pk__in=delivered)
    return [
        endpoint for endpoint in candidates.order_by("pk") if event.kind in endpoint.event_kinds
    ]


def _deliver_to(event: OutboxEvent, endpoint: WebhookEndpoint, now: datetime) -> str:
    """POST the event to one endpoint and log the attempt; return "" or the error."""
    body = event_body(event)
    timestamp = int(now.timestamp())
    headers = {
        SIGNATURE_HEADER: signature_header(endpoint.secret, timestamp, body),
        EVENT_ID_HEADER: str(event.event_id),
    }
    result = transport.post_json(
        endpoint.url, body, headers, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_HOSTS
    )
    WebhookDelivery.objects.create(
        event=event,
        endpoint=endpoint,
        attempt=event.attempts,
        status_code=result.status_code,
        is_success=result.is_success,
        response_excerpt=result.response_excerpt,
        error=result.error,
        delivered_at=now,
    )
    return "" if result.is_success else f"{endpoint.url}: {result.error or result.status_code}"


def event_body(event: OutboxEvent) -> bytes:
    """The JSON body sent for an event (the same bytes on every attempt)."""
    document = {
        "id": str(event.event_id),
        "type": event.kind,
        "created": event.created_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(
        document, cls=DjangoJSONEncoder, separators=(",", ":"), sort_keys=True
    ).encode()
