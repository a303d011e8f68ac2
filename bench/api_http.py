"""The REST API over HTTP: `bahi serve` (gunicorn, 2 workers) on a fresh database, loaded by wrk.

    python -m bench.api_http [--seconds 10] [--clients 1,10,50] [--databases sqlite,postgresql]

Per database: a fresh data directory (SQLite) or database (PostgreSQL from BENCH_POSTGRES_URL's
server, database bahi_bench_api), a company and an admin API key; then `bahi serve` with the
bench-only settings bench.http_settings (the app's settings and URLs plus a plain "hello" view)
and the API's request limits raised. wrk (Debian's package) runs on loopback with a Lua script
that gives every POST its own Idempotency-Key, for --seconds per cell:
- hello:   GET /bench/hello, a plain Django view behind the same middleware (the ceiling);
- durable: POST /bench/durable, the entry's JSON stored as one row with one durable commit and
           nothing else (no key, checks, ledger, audit): the floor of any one-commit write;
- read:    GET /companies/{id} with the API key: what any API call costs (key, company, role);
- entry:   POST /entries, one posted journal entry (2 lines) per request;
- invoice: POST /documents with "issue": true, one invoice numbered, taxed and posted per
           request.
Reports p50/p95/p99 latency and requests/s per (scenario, clients), and posting throughput as a
share of hello's. Any non-2xx answer fails the run. JSON goes to bench/out/.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.databases import Database, postgres_available, postgres_url

OUT = Path(__file__).resolve().parent / "out"
PORT = 0  # a free port, chosen in main()
TARGET_P95_MS = 50.0
TARGET_SHARE = 0.40
BAHI = [sys.executable, "-c", "import sys; from bahi.cli import main; sys.exit(main())"]

LUA = """
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function request()
  counter = counter + 1
  local headers = {}
  headers["Authorization"] = %(auth)s
  if %(method)s == "POST" then
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = %(run)s .. "-" .. tid .. "-" .. counter
  end
  return wrk.format(%(method)s, %(path)s, headers, %(body)s)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%%d,"duration_us":%%d,"non_2xx":%%d,"socket_errors":%%d,' ..
    '"p50_us":%%d,"p95_us":%%d,"p99_us":%%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare() -> None:
    """(In the server's environment.) Create the tables, a company, a customer and an admin API
    key; print what the load needs as JSON."""
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command

    from bahi.identity.api_keys import create_api_key
    from bahi.identity.models import User
    from bahi.ledger.models import Account
    from bahi.ledger.services import create_company_with_books, create_party

    call_command("migrate", interactive=False, verbosity=0)
    owner = User.objects.create_user("bench", "bench@example.in", "bench-password-long")
    company = create_company_with_books(
        owner=owner, legal_name="Bench Traders", state_code="27", books_begin_date=date(2024, 4, 1)
    )
    party = create_party(
        company=company, actor=owner, name="Pune Hardware", is_customer=True, state_code="27"
    )
    key = create_api_key(company=company, actor=owner, name="bench", role="admin")
    roles = dict(Account.objects.filter(company=company).values_list("system_role", "id"))
    print(
        json.dumps(
            {
                "company": company.id,
                "party": party.id,
                "cash": roles["cash"],
                "capital": roles["capital"],
                "key": key.secret,
            }
        )
    )


def scenarios(setup: dict) -> dict[str, tuple[str, str, str | None]]:
    """name -> (method, path, body)."""
    company = f"/api/v1/companies/{setup['company']}"
    entry = {
        "entry_date": "2025-10-01",
        "narration": "Cash sale",
        "post": True,
        "lines": [
            {"account_id": setup["cash"], "debit": "1180.00"},
            {"account_id": setup["capital"], "credit": "1180.00"},
        ],
    }
    invoice = {
        "kind": "sales_invoice",
        "party_id": setup["party"],
        "document_date": "2025-10-01",
        "issue": True,
        "lines": [
            {"description": "Cement 50 kg", "hsn_code": "2523", "quantity": "2", "rate": "500.00"}
        ],
    }
    return {
        "hello": ("GET", "/bench/hello", None),
        "durable": ("POST", "/bench/durable", json.dumps(entry)),
        "read": ("GET", company, None),
        "entry": ("POST", f"{company}/entries", json.dumps(entry)),
        "invoice": ("POST", f"{company}/documents", json.dumps(invoice)),
    }


