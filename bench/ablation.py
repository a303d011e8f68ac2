"""Where bulk posting's time goes, by taking one guard away at a time (experiments, never books).

    python -m bench.ablation --size 100000 [--databases sqlite,postgresql] [--variants a,b]

Each variant posts the same demo books with `post_journal_entries_bulk` on a fresh database from
which one thing was removed (foreign keys, a trigger, the line indexes, the audit record and
outbox event...). The entries are generated before the clock starts, and the Python checks are
timed on their own, so the difference to "full" is the price of what the variant removed.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import bahi  # noqa: F401  (the bundled SQLite first)
from bench.databases import Database, postgres_available, postgres_url

BULK_BATCH = 10_000  # bahi.ledger.posting.BULK_BATCH (importing it needs Django set up)

_PG_DROP_FKS = """
DO $$ DECLARE c record; BEGIN
  FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint WHERE contype = 'f'
           AND conrelid IN ('ledger_journalline'::regclass, 'ledger_journalentry'::regclass)
  LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname); END LOOP;
END $$
"""
_LINE_INDEXES = ["DROP INDEX line_ledger", "DROP INDEX line_party"]
SQLITE_LINE_TRIGGER = ["DROP TRIGGER ledger_line_insert_guard"]
# Bulk posting inserts entries already posted (migrations/0004): these are its checks and totals.
SQLITE_POST_CHECK = ["DROP TRIGGER ledger_entry_insert_posted_check"]
SQLITE_POST_TOTALS = ["DROP TRIGGER ledger_entry_insert_posted_totals"]
PG_LINE_TRIGGER = ["DROP TRIGGER ledger_line_inserted ON ledger_journalline"]
PG_POST_TRIGGER = ["DROP TRIGGER ledger_entry_inserted ON ledger_journalentry"]

VARIANTS: dict[str, dict[str, list[str]]] = {
    "sqlite": {
        "full": [],
        "no-audit-outbox": [],
        "no-fk": ["PRAGMA foreign_keys=OFF"],
        "no-line-guard": SQLITE_LINE_TRIGGER,
        "no-post-check": SQLITE_POST_CHECK,
        "no-post-totals": SQLITE_POST_TOTALS,
        "no-line-indexes": _LINE_INDEXES,
        "bare": [
            "PRAGMA foreign_keys=OFF",
            *SQLITE_LINE_TRIGGER,
            *SQLITE_POST_CHECK,
            *SQLITE_POST_TOTALS,
            *_LINE_INDEXES,
        ],
    },
    "postgresql": {
        "full": [],
        "no-audit-outbox": [],
        "no-fk": [_PG_DROP_FKS],
        "no-line-guard": PG_LINE_TRIGGER,
        "no-post-trigger": PG_POST_TRIGGER,
        "no-fk-no-post-trigger": [_PG_DROP_FKS, *PG_POST_TRIGGER],
        "no-line-indexes": _LINE_INDEXES,
        "bare": [_PG_DROP_FKS, *PG_LINE_TRIGGER, *PG_POST_TRIGGER, *_LINE_INDEXES],
    },
}


def _silence_audit_and_outbox() -> None:
    from bahi.ledger import posting

    posting.record_changes = lambda **kwargs: []  # type: ignore[assignment]
    posting.emit = lambda **kwargs: None  # type: ignore[assignment]


def child(size: int, years: int, variant: str, batch_size: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bahi.demo.generator import generate_entries
    from bahi.ledger import calc
    from bahi.ledger.posting import books_window, post_journal_entries_bulk
    from bench.breakdown import statement_times
    from bench.worker import SEED, setup_company

    call_command("migrate", interactive=False, verbosity=0)
    connection.close()
    with connection.cursor() as cursor:
        for statement in VARIANTS[connection.vendor][variant]:
            cursor.execute(statement)
    if variant == "no-audit-outbox":
        _silence_audit_and_outbox()
    company, user, chart = setup_company(years)
    entries = list(generate_entries(chart, count=size, years=years, seed=SEED))
    accounts = {account.id: account for account in _accounts(company)}
    parties = _parties(company)
    window = books_window(company)
    started = time.perf_counter()
    for entry in entries:
        calc.check_entry(entry, accounts=accounts, party_ids=parties, window=window)
    checks = time.perf_counter() - started
    started, cpu, server = time.perf_counter(), time.process_time(), server_cpu_seconds()
    with statement_times() as statements:
        post_journal_entries_bulk(
            company=company, actor=user, entries=entries, batch_size=batch_size
        )
    seconds = time.perf_counter() - started
    cpu, server = time.process_time() - cpu, server_cpu_seconds() - server
    lines = sum(len(entry.lines) for entry in entries)
    return {
        "vendor": connection.vendor,
        "variant": variant + ("" if batch_size == BULK_BATCH else f" batch {batch_size}"),
        "size": size,
        "lines": lines,
        "seconds": seconds,
        "lines_per_s": lines / seconds,
        "python_checks_s": checks,
        "cpu_s": cpu,
        "server_cpu_s": server,
        "statements": dict(statements),
    }


def server_cpu_seconds() -> float:
    """CPU time of this connection's PostgreSQL backend (same machine: /proc); 0 on SQLite, whose
    work is in this process's own CPU time. CPU time is steadier than wall time on a busy box."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _accounts(company):
    from bahi.ledger.posting import account_infos

    return account_infos(company).values()


def _parties(company):
    from bahi.ledger.posting import party_ids

    return party_ids(company)


def parent(args: argparse.Namespace) -> int:
    vendors = [vendor for vendor in args.databases.split(",") if vendor]
    if "postgresql" in vendors and (reason := postgres_available(postgres_url())):
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
        vendors.remove("postgresql")
    results = []
    for vendor in vendors:
        wanted = [v for v in args.variants.split(",") if v] or list(VARIANTS[vendor])
        for variant in (v for v in wanted if v in VARIANTS[vendor]):
            command = [sys.executable, "-m", "bench.ablation", "--child", "--variant", variant,
                       "--size", str(args.size), "--years", str(args.years),
                       "--batch-size", str(args.batch_size)]  # fmt: skip
            with Database(vendor) as database:
                completed = subprocess.run(
                    command, env=database.environment(), capture_output=True, text=True, check=False
                )
            if completed.returncode != 0:
                print(completed.stderr[-2000:], file=sys.stderr)
                continue
            result = json.loads(completed.stdout.strip().splitlines()[-1])
            results.append(result)
            _print_row(result)
    return 0


def _print_row(result: dict) -> None:
    top = sorted(result["statements"].items(), key=lambda item: -item[1])[:4]
    statements = ", ".join(f"{name} {seconds:.2f}" for name, seconds in top)
    print(
        f"{result['vendor']:10} {result['variant']:16} {result['seconds']:7.2f} s "
        f"{result['lines_per_s']:9,.0f} lines/s  cpu {result['cpu_s']:.2f} + server "
        f"{result['server_cpu_s']:.2f} s  checks {result['python_checks_s']:.2f} s  "
        f"[{statements}]",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.ablation", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--variants", default="", help="comma-separated; default: all")
    parser.add_argument("--variant", default="full")
    parser.add_argument("--batch-size", type=int, default=BULK_BATCH)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        print(json.dumps(child(args.size, args.years, args.variant, args.batch_size)))
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
