"""The share of bulk posting spent on the edit log and the outbox, timed inside one run.

    python -m bench.audit_share [--size 10000] [--runs 3]

bench.ablation's `no-audit-outbox` variant drops the audit record and the outbox event but keeps
the content digest of each batch (ledger.posting._import_records), and on a shared machine the
difference of two whole runs drowns in noise. This times the three steps themselves (digest,
record, event) inside a full bulk posting on a fresh SQLite database, in CPU and wall time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import bahi  # noqa: F401  (the bundled SQLite first)


def _timed(spent: dict[str, float], function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[function.__name__] = spent.get(function.__name__, 0.0) + (
                time.process_time() - started
            )

    return wrapper


def child(size: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bahi.demo.generator import generate_entries
    from bahi.ledger import posting
    from bench.worker import SEED, setup_company

    call_command("migrate", interactive=False, verbosity=0)
    connection.close()
    spent: dict[str, float] = {}
    for name in ("_import_records", "record_changes", "emit"):
        setattr(posting, name, _timed(spent, getattr(posting, name)))
    company, user, chart = setup_company(3)
    entries = list(generate_entries(chart, count=size, years=3, seed=SEED))
    started, started_cpu = time.perf_counter(), time.process_time()
    posting.post_journal_entries_bulk(company=company, actor=user, entries=entries)
    wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return {"size": size, "wall_s": wall, "cpu_s": cpu, "steps_cpu_s": spent}


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.audit_share")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.size)))
        return 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as data_dir:
            env = dict(os.environ, BAHI_DATA_DIR=data_dir, SECRET_KEY="bench-only-not-secret")  # noqa: S106
            env["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
            env.pop("DATABASE_URL", None)
            command = [sys.executable, "-m", "bench.audit_share", "--child", "--size"]
            completed = subprocess.run(  # noqa: S603 - our own module
                [*command, str(args.size)], env=env, capture_output=True, text=True, check=True
            )
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        steps = result["steps_cpu_s"]
        share = sum(steps.values()) / result["cpu_s"]
        detail = ", ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in steps.items())
        print(
            f"{result['size']:,} entries: posting {result['cpu_s']:.2f} s CPU "
            f"({result['wall_s']:.2f} s wall); edit log + outbox {share:.1%} of CPU [{detail}]",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
