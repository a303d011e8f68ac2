"""Issue N sales invoices of 5 lines each through the invoicing service, then time the sales
register and the HSN summary at that size.

    python -m bench.invoices --count 10000 [--databases sqlite,postgresql] [--profile]

Each database runs in its own subprocess on a fresh database with production settings
(bench.databases, as bench.run_all does). Every invoice is one transaction, as the UI and the
API write it: save the draft, issue it (its number, its journal entry, the audit records and
the outbox event), commit. Invoices are spread over FY 2025-26 (across the 22 Sep 2025 rate
change) for 60 customers: registered in Maharashtra (the company's state, CGST + SGST), in
other states (IGST) and unregistered consumers. Results go to bench/out/ as JSON.
"""

import argparse
import json
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import bahi  # noqa: F401  (the bundled SQLite first)

OUT = Path(__file__).resolve().parent / "out"
SEED = 2025
YEAR_START = date(2025, 4, 1)
LINES_PER_INVOICE = 5
PROFILED_INVOICES = 1000
# (HSN/SAC, description, rate in rupees): goods and services of rates_v1.
ITEMS = (
    ("2523", "Portland cement 50 kg bag", "365.00"),
    ("8415", "Split air conditioner 1.5 t", "32999.00"),
    ("0406", "Processed cheese 1 kg", "520.50"),
    ("0405", "Ghee 1 l", "610.00"),
    ("330610", "Toothpaste 150 g", "95.75"),
    ("9983", "Installation service", "1500.00"),
    ("9982", "Consulting (per hour)", "2500.00"),
)
STATES = ("29", "24", "07", "33", "09", "19")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- worker: one database ----------------------------------------------------------------------


def setup_books():
    from django.db import transaction

    from bahi.demo.identifiers import make_gstin, make_pan
    from bahi.identity.models import User
    from bahi.ledger.services import create_company_with_books, create_party

    rng = random.Random(SEED)
    with transaction.atomic():
        user = User.objects.create_user("bench", "bench@example.in", "bench-password")
        company = create_company_with_books(
            owner=user,
            legal_name="Benchmark Traders Private Limited",
            state_code="27",
            books_begin_date=YEAR_START,
        )
        parties = []
        for number in range(60):
            state = "27" if number < 30 else STATES[number % len(STATES)]
            registered = number % 5 != 4  # every fifth customer is an unregistered consumer
            name = f"Customer {number:02d}"
            gstin = make_gstin(state, make_pan(rng, name, "F")) if registered else ""
            party = create_party(
                company=company,
                actor=user,
                name=name,
                is_customer=True,
                gstin=gstin,
                state_code=state,
            )
            parties.append(party.id)
    return company, user, parties


