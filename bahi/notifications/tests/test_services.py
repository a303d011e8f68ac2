import json
import uuid
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity.models import Role, User
from bahi.identity.services import add_member, create_company
from bahi.notifications.models import EventState, OutboxEvent, WebhookDelivery, WebhookEndpoint
from bahi.notifications.services import (
    MAX_ATTEMPTS,
    backoff,
    drain_outbox,
    emit,
    register_endpoint,
)
from bahi.notifications.signing import verify_signature

PAYLOAD = {"entry_id": 7, "voucher": "JV/2024-25/000001", "total_paise": 1234567}


class ChangeFailed(Exception):
    pass


def _emit_then_fail(company, payload):
    """A change that emits its event, then fails: the transaction rolls back."""
    with transaction.atomic():
        emit(company=company, kind="entry.posted", payload=payload)
        raise ChangeFailed


def _emit(company, kind="entry.posted", payload=PAYLOAD):
    with transaction.atomic():
        return emit(company=company, kind=kind, payload=payload)


def test_an_event_emitted_in_a_rolled_back_transaction_is_never_sent(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )

    with pytest.raises(ChangeFailed):
        _emit_then_fail(company, PAYLOAD)

    assert drain_outbox() == 0
    assert OutboxEvent.objects.count() == 0
    assert receiver.requests == []


def test_an_event_emitted_with_a_posting_is_sent_and_rolled_back_with_it(
    company, admin_user, receiver, post
):
    # Subscribed to entry.reversed only: the events the posting itself may emit are not counted.
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.reversed"]
    )
    with transaction.atomic():
        entry = post(date(2024, 4, 2), [("cash", "100.00", ""), ("capital", "", "100.00")])
        emit(company=company, kind="entry.reversed", payload={"entry_id": entry.id})

    @transaction.atomic
    def post_then_fail():
        post(date(2024, 4, 3), [("cash", "5.00", ""), ("capital", "", "5.00")])
        _emit_then_fail(company, {"entry_id": -1})

    with pytest.raises(ChangeFailed):
        post_then_fail()

    drain_outbox()

    assert [json.loads(r.body)["data"] for r in receiver.requests] == [{"entry_id": entry.id}]


def test_a_committed_event_is_delivered_once_with_a_valid_signature(company, admin_user, receiver):
    endpoint, secret = register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    event = _emit(company)
    now = timezone.now()

    assert drain_outbox(now=now) == 1

    [request] = receiver.requests
    assert request.path == "/hooks"
    assert request.headers["Bahi-Event-Id"] == str(event.event_id)
    assert request.headers["Content-Type"] == "application/json"
    assert verify_signature(
        secret, request.headers["Bahi-Signature"], request.body, now=now.timestamp()
    )
    assert json.loads(request.body) == {
        "id": str(event.event_id),
        "type": "entry.posted",
        "created": event.created_at.isoformat(),
        "data": PAYLOAD,
    }
    event.refresh_from_db()
    assert (event.state, event.attempts, event.last_error) == (EventState.DONE, 1, "")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint_id, delivery.attempt, delivery.status_code) == (endpoint.pk, 1, 200)
    assert (delivery.is_success, delivery.response_excerpt, delivery.error) == (True, "ok", "")


def test_the_secret_is_stored_encrypted_and_shown_only_at_registration(company, admin_user):
    endpoint, secret = register_endpoint(
        company=company,
        actor=admin_user,
        url="https://hooks.example.in/b",
        event_kinds=["entry.posted"],
    )

    stored = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list("secret", flat=True).get()
    assert secret.startswith("whsec_")
    assert secret not in stored
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret


