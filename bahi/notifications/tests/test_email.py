"""The email outbox: queued with the change, sent by the worker through SMTP once, retried."""

import importlib
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from bahi.core.errors import InvalidInput
from bahi.identity import crypto
from bahi.identity.fields import count_values_by_key, reencrypt_all
from bahi.notifications.email import drain_emails, message_id_header, queue_email
from bahi.notifications.email_backends import NOT_CONFIGURED
from bahi.notifications.models import EmailState, OutgoingEmail
from bahi.notifications.tests.smtp_server import _free_port, smtp_server
from config.settings import base, prod
from config.settings.base import email_config

__all__ = ["smtp_server"]

pytestmark = pytest.mark.django_db
LINK = "https://bahi.example.in/accounts/invitation/secret-token-123/"


class Killed(BaseException):
    """Stands in for SIGKILL between the SMTP server's answer and the commit."""


def _queue(**overrides):
    fields = {
        "to": ["priya@example.in"],
        "subject": "[Bahi] Invitation to Sharma Traders",
        "body_text": f"Open {LINK} to join.",
    }
    with transaction.atomic():
        return queue_email(**(fields | overrides))


def test_an_email_queued_in_a_rolled_back_change_is_never_sent(smtp_server):
    def failing_change():
        with transaction.atomic():
            queue_email(to=["priya@example.in"], subject="Hello", body_text="x")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()

    assert OutgoingEmail.objects.count() == 0
    assert drain_emails() == 0
    assert smtp_server.messages == []


