"""The outbox (events written in the business change's transaction) and webhook endpoints with
their delivery log. Written by bahi.notifications.services only."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from bahi.identity.fields import EncryptedTextField
from bahi.identity.models import Company


class EventState(models.TextChoices):
    PENDING = "pending", "pending"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class OutboxEvent(models.Model):
    """One business event (e.g. "entry.posted") waiting to be delivered. It is inserted in the
    same transaction as the change it describes, so it exists exactly when the change does."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=100)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=EventState.choices, default=EventState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outboxevent_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id} ({self.state})"


class WebhookEndpoint(models.Model):
    """A company's URL that receives the events of the kinds it subscribed to, signed with its
    secret (encrypted at rest, bound to the company)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    secret = EncryptedTextField(bind_to=("company_id",))
    event_kinds = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.url} ({', '.join(self.event_kinds)})"


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint. At most one succeeded attempt per
    (event, endpoint), enforced by the database: a delivered event is never sent there again."""

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="+")
    attempt = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    is_success = models.BooleanField(default=False)
    response_excerpt = models.CharField(max_length=500, blank=True, default="")
    error = models.TextField(blank=True, default="")
    delivered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"],
                condition=models.Q(is_success=True),
                name="webhookdelivery_one_success",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.endpoint_id} #{self.attempt}: {self.status_code}"


# The email outbox lives in its own module (bahi.notifications.email_models).
from bahi.notifications.email_models import EmailState, OutgoingEmail  # noqa: E402, F401