def lua_script(method: str, path: str, body: str | None, key: str, run: str) -> str:
    def quoted(value: str | None) -> str:
        return "nil" if value is None else json.dumps(value)  # a JSON string is a Lua string

    return LUA % {
        "auth": quoted(f"Bearer {key}"),
        "method": quoted(method),
        "path": quoted(path),
        "body": quoted(body),
        "run": quoted(run),
    }


def run_wrk(script: Path, clients: int, seconds: float) -> dict:
    command = [
        "wrk", "--threads", str(min(clients, 2)), "--connections", str(clients),
        "--duration", f"{max(1, round(seconds))}s", "--timeout", "10s",
        "--script", str(script), f"http://127.0.0.1:{PORT}",
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    raw = json.loads(line.removeprefix("BENCH "))
    seconds_run = raw["duration_us"] / 1e6
    return {
        "clients": clients,
        "requests": raw["requests"],
        "requests_per_second": round(raw["requests"] / seconds_run, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "non_2xx": raw["non_2xx"],
        "socket_errors": raw["socket_errors"],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group (the
    server: `bahi serve`, gunicorn's master and workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def wait_until_up(deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def server_environment(database: Database) -> dict[str, str]:
    env = database.environment()
    env["DJANGO_SETTINGS_MODULE"] = "bench.http_settings"
    env["BAHI_API_RATE_PER_CALLER"] = "100000000/min"
    env["BAHI_API_RATE_PER_ADDRESS"] = "100000000/min"
    return env


def commit_limit(vendor: str, database: Database, count: int = 300) -> float:
    """Durable one-row commits per second on this disk now, with the settings Bahi uses (SQLite
    WAL + synchronous=FULL; PostgreSQL's defaults): the ceiling of one-commit-per-request
    writes when requests queue for SQLite's single writer."""
    started = time.perf_counter()
    if vendor == "sqlite":
        import importlib

        import bahi  # noqa: F401 - installs the bundled SQLite as sqlite3

        sqlite3 = importlib.import_module("sqlite3")
        connection = sqlite3.connect(str(Path(database.data_dir) / "commit-limit.sqlite3"))
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        started = time.perf_counter()
        for _ in range(count):
            connection.execute("INSERT INTO t (v) VALUES ('x')")
            connection.commit()
        connection.close()
    else:
        import psycopg

        with psycopg.connect(str(database.url), autocommit=True) as connection:
            connection.execute("CREATE TABLE bench_commit_limit (id serial, v text)")
            started = time.perf_counter()
            for _ in range(count):
                connection.execute("INSERT INTO bench_commit_limit (v) VALUES ('x')")
            connection.execute("DROP TABLE bench_commit_limit")
    return round(count / (time.perf_counter() - started), 1)


def bench_database(vendor: str, args: argparse.Namespace) -> dict:
    database = Database(vendor)
    if vendor == "postgresql":
        parts = urlsplit(postgres_url())
        database.url = urlunsplit(parts._replace(path="/bahi_bench_api"))
    with database:
        env = server_environment(database)
        prepared = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.api_http", "--prepare"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        setup = json.loads(prepared.stdout.strip().splitlines()[-1])
        command = [*BAHI, "serve", "--port", str(PORT), "--workers", str(args.workers)]
        # Its own process group: `bahi serve` runs gunicorn as a child, and both must stop.
        server = subprocess.Popen(  # noqa: S603
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_until_up(time.monotonic() + 60)
            cells = load(setup, args, server.pid)
            return {
                "vendor": vendor,
                "commits_per_second": commit_limit(vendor, database),
                "cells": cells,
            }
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def probe(method: str, path: str, body: str | None, key: str) -> None:
    """One request before the load: a scenario that does not answer 2xx stops the run here,
    with the server's answer."""
    request = urllib.request.Request(  # noqa: S310
        f"http://127.0.0.1:{PORT}{path}",
        data=None if body is None else body.encode(),
        method=method,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310
            return
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path}: {error.code} {error.read().decode()[:2000]}") from None


def load(setup: dict, args: argparse.Namespace, server: int) -> dict[str, list[dict]]:
    work = Path(tempfile.mkdtemp(prefix="bahi-bench-http-"))
    results: dict[str, list[dict]] = {}
    try:
        for name, (method, path, body) in scenarios(setup).items():
            if name not in args.scenarios.split(","):
                continue
            probe(method, path, body, setup["key"])
            results[name] = []
            for index, clients in enumerate([1, *args.clients]):  # a first short warm-up
                script = work / f"{name}-{clients}-{index}.lua"
                script.write_text(lua_script(method, path, body, setup["key"], f"{name}{index}"))
                cpu_before = group_cpu_seconds(server)
                cell = run_wrk(script, clients, 1 if index == 0 else args.seconds)
                cpu = group_cpu_seconds(server) - cpu_before
                cell["server_cpu_ms_per_request"] = round(1000 * cpu / max(cell["requests"], 1), 2)
                if index:
                    results[name].append(cell)
                    log(f"  {name:8} {clients:3} clients: {cell['requests_per_second']:8.1f}/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def print_table(run: dict) -> None:
    cells = run["cells"]
    print(
        f"\n{run['vendor']} (disk: {run['commits_per_second']} durable commits/s): "
        "scenario, clients, req/s, p50/p95/p99 ms, server CPU ms/request, share of hello"
    )
    hello = {cell["clients"]: cell["requests_per_second"] for cell in cells.get("hello", [])}
    for name, rows in cells.items():
        for cell in rows:
            share = cell["requests_per_second"] / hello.get(cell["clients"], float("nan"))
            p95_mark = "" if cell["clients"] != 10 else (
                "  p95 ok" if cell["p95_ms"] <= TARGET_P95_MS else "  p95 > 50 ms"
            )  # fmt: skip
            print(
                f"  {name:8} {cell['clients']:3} {cell['requests_per_second']:9.1f}"
                f"  {cell['p50_ms']:7.1f} {cell['p95_ms']:7.1f} {cell['p99_ms']:7.1f}"
                f"  {cell['server_cpu_ms_per_request']:6.2f}"
                f"  {share:6.0%}{p95_mark}"
                + (f"  NON-2XX {cell['non_2xx']}" if cell["non_2xx"] else "")
            )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.api_http", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per (scenario, clients)")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--scenarios", default="hello,durable,read,entry,invoice")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.clients = [int(value) for value in str(args.clients).split(",") if value]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.prepare:
        prepare()
        return 0
    if shutil.which("wrk") is None:
        log("wrk is not installed (apt-get install -y wrk)")
        return 2
    vendors = [vendor.strip() for vendor in args.databases.split(",") if vendor.strip()]
    if "postgresql" in vendors and (reason := postgres_available(postgres_url())):
        log(f"PostgreSQL skipped: {reason}")
        vendors.remove("postgresql")
    global PORT  # noqa: PLW0603 - one server per run, on a port free when the run starts
    PORT = free_port()
    runs = []
    for vendor in vendors:
        log(f"{vendor}: bahi serve (gunicorn, 2 workers) under wrk")
        runs.append(bench_database(vendor, args))
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"api_http-{stamp}.json").write_text(json.dumps(runs, indent=2))
    for run in runs:
        print_table(run)
    failed = any(cell["non_2xx"] for run in runs for rows in run["cells"].values() for cell in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
    sys.exit(main())
