"""The email outbox: one row per message, inserted in the transaction of the change that caused
it and sent by `bahi worker` (bahi.notifications.email). Written by that module only."""

import uuid

from django.db import models

from bahi.identity.fields import EncryptedTextField
from bahi.identity.models import Company


class EmailState(models.TextChoices):
    PENDING = "pending", "pending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed"


class OutgoingEmail(models.Model):
    """One email waiting to be sent, or the record that it was. The bodies carry one-time links
    (password reset, invitations), so they are encrypted at rest and wiped once sent; the
    Message-ID header is made from `message_id`, the same on every attempt."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="empty for a person's own account mail (verification, password reset)",
    )
    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="a second email queued with the same key is not queued again",
    )
    to = models.JSONField(help_text="recipient addresses")
    subject = models.CharField(max_length=500)
    body_text = EncryptedTextField(bind_to=("message_id",), blank=True, default="")
    body_html = EncryptedTextField(bind_to=("message_id",), blank=True, default="")
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outgoingemail_due")]

    def __str__(self) -> str:
        return f"{self.subject!r} to {', '.join(self.to)} ({self.state})"
