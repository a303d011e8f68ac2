"""Email through the outbox: queued in the transaction of the change, sent by `bahi worker`.

`queue_email` inserts an OutgoingEmail row in the caller's transaction (identity reaches it
through settings.BAHI_QUEUE_EMAIL, see bahi.identity.mail): a rolled-back change sends nothing,
a committed one is never lost. `drain_emails` sends due messages through Django's email backend
(SMTP from the environment in production, the console in development, memory in tests). Each
message is sent in its own transaction holding its row lock (FOR UPDATE SKIP LOCKED on
PostgreSQL, the write lock on SQLite), and its new state commits with it: a sent message is
never sent again. A worker killed after the SMTP server accepted a message but before that
commit sends it once more with the same Message-ID, which mail systems use to drop repeats.
Failures are retried with exponential backoff (30 s, 60 s ... at most an hour), 8 times.
"""

import smtplib
import uuid
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from bahi.core.errors import InvalidInput
from bahi.identity.models import Company
from bahi.notifications.email_models import EmailState, OutgoingEmail
from bahi.notifications.services import MAX_ATTEMPTS, backoff

SUBJECT_CHARS = 500


def _checked(to: list[str], subject: str) -> tuple[list[str], str]:
    recipients = [address.strip() for address in to if address and address.strip()]
    if not recipients:
        raise InvalidInput("an email needs at least one recipient", details={"field": "to"})
    # A header may not carry a line break (header injection).
    subject = " ".join(subject.split())[:SUBJECT_CHARS]
    return recipients, subject


def queue_email(  # noqa: PLR0913 - the parts of a message
    *,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    company: Company | None = None,
    idempotency_key: str | None = None,
) -> OutgoingEmail:
    """Put one email in the outbox, in the caller's transaction. With an `idempotency_key` that
    was queued before, returns that message and queues nothing. Raises InvalidInput."""
    recipients, subject = _checked(to, subject)
    if idempotency_key is not None:
        existing = OutgoingEmail.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    now = timezone.now()
    message = OutgoingEmail(
        company=company,
        message_id=uuid.uuid4(),
        idempotency_key=idempotency_key,
        to=recipients,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        created_at=now,
        next_attempt_at=now,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # The same key queued at the same moment by another transaction, which won.
        if idempotency_key is None:
            raise
        return OutgoingEmail.objects.get(idempotency_key=idempotency_key)
    return message


def drain_emails(*, limit: int = 100, now: datetime | None = None) -> int:
    """Send up to `limit` due pending emails; return how many were tried (sent or not)."""
    now = timezone.now() if now is None else now
    due = OutgoingEmail.objects.filter(state=EmailState.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    return sum(_send_one(pk, now) for pk in ids)


def message_id_header(message: OutgoingEmail) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{message.message_id}@{domain}>"


def _as_email(message: OutgoingEmail) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        headers={"Message-ID": message_id_header(message)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


@transaction.atomic
def _send_one(pk: int, now: datetime) -> int:
    message = (
        OutgoingEmail.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, state=EmailState.PENDING, next_attempt_at__lte=now)
        .first()
    )
    if message is None:  # another worker has it, or sent it since we looked
        return 0
    message.attempts += 1
    try:
        _as_email(message).send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.state = EmailState.FAILED
        else:
            message.next_attempt_at = now + backoff(message.attempts)
    else:
        # The links in the body were for the recipient; the outbox keeps who, what and when.
        message.state, message.sent_at, message.last_error = EmailState.SENT, now, ""
        message.body_text, message.body_html = "", ""
    message.save()
    return 1