def test_draining_twice_sends_nothing_twice(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    _emit(company)
    later = timezone.now() + timedelta(days=1)

    assert drain_outbox() == 1
    assert drain_outbox(now=later) == 0

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.count() == 1


def test_a_failed_delivery_is_retried_after_the_backoff_and_succeeds_once(
    company, admin_user, receiver
):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    receiver.statuses = [500]
    event = _emit(company)
    now = timezone.now()

    assert drain_outbox(now=now) == 1
    event.refresh_from_db()
    assert (event.state, event.attempts) == (EventState.PENDING, 1)
    assert event.next_attempt_at == now + timedelta(seconds=30)
    assert event.last_error == f"{receiver.url}: HTTP 500"
    assert drain_outbox(now=now + timedelta(seconds=29)) == 0  # not yet due
    assert drain_outbox(now=now + timedelta(seconds=30)) == 1
    assert drain_outbox(now=now + timedelta(days=1)) == 0

    event.refresh_from_db()
    assert (event.state, event.attempts) == (EventState.DONE, 2)
    assert len(receiver.requests) == 2
    assert {r.headers["Bahi-Event-Id"] for r in receiver.requests} == {str(event.event_id)}
    attempts = WebhookDelivery.objects.order_by("attempt").values_list(
        "attempt", "status_code", "is_success", "response_excerpt"
    )
    assert list(attempts) == [(1, 500, False, "try later"), (2, 200, True, "ok")]


def test_only_the_endpoint_that_failed_is_retried(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    register_endpoint(
        company=company,
        actor=admin_user,
        url=receiver.url.replace("/hooks", "/second"),
        event_kinds=["entry.posted"],
    )
    receiver.statuses = [200, 503]
    _emit(company)
    now = timezone.now()

    drain_outbox(now=now)
    drain_outbox(now=now + timedelta(seconds=30))

    assert [r.path for r in receiver.requests] == ["/hooks", "/second", "/second"]
    assert OutboxEvent.objects.get().state == EventState.DONE


def test_after_the_last_attempt_the_event_is_failed(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    receiver.statuses = [500] * (MAX_ATTEMPTS + 2)
    event = _emit(company)
    now = timezone.now()

    for _ in range(MAX_ATTEMPTS + 2):
        drain_outbox(now=now)
        now += timedelta(hours=2)

    event.refresh_from_db()
    assert (event.state, event.attempts) == (EventState.FAILED, MAX_ATTEMPTS)
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert WebhookDelivery.objects.filter(is_success=False).count() == MAX_ATTEMPTS


def test_an_unreachable_endpoint_is_logged_and_retried(company, admin_user, receiver):
    register_endpoint(
        company=company,
        actor=admin_user,
        url="http://127.0.0.1:9/nothing",
        event_kinds=["entry.posted"],
    )
    event = _emit(company)

    drain_outbox()

    event.refresh_from_db()
    delivery = WebhookDelivery.objects.get()
    assert (event.state, event.attempts, delivery.status_code) == (EventState.PENDING, 1, None)
    assert delivery.error.startswith("ConnectionRefusedError")


def test_the_backoff_doubles_up_to_an_hour():
    delays = [backoff(attempts).total_seconds() for attempts in range(1, 10)]

    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_an_endpoint_not_subscribed_to_the_kind_gets_nothing(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.reversed"]
    )
    event = _emit(company, kind="entry.posted")

    assert drain_outbox() == 1

    assert receiver.requests == []
    event.refresh_from_db()
    assert event.state == EventState.DONE


def test_another_companys_endpoint_gets_nothing(company, admin_user, receiver):
    other = create_company(
        owner=admin_user,
        legal_name="Verma Exports LLP",
        state_code="07",
        books_begin_date=date(2024, 4, 1),
    )
    register_endpoint(
        company=other, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    _emit(company)

    assert drain_outbox() == 1

    assert receiver.requests == []


def test_an_inactive_endpoint_gets_nothing(company, admin_user, receiver):
    endpoint, _ = register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    _emit(company)

    drain_outbox()

    assert receiver.requests == []


def test_drain_handles_at_most_limit_events_oldest_first(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    events = [_emit(company, payload={"n": n}) for n in range(3)]

    assert drain_outbox(limit=2) == 2
    assert drain_outbox(limit=2) == 1

    assert [r.headers["Bahi-Event-Id"] for r in receiver.requests] == [
        str(event.event_id) for event in events
    ]


def test_only_an_admin_registers_an_endpoint(company):
    accountant = User.objects.create_user("munim", "munim@example.in", "correct horse battery")
    add_member(company=company, user=accountant, role=Role.ACCOUNTANT)

    with pytest.raises(PermissionDenied):
        register_endpoint(
            company=company,
            actor=accountant,
            url="https://h.example.in/",
            event_kinds=["entry.posted"],
        )

    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "kinds", "field"),
    [
        ("file:///etc/passwd", ["entry.posted"], "url"),
        ("https:///no-host", ["entry.posted"], "url"),
        ("https://h.example.in/", [], "event_types"),
        ("https://h.example.in/", ["entry.deleted"], "event_types"),
    ],
)
def test_rejects_a_bad_url_or_event_kind(company, admin_user, url, kinds, field):
    with pytest.raises(InvalidInput) as raised:
        register_endpoint(company=company, actor=admin_user, url=url, event_kinds=kinds)

    assert raised.value.details == {"field": field}
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_emit_outside_a_transaction_is_refused(admin_user):
    company = create_company(
        owner=admin_user,
        legal_name="Sharma Traders",
        state_code="27",
        books_begin_date=date(2024, 4, 1),
    )

    with pytest.raises(RuntimeError, match="inside the transaction"):
        emit(company=company, kind="entry.posted", payload={"id": str(uuid.uuid4())})

    assert OutboxEvent.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://C\u00a7B;[x/hook",
        "https://[::1/hook",
        "ftp://example.in/hook",
        "https://",
        "https://a b/",
    ],
)
def test_a_malformed_or_non_ascii_webhook_url_is_refused_on_its_field(company, admin_user, url):
    with pytest.raises(InvalidInput) as refused:
        register_endpoint(company=company, actor=admin_user, url=url, event_kinds=["entry.posted"])

    assert refused.value.details == {"field": "url"}
    assert not WebhookEndpoint.objects.filter(company=company).exists()