def make_drafts(parties: list[int], count: int, seed: int) -> list:
    """The invoices to issue, made before the clock starts."""
    from bahi.invoicing.types import DocumentDraft, LineDraft

    rng = random.Random(seed)
    drafts = []
    for index in range(count):
        day = YEAR_START + timedelta(days=index * 365 // count)
        lines = tuple(
            LineDraft(
                description=description,
                hsn_code=hsn,
                quantity=Decimal(rng.randint(1, 40)) / (2 if hsn == "9982" else 1),
                rate=Decimal(rate),
            )
            for hsn, description, rate in rng.sample(ITEMS, LINES_PER_INVOICE)
        )
        drafts.append(
            DocumentDraft(
                kind="sales_invoice",
                party_id=rng.choice(parties),
                document_date=day,
                due_date=day + timedelta(days=30),
                lines=lines,
            )
        )
    return drafts


def issue_all(company, user, drafts: list) -> list[float]:
    """Issue each draft in its own transaction; the seconds each thousand took."""
    from django.db import transaction

    from bahi.invoicing.services import issue_document, save_draft_document

    laps, started = [], time.perf_counter()
    first, cpu = started, time.process_time()
    for index, draft in enumerate(drafts, start=1):
        with transaction.atomic():
            document = save_draft_document(company=company, actor=user, draft=draft)
            issue_document(company=company, actor=user, document_id=document.id)
        if index % 1000 == 0 or index == len(drafts):
            now = time.perf_counter()
            laps.append(now - started)
            started = now
            if index % 10000 == 0:  # a figure to quote even if a long run is cut short
                rate, cpu_ms = index / (now - first), (time.process_time() - cpu) * 1000 / index
                log(f"  {index:,} issued: {rate:,.1f}/s, {cpu_ms:.2f} ms CPU each")
    return laps


def time_reports(company, repeats: int) -> dict:
    from bahi.reports.selectors import (
        build_hsn_summary,
        build_register,
        build_register_totals,
        iter_register_rows,
    )
    from bench.reports import _median_ms

    year = {"company": company, "date_from": YEAR_START, "date_to": date(2026, 3, 31)}
    month = {"company": company, "date_from": date(2025, 10, 1), "date_to": date(2025, 10, 31)}
    calls = {
        "register_page_year": lambda: build_register(side="sales", limit=100, **year),
        "register_totals_year": lambda: build_register_totals(side="sales", **year),
        "register_all_rows_year": lambda: sum(1 for _ in iter_register_rows(side="sales", **year)),
        "register_page_month": lambda: build_register(side="sales", limit=100, **month),
        "hsn_summary_year": lambda: build_hsn_summary(**year),
        "hsn_summary_month": lambda: build_hsn_summary(**month),
    }
    return {name: _median_ms(call, repeats) for name, call in calls.items()}


def time_issue(company, user, parties: list[int], count: int) -> dict:
    drafts = make_drafts(parties, count, SEED)
    started, cpu = time.perf_counter(), time.process_time()
    laps = issue_all(company, user, drafts)
    seconds = time.perf_counter() - started
    return {
        "invoices": count,
        "lines": count * LINES_PER_INVOICE,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "invoices_per_s": count / seconds,
        "first_1000_per_s": min(count, 1000) / laps[0],
        "last_1000_per_s": (count % 1000 or 1000) / laps[-1],
    }


def profile_issue(company, user, parties: list[int], path: Path) -> dict:
    """cProfile and SQL statement times of PROFILED_INVOICES more invoices (not in the figure)."""
    import cProfile
    import io
    import pstats

    from bench.breakdown import statement_times

    drafts = make_drafts(parties, PROFILED_INVOICES, SEED + 1)
    profile = cProfile.Profile()
    with statement_times() as statements:
        profile.enable()
        issue_all(company, user, drafts)
        profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(30)
    path.write_text(out.getvalue())
    return {"profile": str(path), "statements_s": dict(statements)}


# The index the registers would want (not in the invoicing migrations): documents of a company
# in date order. Created here, on the throw-away database, to price it.
REGISTER_INDEX = (
    "CREATE INDEX document_register ON invoicing_document (company_id, document_date, id)"
)


def add_register_index() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(REGISTER_INDEX)
        cursor.execute("ANALYZE")


def count_queries(company, user, parties: list[int]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    (draft,) = make_drafts(parties, 1, SEED + 2)
    with CaptureQueriesContext(connection) as queries:
        issue_all(company, user, [draft])
    return len(queries.captured_queries)


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    connection.close()  # measure on a new connection, as a server process would
    vendor = connection.vendor
    company, user, parties = setup_books()
    log(f"[{vendor} {args.count:,}] issuing")
    result: dict = {"vendor": vendor, "count": args.count}
    result["issue"] = time_issue(company, user, parties, args.count)
    log(f"[{vendor} {args.count:,}] {result['issue']['invoices_per_s']:,.0f} invoices/s")
    result["reports"] = time_reports(company, args.repeats)
    log(f"[{vendor} {args.count:,}] reports timed")
    result["queries_per_invoice"] = count_queries(company, user, parties)
    if args.profile:
        path = OUT / f"profile-invoices-{vendor}-{args.count}.txt"
        result["profile"] = profile_issue(company, user, parties, path)
    add_register_index()
    result["reports_with_index"] = time_reports(company, args.repeats)
    args.out.write_text(json.dumps(result, indent=2, default=str))
    return 0


# --- parent: every database --------------------------------------------------------------------


def run_one(vendor: str, args: argparse.Namespace, stamp: str) -> dict:
    from bench.databases import Database

    out = OUT / f"invoices-{stamp}-{vendor}-{args.count}.json"
    command = [sys.executable, "-m", "bench.invoices", "--worker", "--count", str(args.count),
               "--repeats", str(args.repeats), "--out", str(out)]  # fmt: skip
    if args.profile:
        command.append("--profile")
    with Database(vendor) as database:
        completed = subprocess.run(command, env=database.environment(), check=False)
    if completed.returncode != 0:
        return {"vendor": vendor, "count": args.count, "error": f"exit {completed.returncode}"}
    return json.loads(out.read_text())


REPORTS = {
    "register_page_year": "register page + totals (year)",
    "register_page_month": "register page + totals (month)",
    "register_all_rows_year": "register, every row (year)",
    "hsn_summary_year": "HSN summary (year)",
    "hsn_summary_month": "HSN summary (month)",
}


def _issue_row(result: dict) -> list[str]:
    issue = result["issue"]
    return [
        result["vendor"],
        f"{issue['invoices']:,}",
        f"{issue['invoices_per_s']:,.1f}",
        f"{issue['first_1000_per_s']:,.0f} / {issue['last_1000_per_s']:,.0f}",
        f"{issue['cpu_seconds'] * 1000 / issue['invoices']:.2f}",
        str(result["queries_per_invoice"]),
    ]


def _ms(reports: dict, name: str) -> str:
    return f"{reports[name]['median_ms']:,.1f}" if name in reports else "-"


def print_results(results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    issuing = Table(title="Invoices issued one per transaction (draft + issue, 5 lines each)")
    for column in ("database", "invoices", "invoices/s", "first / last 1000 per s",
                   "client CPU ms per invoice", "queries per invoice"):  # fmt: skip
        issuing.add_column(column, justify="left" if column == "database" else "right")
    reports = Table(title="Report times at that size, ms (median): without / with the index")
    for column in ("database", *REPORTS.values()):
        reports.add_column(column, justify="left" if column == "database" else "right")
    for result in results:
        if "error" in result:
            issuing.add_row(result["vendor"], f"{result['count']:,}", result["error"])
            continue
        issuing.add_row(*_issue_row(result))
        plain, indexed = result["reports"], result.get("reports_with_index", {})
        cells = [f"{_ms(plain, name)} / {_ms(indexed, name)}" for name in REPORTS]
        reports.add_row(result["vendor"], *cells)
    console = Console(width=200)
    console.print(issuing)
    console.print(reports)


def run(count: int, databases: str, repeats: int = 5, profile: bool = False) -> list[dict]:
    """Every database in turn (PostgreSQL skipped when it does not answer); bench.run_all calls
    this too."""
    from bench.databases import postgres_available, postgres_url

    args = argparse.Namespace(count=count, repeats=repeats, profile=profile)
    OUT.mkdir(exist_ok=True)
    vendors = [vendor.strip() for vendor in databases.split(",") if vendor.strip()]
    if "postgresql" in vendors and (reason := postgres_available(postgres_url())):
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
        vendors.remove("postgresql")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return [run_one(vendor, args, stamp) for vendor in vendors]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.invoices", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000, help="invoices to issue")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=5, help="runs per report timing")
    parser.add_argument("--profile", action="store_true", help="cProfile into bench/out/")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.worker:
        return worker(args)
    results = run(args.count, args.databases, args.repeats, args.profile)
    summary = OUT / f"invoices-{time.strftime('%Y%m%d-%H%M%S')}.json"
    summary.write_text(json.dumps(results, indent=2))
    print_results(results)
    print(f"\nJSON: {summary}")
    return 1 if any("error" in result for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