def test_the_worker_sends_a_queued_email_over_smtp_exactly_once(smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "Bahi <no-reply@bahi.example.in>"
    queued = _queue(body_html="<p>Join</p>")

    assert drain_emails() == 1
    assert drain_emails() == 0

    [message] = smtp_server.messages
    assert message["Subject"] == "[Bahi] Invitation to Sharma Traders"
    assert message["To"] == "priya@example.in"
    assert message["From"] == "Bahi <no-reply@bahi.example.in>"
    assert message["Message-ID"] == f"<{queued.message_id}@bahi.example.in>"
    parts = {part.get_content_type(): part.get_payload() for part in message.walk()}
    assert parts["text/plain"].strip() == f"Open {LINK} to join."
    assert parts["text/html"].strip() == "<p>Join</p>"
    queued.refresh_from_db()
    assert (queued.state, queued.attempts, queued.last_error) == (EmailState.SENT, 1, "")
    # The one-time link is not kept once it has gone.
    assert (queued.body_text, queued.body_html) == ("", "")


def test_a_refused_email_is_retried_after_the_backoff_and_then_sent_once(smtp_server):
    queued = _queue()
    smtp_server.refuse_next = 1
    now = timezone.now()

    assert drain_emails(now=now) == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (EmailState.PENDING, 1)
    assert queued.next_attempt_at == now + timedelta(seconds=30)
    assert "451" in queued.last_error
    assert drain_emails(now=now + timedelta(seconds=29)) == 0

    assert drain_emails(now=now + timedelta(seconds=30)) == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (EmailState.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_an_email_fails_after_eight_attempts_when_the_server_is_unreachable(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    queued = _queue()
    when = timezone.now()
    for _ in range(8):
        assert drain_emails(now=when) == 1
        when += timedelta(hours=1)

    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (EmailState.FAILED, 8)
    assert "ConnectionRefusedError" in queued.last_error
    assert drain_emails(now=when + timedelta(days=1)) == 0


def test_a_worker_killed_after_sending_resends_with_the_same_message_id(smtp_server, monkeypatch):
    queued = _queue()
    real_save = OutgoingEmail.save

    def killed(self, *args, **kwargs):
        raise Killed

    monkeypatch.setattr(OutgoingEmail, "save", killed)
    with pytest.raises(Killed):
        drain_emails()
    monkeypatch.setattr(OutgoingEmail, "save", real_save)
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (EmailState.PENDING, 0)

    assert drain_emails() == 1
    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"] == message_id_header(queued)


def test_the_same_idempotency_key_queues_one_email(smtp_server):
    first = _queue(idempotency_key="invitation:7")
    again = _queue(idempotency_key="invitation:7", subject="Other")

    assert again.pk == first.pk
    assert OutgoingEmail.objects.count() == 1
    assert drain_emails() == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["[Bahi] Invitation to Sharma Traders"]


def test_a_copy_of_the_database_does_not_reveal_the_links_in_waiting_emails():
    queued = _queue(body_html=f'<a href="{LINK}">join</a>')
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body_text, body_html FROM notifications_outgoingemail WHERE id = %s",
            [queued.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert "secret-token-123" not in stored
    assert OutgoingEmail.objects.get(pk=queued.pk).body_text == f"Open {LINK} to join."


def test_a_line_break_in_a_subject_cannot_add_a_header(smtp_server):
    _queue(subject="Hello\r\nBcc: attacker@example.com")
    drain_emails()
    [message] = smtp_server.messages
    assert message["Subject"] == "Hello Bcc: attacker@example.com"
    assert message["Bcc"] is None


def test_an_email_without_a_recipient_is_refused_and_not_queued():
    with pytest.raises(InvalidInput, match="at least one recipient") as error:
        _queue(to=["", "  "])
    assert error.value.details == {"field": "to"}
    assert OutgoingEmail.objects.count() == 0


def test_the_email_backend_is_the_console_until_an_smtp_host_is_set():
    assert email_config({}) == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    config = email_config(
        {"BAHI_SMTP_HOST": "smtp.example.in", "BAHI_SMTP_USER": "bahi", "BAHI_SMTP_PASSWORD": "pw"}
    )
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.in",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "bahi",
        "EMAIL_HOST_PASSWORD": "pw",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }
    implicit = email_config({"BAHI_SMTP_HOST": "smtp.example.in", "BAHI_SMTP_SECURITY": "tls"})
    assert (implicit["EMAIL_PORT"], implicit["EMAIL_USE_SSL"], implicit["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    with pytest.raises(ValueError, match="BAHI_SMTP_SECURITY"):
        email_config({"BAHI_SMTP_HOST": "smtp.example.in", "BAHI_SMTP_SECURITY": "ssl3"})


def test_tests_send_email_into_memory(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    _queue()
    drain_emails()
    assert [m.to for m in mail.outbox] == [["priya@example.in"]]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: threads cannot share SQLite's in-memory test database",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_email_exactly_once(smtp_server):
    with transaction.atomic():
        queued = [
            queue_email(to=[f"p{n}@example.in"], subject=f"n{n}", body_text="x") for n in range(30)
        ]
    handled: list[int] = []

    def work() -> None:
        try:
            handled.append(drain_emails(limit=100))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert sum(handled) == 30
    sent = Counter(message["Message-ID"] for message in smtp_server.messages)
    assert sent == Counter({message_id_header(message): 1 for message in queued})
    assert OutgoingEmail.objects.filter(state=EmailState.SENT).count() == 30


def test_key_rotation_reseals_waiting_emails_and_they_are_sent_under_the_new_key(smtp_server):
    old = crypto.Keyring("old1", {"old1": bytes(range(32))})
    with crypto.using_keyring(old):
        _queue(body_html="<p>Join</p>")
    rotated = old.with_new_current("new2", bytes(range(32, 64)))
    with crypto.using_keyring(rotated):
        assert count_values_by_key()["notifications.outgoingemail.body_text"] == {"old1": 1}
        reencrypt_all(batch_size=1)
        assert count_values_by_key()["notifications.outgoingemail.body_text"] == {"new2": 1}
    with crypto.using_keyring(crypto.Keyring("new2", {"new2": bytes(range(32, 64))})):
        assert drain_emails() == 1
    [message] = smtp_server.messages
    assert LINK in message.get_payload()[0].get_payload()


def test_production_without_an_smtp_server_keeps_emails_out_of_the_logs(settings, capsys):
    settings.EMAIL_BACKEND = "bahi.notifications.email_backends.NotConfiguredBackend"
    queued = _queue()

    assert drain_emails() == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (EmailState.PENDING, 1)
    assert queued.last_error == f"SMTPException: {NOT_CONFIGURED}"
    assert "secret-token-123" not in capsys.readouterr().out
    assert mail.outbox == []


def test_production_refuses_to_print_emails_until_an_smtp_host_is_set(monkeypatch):
    try:
        monkeypatch.setenv("BAHI_SMTP_HOST", "")
        not_set = importlib.reload(prod).EMAIL_BACKEND
        monkeypatch.setenv("BAHI_SMTP_HOST", "smtp.example.in")
        configured = importlib.reload(prod).EMAIL_BACKEND
    finally:
        monkeypatch.delenv("BAHI_SMTP_HOST")
        importlib.reload(prod)
    assert not_set == "bahi.notifications.email_backends.NotConfiguredBackend"
    # With a host, production keeps what base.email_config made of the environment.
    assert configured == base.EMAIL_BACKEND
