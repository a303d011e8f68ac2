"""Background jobs (Huey): where the queue lives, and how `bahi worker` runs the consumer.

The periodic tasks are in the apps' tasks.py modules (found by huey.contrib.djhuey):
- bahi.notifications.tasks.drain_outbox_continuously: delivers the outbox every few seconds;
- bahi.api.tasks.purge_old_idempotency_records: hourly, drops Idempotency-Key records > 24 h.
"""

import os
from pathlib import Path

# Thread workers: the tasks wait on the network (webhooks) and the database, not the CPU. Two:
# one is held by the outbox loop for most of each minute, the other runs everything else.
CONSUMER_WORKERS = 2
# How often the consumer's scheduler looks for delayed tasks and retries (seconds).
SCHEDULER_INTERVAL = 1


def huey_config(data_dir: Path) -> dict[str, object]:
    """Redis when REDIS_URL is set, else a SQLite file beside the database."""
    if url := os.environ.get("REDIS_URL"):
        return {"huey_class": "huey.RedisHuey", "name": "bahi", "url": url, "immediate": False}
    return {
        "huey_class": "huey.SqliteHuey",
        "name": "bahi",
        "filename": str(data_dir / "huey.sqlite3"),
        "immediate": False,
    }


def consumer_options(workers: int = CONSUMER_WORKERS, locks: str = "") -> dict[str, object]:
    """Options of huey's Consumer; `locks` (comma-separated) are freed as it starts."""
    return {
        "extra_locks": locks or None,
        "workers": workers,
        "worker_type": "thread",
        "periodic": True,
        "scheduler_interval": SCHEDULER_INTERVAL,
        "check_worker_health": True,
    }
