"""Webhook endpoints of a company (admins only) with their delivery log, and the catalogue of
events one can subscribe to. Deliveries are signed: see bahi.notifications.signing."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from bahi.api.auth import company_for, current_user
from bahi.api.idempotency import idempotent, keep_for_replay, respond
from bahi.api.schemas import Id, Problem
from bahi.identity.permissions import Action
from bahi.notifications.models import WebhookEndpoint
from bahi.notifications.selectors import get_endpoint, list_endpoints, list_recent_deliveries
from bahi.notifications.services import (
    EVENT_CATALOGUE,
    delete_endpoint,
    disable_endpoint,
    register_endpoint,
)

router = Router(tags=["webhooks"])
ERRORS: dict[int, Any] = dict.fromkeys((401, 403, 404, 422), Problem)
WEBHOOKS = "/companies/{company_id}/webhooks"
WEBHOOK = WEBHOOKS + "/{endpoint_id}"
EventKind = Annotated[str, Field(pattern=r"^[a-z]+(\.[a-z]+)+$", max_length=100)]


class EventTypeOut(Schema):
    type: str
    description: str


class EndpointIn(Schema):
    url: Annotated[str, Field(pattern=r"^https?://[!-~]+$", max_length=500)]
    event_types: list[EventKind] = Field(min_length=1, max_length=len(EVENT_CATALOGUE))


class EndpointOut(Schema):
    id: int
    url: str
    event_types: list[str]
    is_active: bool
    created_at: datetime


class CreatedEndpointOut(EndpointOut):
    secret: str = Field(
        description="the signing secret, shown this once (empty in a replay): store it to verify "
        "Bahi-Signature"
    )


class AttemptOut(Schema):
    attempt: int
    status_code: int | None
    is_success: bool
    error: str
    response_excerpt: str
    delivered_at: datetime


class DeliveryOut(Schema):
    event_id: str
    type: str
    created_at: datetime
    state: str
    attempts: list[AttemptOut]


class DeliveriesQuery(Schema):
    limit: Annotated[int, Field(ge=1, le=100)] = 20


def _endpoint_out(endpoint: WebhookEndpoint) -> EndpointOut:
    return EndpointOut(
        id=endpoint.pk,
        url=endpoint.url,
        event_types=list(endpoint.event_kinds),
        is_active=endpoint.is_active,
        created_at=endpoint.created_at,
    )


@router.get("/webhook-events", response={200: list[EventTypeOut], 401: Problem})
def list_event_types(request: HttpRequest) -> list[EventTypeOut]:
    """Every event type an endpoint can subscribe to."""
    current_user(request)
    return [EventTypeOut(type=kind, description=text) for kind, text in EVENT_CATALOGUE.items()]


@router.get(WEBHOOKS, response={200: list[EndpointOut], **ERRORS})
def list_webhooks(request: HttpRequest, company_id: Path[Id]) -> list[EndpointOut]:
    company = company_for(request, company_id, Action.MANAGE_COMPANY)
    return [_endpoint_out(endpoint) for endpoint in list_endpoints(company=company)]


@router.post(WEBHOOKS, response={201: CreatedEndpointOut, **ERRORS})
def create_webhook(request: HttpRequest, company_id: Path[Id], payload: EndpointIn) -> Any:
    """Register a URL for some event types. The answer carries the signing secret, this once: a
    replay of the same Idempotency-Key answers the same endpoint with `secret` empty (the
    secret is never stored in plain text)."""
    company = company_for(request, company_id, Action.MANAGE_COMPANY)

    def handler() -> HttpResponse:
        endpoint, secret = register_endpoint(
            company=company,
            actor=current_user(request),
            url=payload.url,
            event_kinds=payload.event_types,
        )
        shown = _endpoint_out(endpoint).model_dump(mode="json")
        response = respond(201, {**shown, "secret": secret})
        return keep_for_replay(response, respond(201, {**shown, "secret": ""}).content)

    return idempotent(request, company_id=company.id, handler=handler)


@router.get(WEBHOOK, response={200: EndpointOut, **ERRORS})
def read_webhook(request: HttpRequest, company_id: Path[Id], endpoint_id: Path[Id]) -> EndpointOut:
    company = company_for(request, company_id, Action.MANAGE_COMPANY)
    return _endpoint_out(get_endpoint(company=company, endpoint_id=endpoint_id))


@router.post(f"{WEBHOOK}/disable", response={200: EndpointOut, **ERRORS})
def disable_webhook(request: HttpRequest, company_id: Path[Id], endpoint_id: Path[Id]) -> Any:
    """Stop sending to the endpoint; its delivery log is kept."""
    company = company_for(request, company_id, Action.MANAGE_COMPANY)

    def handler() -> HttpResponse:
        endpoint = disable_endpoint(
            company=company, actor=current_user(request), endpoint_id=endpoint_id
        )
        return respond(200, _endpoint_out(endpoint).model_dump(mode="json"))

    return idempotent(request, company_id=company.id, handler=handler)


@router.delete(WEBHOOK, response={204: None, **ERRORS})
def delete_webhook(request: HttpRequest, company_id: Path[Id], endpoint_id: Path[Id]) -> Any:
    """Remove the endpoint and its delivery log."""
    company = company_for(request, company_id, Action.MANAGE_COMPANY)
    delete_endpoint(company=company, actor=current_user(request), endpoint_id=endpoint_id)
    return HttpResponse(status=204)


@router.get(f"{WEBHOOK}/deliveries", response={200: list[DeliveryOut], **ERRORS})
def list_deliveries(
    request: HttpRequest, company_id: Path[Id], endpoint_id: Path[Id], query: Query[DeliveriesQuery]
) -> list[DeliveryOut]:
    """The events most recently sent (or tried) to the endpoint, newest first, each with every
    attempt: status code, error, and the start of the receiver's answer."""
    company = company_for(request, company_id, Action.MANAGE_COMPANY)
    endpoint = get_endpoint(company=company, endpoint_id=endpoint_id)
    return [
        DeliveryOut(
            event_id=str(item.event.event_id),
            type=item.event.kind,
            created_at=item.event.created_at,
            state=item.event.state,
            attempts=[
                AttemptOut(
                    attempt=attempt.attempt,
                    status_code=attempt.status_code,
                    is_success=attempt.is_success,
                    error=attempt.error,
                    response_excerpt=attempt.response_excerpt,
                    delivered_at=attempt.delivered_at,
                )
                for attempt in item.attempts
            ],
        )
        for item in list_recent_deliveries(endpoint=endpoint, limit=query.limit)
    ]
