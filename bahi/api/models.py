"""What the REST API keeps of its own: the responses of requests sent with an Idempotency-Key."""

from django.conf import settings
from django.db import models

from bahi.identity.models import Company


class IdempotencyState(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class IdempotencyRecord(models.Model):
    """One Idempotency-Key of one scope (a user in a company, or a user alone) and the response
    first given to it: a retry with the same request gets the same bytes back."""

    scope = models.CharField(max_length=64, help_text="e.g. 'c12:u7' (company 12, user 7)")
    key = models.CharField(max_length=255)
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_sha256 = models.CharField(max_length=64)
    state = models.CharField(
        max_length=12, choices=IdempotencyState.choices, default=IdempotencyState.IN_PROGRESS
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    etag = models.CharField(max_length=100, blank=True)
    response_body = models.BinaryField(default=b"")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_unique_scope_key"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created")]

    def __str__(self) -> str:
        return f"{self.scope}/{self.key} ({self.state})"
