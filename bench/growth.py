"""Does posting one entry get slower as the books grow? One connection posts entry after entry.

    python -m bench.growth                                   # both databases, 20,000 entries
    python -m bench.growth --databases postgresql --entries 50000 --every 10000

On a fresh database (Bahi's real settings), one process and one connection post 2-line journal
entries one at a time through `post_journal_entry` (each with its idempotency key, audit record
and outbox event, committed on its own). At the start and after every `--every` entries it times
200 postings and prints their median and 90th percentile. A flat line is the target: a write
must not cost more because the company has more history. The first run (2026-12-04) found
PostgreSQL's cached PL/pgSQL plans going stale as the tables grew (ledger 0006, identity 0009).
"""

import argparse
import os
import subprocess
import sys
import time
import uuid

from bench.databases import Database

SAMPLE = 200


def run(entries: int, every: int) -> None:
    import django

    django.setup()
    from datetime import date
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    from bahi.identity.models import User
    from bahi.ledger.models import Account
    from bahi.ledger.services import create_company_with_books, post_journal_entry
    from bahi.ledger.types import EntryInput, LineInput

    call_command("migrate", interactive=False, verbosity=0)
    user = User.objects.create_user(username="bench", email="bench@example.com")
    company = create_company_with_books(
        owner=user, legal_name="Growth Bench", state_code="27", books_begin_date=date(2025, 4, 1)
    )
    cash = Account.objects.get(company=company, system_role="cash").id
    sales = Account.objects.get(company=company, system_role="sales").id
    amount = Decimal("100.00")

    def post(count: int) -> list[float]:
        times = []
        for _ in range(count):
            entry = EntryInput(
                entry_date=date(2025, 10, 1),
                lines=(LineInput(cash, debit=amount), LineInput(sales, credit=amount)),
                idempotency_key=uuid.uuid4().hex,
            )
            started = time.perf_counter()
            post_journal_entry(company=company, actor=user, entry=entry)
            times.append(time.perf_counter() - started)
        return sorted(times)

    print(f"{connection.vendor}: entries already posted, ms per posting (median, p90)")
    posted = 0
    medians = []
    while True:
        sample = post(SAMPLE)
        median, p90 = 1000 * sample[SAMPLE // 2], 1000 * sample[SAMPLE * 9 // 10]
        medians.append(median)
        print(f"  {posted:>9,}  {median:6.2f}  {p90:6.2f}", flush=True)
        posted += SAMPLE
        if posted >= entries:
            break
        step = min(every, entries - posted)
        post(step)
        posted += step
    print(f"  last / first median: {medians[-1] / medians[0]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.growth", description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--every", type=int, default=5000)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        run(args.entries, args.every)
        return 0
    for vendor in args.databases.split(","):
        with Database(vendor) as database:
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.growth", *sys.argv[1:], "--inner"],
                env=database.environment(), check=True,
            )  # fmt: skip
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    sys.exit(main())
