"""Background delivery of the outbox (run by the Huey consumer that `bahi worker` starts).

Huey checks periodic tasks once a minute; the outbox should leave within seconds. So the
periodic task starts once a minute and drains every DRAIN_INTERVAL seconds for most of that
minute; the lock keeps a slow minute from overlapping the next one (a second run that finds the
lock held returns at once). Several consumers are safe (a starting one frees the lock, so two
may drain side by side for a while): events are claimed row by row (see
bahi.notifications.services)."""

import time
from collections.abc import Callable

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task
from huey.exceptions import TaskLockedException

from bahi.notifications.email import drain_emails
from bahi.notifications.services import drain_outbox

DRAIN_INTERVAL = 2.0
DRAIN_WINDOW = 55.0  # seconds of each minute spent draining
BATCH_SIZE = 100
# Flushed when a consumer starts (bahi worker): a consumer killed mid-run leaves it held.
DRAIN_LOCK = "bahi.drain_outbox"


def drain_for(
    *,
    seconds: float,
    interval: float = DRAIN_INTERVAL,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Drain the outbox (webhook events, then emails) repeatedly for `seconds`: again at once
    while messages are due, else after `interval`. Returns how many were handled."""
    handled, deadline = 0, clock() + seconds
    while True:
        count = drain_outbox(limit=BATCH_SIZE) + drain_emails(limit=BATCH_SIZE)
        handled += count
        if clock() + (0 if count else interval) >= deadline:
            return handled
        if not count:
            sleep(interval)


@db_periodic_task(crontab(), retries=0)  # type: ignore[untyped-decorator]
def drain_outbox_continuously() -> int:
    """Every minute: deliver due events for the next DRAIN_WINDOW seconds."""
    try:
        with HUEY.lock_task(DRAIN_LOCK):
            return drain_for(seconds=DRAIN_WINDOW)
    except TaskLockedException:
        return 0  # the previous minute's run is still draining
