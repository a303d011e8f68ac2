"""`bahi worker` delivers the outbox."""

import pytest
from django.core import mail
from django.db import transaction

from bahi.cli import main
from bahi.notifications.email import queue_email
from bahi.notifications.models import EmailState, EventState, OutboxEvent, OutgoingEmail
from bahi.notifications.services import emit, register_endpoint
from bahi.notifications.tests.receiver import receiver

__all__ = ["receiver"]

pytestmark = pytest.mark.django_db


def test_worker_delivers_pending_events_and_stops_after_max_passes(
    company, admin_user, receiver, capsys
):
    register_endpoint(
        company=company, actor=admin_user, url=receiver.url, event_kinds=["entry.posted"]
    )
    with transaction.atomic():
        emit(company=company, kind="entry.posted", payload={"entry_id": 1})
        emit(company=company, kind="entry.posted", payload={"entry_id": 2})

    assert main(["worker", "--max-passes", "2", "--interval", "0.01"]) == 0

    assert len(receiver.requests) == 2
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {EventState.DONE}
    assert capsys.readouterr().out == "delivered 2 events\n"


def test_worker_sends_queued_emails_through_the_email_backend(capsys):
    with transaction.atomic():
        queue_email(to=["priya@example.in"], subject="[Bahi] Hello", body_text="Welcome")

    assert main(["worker", "--max-passes", "2", "--interval", "0.01"]) == 0

    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["priya@example.in"], "[Bahi] Hello", "Welcome")
    ]
    assert list(OutgoingEmail.objects.values_list("state", flat=True)) == [EmailState.SENT]
    assert capsys.readouterr().out == "delivered 1 events\n"
