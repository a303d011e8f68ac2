"""The periodic outbox task: drains again and again for its window, and never runs twice at once."""

from datetime import datetime

import pytest
from django.db import transaction
from huey.contrib.djhuey import HUEY

from bahi.notifications.models import EventState, OutboxEvent
from bahi.notifications.services import emit, register_endpoint
from bahi.notifications.tasks import drain_for, drain_outbox_continuously

pytestmark = pytest.mark.django_db


class FakeClock:
    """A monotonic clock that advances only when the task sleeps; emits an event on one sleep."""

    def __init__(self, on_sleep=None):
        self.now, self.sleeps, self.on_sleep = 0.0, [], on_sleep

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep is not None and len(self.sleeps) == 2:
            self.on_sleep()


def _emit(company, entry_id):
    with transaction.atomic():
        emit(company=company, kind="entry.posted", payload={"entry_id": entry_id})


def test_drain_for_delivers_events_that_arrive_during_its_window(company, admin_user, receiver):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    _emit(company, 1)
    clock = FakeClock(on_sleep=lambda: _emit(company, 2))

    handled = drain_for(seconds=10, interval=2, clock=clock, sleep=clock.sleep)

    assert handled == 2
    assert [r.body.count(b'"entry_id":') for r in receiver.requests] == [1, 1]
    assert clock.sleeps == [2, 2, 2, 2]  # 0 -> 8 s; a fifth wait would pass the 10 s window
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {EventState.DONE}


def test_the_periodic_task_returns_at_once_while_another_run_holds_the_lock(
    company, admin_user, receiver
):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    _emit(company, 1)

    with HUEY.lock_task("bahi.drain_outbox"):
        assert drain_outbox_continuously.call_local() == 0

    assert receiver.requests == []
    assert OutboxEvent.objects.get().state == EventState.PENDING


def test_the_periodic_task_is_scheduled_every_minute():
    name = drain_outbox_continuously.task_class.__name__
    for minute in (0, 41, 42):
        due = HUEY.read_periodic(at(minute))
        assert name in {task.name for task in due}


def at(minute):
    """A naive UTC time, as huey's scheduler passes it (utc=True)."""
    return datetime(2025, 10, 1, 9, minute)  # noqa: DTZ001


def test_drain_for_sends_queued_emails_as_well_as_webhook_events():
    from django.core import mail

    from bahi.notifications.email import queue_email
    from bahi.notifications.email_models import EmailState, OutgoingEmail

    with transaction.atomic():
        queue_email(to=["priya@example.in"], subject="[Bahi] Locked out", body_text="Try later")
    clock = FakeClock()

    handled = drain_for(seconds=1, interval=2, clock=clock, sleep=clock.sleep)

    assert handled == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [(["priya@example.in"], "[Bahi] Locked out")]
    assert list(OutgoingEmail.objects.values_list("state", flat=True)) == [EmailState.SENT]
