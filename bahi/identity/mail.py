"""Email from the identity app (verification, password reset, invitations) goes through the
notifications outbox, written in the same transaction as the change that caused it.

The notifications app sits above identity in the import layers (it imports identity), so the
queueing function is named in settings (BAHI_QUEUE_EMAIL) and looked up at call time, the way
Django finds its EMAIL_BACKEND.
"""

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_QUEUE_EMAIL = "bahi.notifications.email.queue_email"


def queue_email(
    *,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    company: Any = None,
    idempotency_key: str | None = None,
) -> None:
    """Queue one email in the outbox (sent by `bahi worker` after the transaction commits)."""
    queue = import_string(getattr(settings, "BAHI_QUEUE_EMAIL", DEFAULT_QUEUE_EMAIL))
    queue(
        company=company,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        idempotency_key=idempotency_key,
    )
