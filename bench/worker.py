"""One benchmark run against one fresh database (a subprocess of bench.run_all).

Reads DATABASE_URL / BAHI_DATA_DIR from its environment, migrates, builds the demo chart, then
measures generation, Bahi's bulk posting, the raw insert limit, single-entry posting and reports,
and writes the figures as JSON.
"""

import argparse
import cProfile
import io
import json
import pstats
import resource
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import bahi  # noqa: F401  (the bundled SQLite first)

SEED = 2024

# Experiments (SQLite) that remove one guard to price it; never for real books.
VARIANTS = {
    "no-fk": ["PRAGMA foreign_keys=OFF"],
    "no-line-guard": ["DROP TRIGGER IF EXISTS ledger_line_insert_guard"],
    "no-post-triggers": [  # single posting's (UPDATE) and bulk posting's (INSERT posted)
        "DROP TRIGGER IF EXISTS ledger_entry_post_check",
        "DROP TRIGGER IF EXISTS ledger_entry_post_totals",
        "DROP TRIGGER IF EXISTS ledger_entry_insert_posted_check",
        "DROP TRIGGER IF EXISTS ledger_entry_insert_posted_totals",
    ],
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def profiled(path: Path | None):
    if path is None:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
        path.write_text(out.getvalue())


def setup_company(years: int):
    from django.db import transaction

    from bahi.demo.chart import install_demo_chart
    from bahi.identity.models import User
    from bahi.ledger.services import create_company_with_books

    with transaction.atomic():
        user = User.objects.create_user("bench", "bench@example.in", "bench-password")
        company = create_company_with_books(
            owner=user,
            legal_name="Benchmark Traders Private Limited",
            state_code="27",
            books_begin_date=date(2023, 4, 1),
        )
        chart = install_demo_chart(company=company, actor=user, seed=SEED)
    return company, user, chart


def time_generation(chart, size: int, years: int) -> dict:
    from bahi.demo.generator import generate_entries

    started, cpu = time.perf_counter(), time.process_time()
    lines = sum(len(e.lines) for e in generate_entries(chart, count=size, years=years, seed=SEED))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "lines": lines,
        "entries_per_s": size / seconds,
    }


def time_bulk(company, user, chart, size: int, years: int, profile: Path | None) -> dict:
    from bahi.demo.generator import generate_entries
    from bahi.ledger.services import post_journal_entries_bulk
    from bench.breakdown import statement_times

    entries = generate_entries(chart, count=size, years=years, seed=SEED)
    started, cpu = time.perf_counter(), time.process_time()
    with profiled(profile), statement_times() as statements:
        posted = post_journal_entries_bulk(company=company, actor=user, entries=entries)
    seconds = time.perf_counter() - started
    return {
        "entries": posted,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "statements": dict(statements),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def time_single(company, user, chart, count: int, years: int, profile: Path | None) -> dict:
    """One transaction per entry through post_journal_entry, as the UI and the API post."""
    from bahi.demo.generator import generate_entries
    from bahi.ledger.services import post_journal_entry
    from bench.breakdown import statement_times

    entries = list(generate_entries(chart, count=2 * count, years=years, seed=SEED + 1))
    # The headline figure is taken bare: timing every statement (below) slows posting by a third.
    started = time.perf_counter()
    for entry in entries[:count]:
        post_journal_entry(company=company, actor=user, entry=entry)
    seconds = time.perf_counter() - started
    with profiled(profile), statement_times() as statements:
        for entry in entries[count:]:
            post_journal_entry(company=company, actor=user, entry=entry)
    return {
        "entries": count,
        "seconds": seconds,
        "entries_per_s": count / seconds,
        "statements": dict(statements),
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.worker")
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--single", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile-dir", type=Path, default=None)
    parser.add_argument("--compare", action="store_true", help="hledger/ledger/beancount run")
    parser.add_argument("--variant", default="", help="experiment: " + ", ".join(sorted(VARIANTS)))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import raw, reports

    call_command("migrate", interactive=False, verbosity=0)
    # Start measuring on a new connection, as a server process would: the one that ran the
    # migrations keeps state from them that slows SQLite commits by about a third.
    connection.close()
    vendor = connection.vendor
    if args.variant:
        with connection.cursor() as cursor:
            for statement in VARIANTS[args.variant]:
                cursor.execute(statement)
    tag = f"[{vendor} {args.size:,}]"
    profile_path = (
        (lambda phase: args.profile_dir / f"profile-{vendor}-{args.size}-{phase}.txt")
        if args.profile_dir
        else (lambda phase: None)
    )
    company, user, chart = setup_company(args.years)
    result: dict = {"vendor": vendor + (f" {args.variant}" if args.variant else ""),
                    "size": args.size, "years": args.years}  # fmt: skip
    result["generation"] = time_generation(chart, args.size, args.years)
    log(f"{tag} generated in {result['generation']['seconds']:.1f} s")
    result["bulk"] = time_bulk(company, user, chart, args.size, args.years, profile_path("bulk"))
    log(f"{tag} bulk posting in {result['bulk']['seconds']:.1f} s")
    result["raw"] = raw.measure(result["generation"]["lines"])
    log(f"{tag} raw insert limit measured")
    result["single"] = time_single(
        company, user, chart, args.single, args.years, profile_path("single")
    )
    log(f"{tag} single-entry posting: {result['single']['entries_per_s']:,.0f}/s")
    last_day = chart.books_begin_date.replace(year=chart.books_begin_date.year + args.years)
    result["reports"] = reports.measure(
        company, as_of=last_day - timedelta(days=16), repeats=args.repeats
    )
    log(f"{tag} reports timed")
    if args.compare:
        from django.conf import settings

        from bench import compare

        result["compare"] = compare.measure(company=company, work_dir=Path(settings.DATA_DIR))
    args.out.write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
