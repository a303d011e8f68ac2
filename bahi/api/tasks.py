"""Periodic housekeeping of the API (run by the Huey consumer that `bahi worker` starts)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bahi.api.idempotency import purge_idempotency_records


@db_periodic_task(crontab(minute="7"))  # type: ignore[untyped-decorator]
def purge_old_idempotency_records() -> int:
    """Hourly: drop Idempotency-Key records older than 24 hours (kept at least that long)."""
    return purge_idempotency_records()
