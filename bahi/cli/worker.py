"""`bahi worker`: the background jobs. By default it runs the Huey consumer (config/huey.py), whose
periodic tasks deliver the outbox every few seconds (signed webhooks, then emails) and purge old
Idempotency-Key records and expired sessions hourly; `--max-passes N` instead drains the outbox
N times in this process and stops (for scripts and tests).

Safe to run several at once on PostgreSQL (rows are claimed with SKIP LOCKED) and to kill at
any moment: an event's deliveries and state commit together (see bahi.notifications.services).
"""

import argparse
import time

from bahi.notifications.email import drain_emails
from bahi.notifications.services import drain_outbox


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    worker = subparsers.add_parser(
        "worker", help="run background jobs: webhooks from the outbox, housekeeping"
    )
    worker.add_argument("--workers", type=int, default=None, help="consumer threads (default 2)")
    worker.add_argument(
        "--max-passes",
        type=int,
        default=None,
        help="drain the outbox this many times here, then stop (no consumer)",
    )
    worker.add_argument(
        "--interval", type=float, default=2.0, help="with --max-passes: seconds between passes"
    )
    worker.add_argument("--batch-size", type=int, default=100, help="events per pass")
    worker.set_defaults(handler=worker_command)


def worker_command(args: argparse.Namespace) -> int:
    if args.max_passes is None:
        return run_consumer(workers=args.workers)
    for done in range(1, args.max_passes + 1):
        handled = drain_outbox(limit=args.batch_size) + drain_emails(limit=args.batch_size)
        if handled:
            print(f"delivered {handled} events", flush=True)
        elif done < args.max_passes:
            time.sleep(args.interval)
    return 0


def run_consumer(*, workers: int | None = None) -> int:
    """Run the Huey consumer with every app's tasks until SIGINT/SIGTERM."""
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    from bahi.notifications.tasks import DRAIN_LOCK
    from config.huey import CONSUMER_WORKERS, consumer_options

    autodiscover_modules("tasks")
    print(f"Bahi worker: Huey consumer, {workers or CONSUMER_WORKERS} threads", flush=True)
    options = consumer_options(workers or CONSUMER_WORKERS, locks=DRAIN_LOCK)
    HUEY.create_consumer(**options).run()
    return 0
