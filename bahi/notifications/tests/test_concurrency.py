"""Workers that die or run side by side: nothing is lost, nothing is sent twice."""

import threading
from collections import Counter

import pytest
from django.conf import settings
from django.db import connections, transaction

from bahi.notifications.models import EventState, OutboxEvent, WebhookDelivery
from bahi.notifications.services import drain_outbox, emit, register_endpoint


class WorkerKilled(BaseException):
    """Stands in for SIGKILL between the receiver's answer and the commit."""


def test_a_worker_killed_after_sending_leaves_the_event_pending_and_resends_the_same_id(
    company, admin_user, receiver, monkeypatch
):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    with transaction.atomic():
        event = emit(company=company, kind="entry.posted", payload={"entry_id": 1})
    real_create = WebhookDelivery.objects.create

    def killed(**kwargs):
        raise WorkerKilled

    monkeypatch.setattr(WebhookDelivery.objects, "create", killed)
    with pytest.raises(WorkerKilled):
        drain_outbox()
    monkeypatch.setattr(WebhookDelivery.objects, "create", real_create)

    event.refresh_from_db()
    assert (event.state, event.attempts, WebhookDelivery.objects.count()) == ("pending", 0, 0)
    assert drain_outbox() == 1
    event.refresh_from_db()
    assert event.state == EventState.DONE
    # Sent twice with one event id: the receiver's de-duplication by Bahi-Event-Id makes it once.
    assert [r.headers["Bahi-Event-Id"] for r in receiver.requests] == [str(event.event_id)] * 2
    assert WebhookDelivery.objects.filter(is_success=True).count() == 1


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: threads cannot share SQLite's in-memory test database (and on "
    "SQLite the IMMEDIATE write lock runs one worker at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_each_event_exactly_once(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    with transaction.atomic():
        events = [emit(company=company, kind="entry.posted", payload={"n": n}) for n in range(40)]
    handled: list[int] = []

    def work() -> None:
        try:
            handled.append(drain_outbox(limit=100))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert sum(handled) == 40
    sent = Counter(r.headers["Bahi-Event-Id"] for r in receiver.requests)
    assert sent == Counter({str(event.event_id): 1 for event in events})
    assert OutboxEvent.objects.filter(state=EventState.DONE).count() == 40
    assert WebhookDelivery.objects.filter(is_success=True).count() == 40
