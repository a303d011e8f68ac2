"""`bahi worker`: delivers the outbox (signed webhooks, then emails) until interrupted.

Safe to run several at once on PostgreSQL (rows are claimed with SKIP LOCKED) and to kill at
any moment: an event's deliveries and state commit together (see bahi.notifications.services).
"""

import argparse
import time

from bahi.notifications.email import drain_emails
from bahi.notifications.services import drain_outbox


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    worker = subparsers.add_parser("worker", help="deliver outbox events (webhooks) in a loop")
    worker.add_argument(
        "--interval", type=float, default=2.0, help="seconds to wait when nothing is due"
    )
    worker.add_argument("--batch-size", type=int, default=100, help="events per pass")
    worker.add_argument(
        "--max-passes", type=int, default=None, help="stop after this many passes (default: run)"
    )
    worker.set_defaults(handler=worker_command)


def worker_command(args: argparse.Namespace) -> int:
    passes = 0
    while args.max_passes is None or passes < args.max_passes:
        handled = drain_outbox(limit=args.batch_size) + drain_emails(limit=args.batch_size)
        passes += 1
        if handled:
            print(f"delivered {handled} events", flush=True)
        elif args.max_passes is None or passes < args.max_passes:
            time.sleep(args.interval)
    return 0
