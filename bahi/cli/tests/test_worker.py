"""`bahi worker` delivers the outbox."""

import os
import signal
import subprocess
import sys
import time

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


SETUP = """
import sys
from django.db import transaction
from bahi.cli import main
main(["init", "--no-demo"])
from datetime import date
from bahi.identity.models import User
from bahi.ledger.services import create_company_with_books
from bahi.notifications.services import emit, register_endpoint
owner = User.objects.create_user("owner", "owner@example.in", "correct horse battery")
company = create_company_with_books(
    owner=owner, legal_name="Worker Co", state_code="27", books_begin_date=date(2024, 4, 1)
)
register_endpoint(company=company, actor=owner, url=sys.argv[1], event_kinds=["entry.posted"])
with transaction.atomic():
    emit(company=company, kind="entry.posted", payload={"entry_id": 42})
"""
BAHI = [sys.executable, "-c", "import sys; from bahi.cli import main; sys.exit(main())"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_the_huey_consumer_started_by_bahi_worker_delivers_an_event(tmp_path, receiver):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"BAHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()\n" + SETUP, receiver.url],
        env=env,
        check=True,
        timeout=120,
    )
    worker = subprocess.Popen(  # noqa: S603
        [*BAHI, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)  # SIGINT would wait for the draining minute
        output = worker.communicate(timeout=30)[0].decode()

    assert len(receiver.requests) == 1, output
    assert b'"entry_id":42' in receiver.requests[0].body
    assert "Huey consumer" in output
