"""Server time of the dashboard and the report pages (and the report downloads), and the weight
of the heaviest page.

    python -m bench.web_pages                                  # demo company, SQLite
    python -m bench.web_pages --sizes demo,1000000 --databases sqlite,postgresql

Each (database, size) runs in its own subprocess on a fresh database with the production settings
(bench.databases): "demo" is the demo company (`bahi demo`: ~3,000 entries over one year), a number
is that many journal lines of the benchmark's generated books (bench.worker, ~3.3 lines per entry,
three years). Pages are requested through Django's test client as a signed-in admin: the time is
the server's (middleware, view, queries, template), without network. The first request is shown
apart (cold caches), then the median and worst of --repeats. The page weight counts the HTML and
every stylesheet, script and image it links, as served and gzipped.
"""

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

LINES_PER_ENTRY = 3.3
ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?(?:href|src)="(/static/[^"]+)"')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _demo_company():
    from bahi.demo.services import create_demo_company, demo_books_begin
    from bahi.identity.models import User

    user = User.objects.create_user("bench", "bench@example.in", "bench-password")
    begin = demo_books_begin(today=date.today(), years=1)  # noqa: DTZ011
    return create_demo_company(owner=user, books_begin_date=begin).company, user


def _generated_company(lines: int):
    from bahi.demo.generator import generate_entries
    from bahi.ledger.services import post_journal_entries_bulk
    from bench.worker import SEED, setup_company

    company, user, chart = setup_company(3)
    count = max(1, round(lines / LINES_PER_ENTRY))
    entries = generate_entries(chart, count=count, years=3, seed=SEED)
    post_journal_entries_bulk(company=company, actor=user, entries=entries)
    return company, user


def report_pages(company) -> dict[str, str]:
    """The dashboard and every report page the books app has, for the dashboard's year: the
    debtors' ledger whole and for its busiest party, and (when the page has a next page) the
    ledger's and day book's second pages, read by cursor."""
    from bahi.ledger.models import Account
    from bahi.web.dashboard.links import ledger_url, report_url
    from bahi.web.dashboard.selectors import dashboard_date

    year, as_of = dashboard_date(company=company, today=date.today())  # noqa: DTZ011
    period = {"date_from": year.start, "date_to": as_of}
    debtors = Account.objects.get(company=company, system_role="sundry_debtors")
    party_id = _busiest_party(company, debtors.id)
    pages: dict[str, str | None] = {
        "dashboard": "/",
        "trial balance": report_url("books:trial-balance", **period),
        "profit and loss": report_url("books:profit-and-loss", **period),
        "balance sheet": report_url("books:balance-sheet", as_of=as_of),
        "general ledger (debtors)": ledger_url(debtors.id, year.start, as_of),
        "general ledger (one party)": ledger_url(debtors.id, year.start, as_of, party_id),
        "day book": report_url("books:day-book", **period),
        "entries": report_url("books:entry-list"),
        "chart of accounts": report_url("books:accounts"),
    }
    return {name: url for name, url in pages.items() if url}


def download_urls(company) -> dict[str, str]:
    """The report downloads a user is likeliest to wait for: the year's trial balance and the
    debtors' whole ledger for the year (every line), as CSV and XLSX."""
    from bahi.ledger.models import Account
    from bahi.web.dashboard.links import report_url
    from bahi.web.dashboard.selectors import dashboard_date

    year, as_of = dashboard_date(company=company, today=date.today())  # noqa: DTZ011
    period = {"date_from": year.start, "date_to": as_of}
    debtors = Account.objects.get(company=company, system_role="sundry_debtors")
    urls: dict[str, str | None] = {}
    for file_format in ("csv", "xlsx"):
        urls[f"trial balance .{file_format}"] = report_url(
            "books:trial-balance-download", file_format, **period
        )
        urls[f"general ledger (debtors) .{file_format}"] = report_url(
            "books:general-ledger-download", file_format, account=debtors.id, **period
        )
    return {name: url for name, url in urls.items() if url}


def _busiest_party(company, account_id: int) -> int | None:
    from django.db.models import Count

    from bahi.ledger.models import JournalLine

    busiest = (
        JournalLine.objects.filter(company=company, account_id=account_id, party__isnull=False)
        .values("party_id")
        .annotate(lines=Count("id"))
        .order_by("-lines")
        .first()
    )
    return busiest["party_id"] if busiest else None


NEXT_PAGE = re.compile(r'href="([^"]+)" id="next-page"')


def next_pages(client, pages: dict[str, str]) -> dict[str, str]:
    """Page 2 of each paged report (the link its first page offers), for timing a cursor page."""
    found = {}
    for name in ("general ledger (debtors)", "day book"):
        if name not in pages:
            continue
        match = NEXT_PAGE.search(client.get(pages[name], secure=True).content.decode())
        if match:
            found[f"{name}, page 2"] = match.group(1).replace("&amp;", "&")
    return found


