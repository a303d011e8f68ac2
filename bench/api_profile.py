"""One API scenario in-process, to see where a request's time goes (no HTTP server, no load).

    python -m bench.api_profile entry                     # SQLite, 300 requests
    python -m bench.api_profile invoice --databases postgresql --count 500
    python -m bench.api_profile invoice --profile         # + cProfile, top 40 by own time
    python -m bench.api_profile entry --sql               # + time per kind of SQL statement
    python -m bench.api_profile entry --trace             # + one request's statements in order

Runs bench.api_http's scenarios (same company, key and bodies) through Django's test client in
one process with the bench server's settings on a fresh database. Prints this process's CPU per
request (best of five rounds: steadier on a busy machine than wall time), wall per request and
SQL statements per request; on PostgreSQL also the CPU of this connection's server backend
(/proc: same machine), which the process's own CPU figure leaves out.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable

from bench.ablation import server_cpu_seconds
from bench.databases import Database

SAVEPOINT_NAME = re.compile(r'"s\d+_x\d+"')  # one line per kind of savepoint statement


def _request(scenario: str) -> Callable[[], None]:
    """The bench's company and key on the fresh database; a function making one request."""
    from contextlib import redirect_stdout

    from django.test import Client

    from bench.api_http import prepare, scenarios

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        prepare()
    setup = json.loads(buffer.getvalue().strip().splitlines()[-1])
    method, path, body = scenarios(setup)[scenario]
    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {setup['key']}", REMOTE_ADDR="127.0.0.1"
    )

    def once() -> None:
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(
                path, body, content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
            )  # fmt: skip
        if response.status_code >= 300:
            raise SystemExit(f"{method} {path}: {response.status_code} {response.content[:2000]!r}")

    return once


def _measure(once: Callable[[], None], per_round: int) -> tuple[float, float, float]:
    """Best CPU, wall and database-server CPU seconds per request over five rounds (the
    server's: PostgreSQL's backend for this connection, from /proc; 0 on SQLite)."""
    rounds = []
    for _ in range(5):
        cpu, wall, server = time.process_time(), time.perf_counter(), server_cpu_seconds()
        for _ in range(per_round):
            once()
        rounds.append(
            (
                (time.process_time() - cpu) / per_round,
                (time.perf_counter() - wall) / per_round,
                (server_cpu_seconds() - server) / per_round,
            )
        )
    return tuple(min(round_[index] for round_ in rounds) for index in range(3))  # type: ignore[return-value]


def _statements(once: Callable[[], None], per_round: int) -> dict[str, list[float]]:
    """Wall seconds of each statement run, by kind of statement."""
    from django.db import connection

    statements: dict[str, list[float]] = defaultdict(list)

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kind = " ".join(SAVEPOINT_NAME.sub('"…"', sql).split()[:4])
            statements[kind[:70]].append(time.perf_counter() - started)

    with connection.execute_wrapper(wrapper):
        for _ in range(per_round):
            once()
    return statements


def _trace(once: Callable[[], None]) -> list[str]:
    from django.db import connection

    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(" ".join(sql.split())[:160])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        once()
    return seen


def _profile(once: Callable[[], None], per_round: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(per_round):
        once()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(90)
    return out.getvalue()


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection

    once = _request(args.scenario)
    for _ in range(20):  # warm-up: imports, caches, prepared queries
        once()
    per_round = max(1, args.count // 5)
    best_cpu, best_wall, best_server = _measure(once, per_round)
    statements = _statements(once, per_round)
    queries = sum(len(times) for times in statements.values()) / per_round
    server = f", {1000 * best_server:.2f} ms database server CPU" if best_server else ""
    print(
        f"{connection.vendor} {args.scenario}: {1000 * best_cpu:.2f} ms CPU{server}, "
        f"{1000 * best_wall:.2f} ms wall, {queries:.1f} statements per request"
    )
    if args.sql:
        print("\nstatements per request, ms per request (wall, in the wrapper):")
        for sql, times in sorted(statements.items(), key=lambda item: -sum(item[1])):
            print(f"  {len(times) / per_round:5.1f}  {1000 * sum(times) / per_round:6.3f}  {sql}")
    if args.trace:
        print("\none request's statements, in order:")
        for sql in _trace(once):
            print(f"  {sql}")
    if args.profile:
        print(_profile(once, per_round))


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.api_profile", description=__doc__.split("\n")[0])
    parser.add_argument("scenario", choices=["hello", "durable", "read", "entry", "invoice"])
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--trace", action="store_true", help="one request's statements in order")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        run(args)
        return 0
    for vendor in args.databases.split(","):
        database = Database(vendor)
        if vendor == "postgresql":
            database.url = database.url.rsplit("/", 1)[0] + "/bahi_bench_profile"
        with database:
            env = database.environment()
            env["DJANGO_SETTINGS_MODULE"] = "bench.http_settings"
            env["BAHI_API_RATE_PER_CALLER"] = "100000000/min"
            env["BAHI_API_RATE_PER_ADDRESS"] = "100000000/min"
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.api_profile", *sys.argv[1:], "--inner"],
                env=env, check=True,
            )  # fmt: skip
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
    sys.exit(main())
