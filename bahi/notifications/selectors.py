"""Reads of webhook endpoints and their delivery log, always scoped to the company."""

from dataclasses import dataclass

from django.db.models import Max

from bahi.core.errors import NotFound
from bahi.identity.models import Company
from bahi.notifications.models import OutboxEvent, WebhookDelivery, WebhookEndpoint


def list_endpoints(*, company: Company) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(company=company).order_by("pk"))


def get_endpoint(*, company: Company, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(company=company, pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(f"webhook endpoint {endpoint_id} does not exist in this company")
    return endpoint


@dataclass(frozen=True, slots=True)
class EventDeliveries:
    """One event sent (or tried) to one endpoint, with every attempt in order."""

    event: OutboxEvent
    attempts: list[WebhookDelivery]


def list_recent_deliveries(*, endpoint: WebhookEndpoint, limit: int) -> list[EventDeliveries]:
    """The `limit` events most recently tried at the endpoint, newest first, each with all its
    attempts there (two queries)."""
    recent = (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .values("event_id")
        .annotate(last=Max("delivered_at"), last_id=Max("id"))
        .order_by("-last", "-last_id")[:limit]
    )
    event_ids = [row["event_id"] for row in recent]
    attempts: dict[int, list[WebhookDelivery]] = {event_id: [] for event_id in event_ids}
    rows = (
        WebhookDelivery.objects.filter(endpoint=endpoint, event_id__in=event_ids)
        .select_related("event")
        .order_by("attempt", "id")
    )
    events: dict[int, OutboxEvent] = {}
    for row in rows:
        attempts[row.event_id].append(row)
        events[row.event_id] = row.event
    return [EventDeliveries(events[event_id], attempts[event_id]) for event_id in event_ids]