def _time_page(client, url: str, repeats: int) -> dict:
    """The first request (cold caches: the dashboard's older sums per party) and the median
    and worst of the next `repeats`; also the median CPU time of this process (on SQLite that is
    nearly all of it; on a machine busy with other work it is the steadier figure)."""
    started = time.perf_counter()
    first = client.get(url, secure=True)
    first_ms = (time.perf_counter() - started) * 1000
    timings, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "status": first.status_code,
        "first_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "html_bytes": len(response.content),
        "html": response.content,
    }


def page_weight(html: bytes) -> dict:
    """HTML plus every linked static file, raw and gzipped (what a first visit downloads)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    prefix = "/" + settings.STATIC_URL.lstrip("/")
    files = {"(html)": html}
    for url in sorted(set(ASSET.findall(html.decode()))):
        path = finders.find(url.removeprefix(prefix))
        if path:
            files[url] = Path(path).read_bytes()
    return {
        "files": {name: len(body) for name, body in files.items()},
        "bytes": sum(len(body) for body in files.values()),
        "gzip_bytes": sum(len(gzip.compress(body)) for body in files.values()),
    }


def worker(size: str, repeats: int, out: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bahi.ledger.models import JournalLine

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    company, user = _demo_company() if size == "demo" else _generated_company(int(size))
    log(f"[{connection.vendor} {size}] books ready in {time.perf_counter() - started:.0f} s")
    # Planner statistics, as a server that has run for a while has them (PostgreSQL's
    # autovacuum; on SQLite what PRAGMA optimize would gather): just after a bulk load there are
    # none, and PostgreSQL then reads the day book's index wrongly for the newest entries.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    urls = report_pages(company)
    pages = {name: _time_page(client, url, repeats) for name, url in urls.items()}
    pages |= {
        name: _time_page(client, url, repeats) for name, url in next_pages(client, urls).items()
    }
    heaviest = max(pages, key=lambda name: pages[name]["html_bytes"])
    files = {name: _time_page(client, url, 2) for name, url in download_urls(company).items()}
    result = {
        "vendor": connection.vendor,
        "size": size,
        "journal_lines": JournalLine.objects.filter(company=company).count(),
        "pages": {
            name: {k: v for k, v in page.items() if k != "html"} for name, page in pages.items()
        },
        "downloads": {
            name: {k: v for k, v in page.items() if k != "html"} for name, page in files.items()
        },
        "heaviest_page": heaviest,
        "weight": page_weight(pages[heaviest]["html"]),
    }
    out.write_text(json.dumps(result, indent=2))


def run(sizes: list[str], vendors: list[str], repeats: int) -> list[dict]:
    from bench.databases import Database, postgres_available, postgres_url

    results = []
    for vendor in vendors:
        if vendor == "postgresql" and (reason := postgres_available(postgres_url())):
            log(f"PostgreSQL skipped: {reason}")
            continue
        for size in sizes:
            with Database(vendor) as database:
                out = Path(database.data_dir) / "web_pages.json"
                env = database.environment() | {"ALLOWED_HOSTS": "testserver"}
                command = [sys.executable, "-m", "bench.web_pages", "--worker", size]
                command += ["--repeats", str(repeats), "--out", str(out)]
                subprocess.run(command, env=env, check=True)  # noqa: S603
                results.append(json.loads(out.read_text()))
    return results


def print_table(results: list[dict]) -> None:
    for result in results:
        print(f"\n{result['vendor']}, {result['size']} ({result['journal_lines']:,} journal lines)")
        for name, page in result["pages"].items():
            print(
                f"  {name:<34} {page['first_ms']:>7.1f} ms first {page['median_ms']:>7.1f} median"
                f" {page['max_ms']:>7.1f} max {page['cpu_ms']:>7.1f} cpu"
                f"  HTTP {page['status']}  {page['html_bytes'] / 1024:>7.1f} KiB HTML"
            )
        for name, page in result.get("downloads", {}).items():
            print(
                f"  {name:<36} {page['first_ms']:>7.1f} ms first {page['median_ms']:>7.1f} median"
                f" {page['cpu_ms']:>7.1f} cpu  HTTP {page['status']}"
                f"  {page['html_bytes'] / 1024:>7.1f} KiB"
            )
        weight = result["weight"]
        print(
            f"  heaviest page: {result['heaviest_page']}: {weight['bytes'] / 1024:.0f} KiB "
            f"({weight['gzip_bytes'] / 1024:.0f} KiB gzipped) with its assets"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.web_pages")
    parser.add_argument("--sizes", default="demo", help="demo and/or numbers of journal lines")
    parser.add_argument("--databases", default="sqlite", help="sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.worker:
        worker(args.worker, args.repeats, args.out)
        return 0
    results = run(args.sizes.split(","), args.databases.split(","), args.repeats)
    print_table(results)
    out_dir = Path(__file__).parent / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "web_pages.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
