"""The hourly purge of Idempotency-Key records older than 24 hours."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from bahi.api.models import IdempotencyRecord, IdempotencyState
from bahi.api.tasks import purge_old_idempotency_records

pytestmark = pytest.mark.django_db


def _record(user, key, age):
    return IdempotencyRecord.objects.create(
        scope=f"u{user.pk}",
        key=key,
        user=user,
        method="POST",
        path="/api/v1/x",
        request_sha256="0" * 64,
        state=IdempotencyState.DONE,
        created_at=timezone.now() - age,
    )


def test_records_older_than_a_day_go_and_younger_ones_stay(admin_user):
    _record(admin_user, "old", timedelta(hours=24, minutes=1))
    _record(admin_user, "young", timedelta(hours=23, minutes=59))

    assert purge_old_idempotency_records.call_local() == 1

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young"]


def test_the_purge_runs_once_an_hour():
    name = purge_old_idempotency_records.task_class.__name__
    due = [
        minute
        for minute in range(60)
        if name in {task.name for task in HUEY.read_periodic(at(minute))}
    ]
    assert due == [7]


def at(minute):
    """A naive UTC time, as huey's scheduler passes it (utc=True)."""
    return datetime(2025, 10, 1, 9, minute)  # noqa: DTZ001
