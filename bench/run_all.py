"""Run every benchmark on SQLite and PostgreSQL and print one table (`make bench`).

    python -m bench.run_all [--sizes 10000,100000,1000000] [--databases sqlite,postgresql]
                            [--single 2000] [--repeats 7] [--profile] [--compare]
                            [--invoices 100000] [--http-seconds 10] [--growth 20000]

Each (database, size) runs in its own subprocess against a fresh database (bench.worker), so
the runs do not share caches or settings. Results go to bench/out/ as JSON (git-ignored).
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from bench import invoices
from bench.databases import Database, postgres_available, postgres_url
from bench.table import print_results

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_SIZES = "10000,100000,1000000"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.run_all", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="entries per run, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--single", type=int, default=2000, help="entries posted one by one")
    parser.add_argument("--repeats", type=int, default=7, help="runs per report timing")
    parser.add_argument("--profile", action="store_true", help="cProfile into bench/out/")
    parser.add_argument(
        "--compare", action="store_true", help="hledger/ledger/beancount and import memory"
    )
    parser.add_argument(
        "--invoices",
        type=int,
        default=100000,
        help="invoices issued through the invoicing service (bench.invoices); 0 skips",
    )
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also price each SQLite guard: runs without FK checks, line guard, post triggers",
    )
    parser.add_argument("--http-seconds", default="10", help="bench.api_http per cell; 0 skips")
    parser.add_argument(
        "--growth", type=int, default=20000, help="bench.growth: entries posted; 0 skips"
    )
    return parser.parse_args(argv)


def run_one(
    vendor: str, size: int, args: argparse.Namespace, stamp: str, variant: str = ""
) -> dict:
    out = OUT / f"run-{stamp}-{vendor}{'-' + variant if variant else ''}-{size}.json"
    command = [
        sys.executable, "-m", "bench.worker", "--size", str(size), "--years", str(args.years),
        "--single", str(args.single), "--repeats", str(args.repeats), "--out", str(out),
    ]  # fmt: skip
    if args.profile:
        command += ["--profile-dir", str(OUT)]
    if args.compare:
        command.append("--compare")
    if variant:
        command += ["--variant", variant]
    with Database(vendor) as database:
        completed = subprocess.run(command, env=database.environment(), check=False)
    if completed.returncode != 0:
        return {"vendor": vendor, "size": size, "error": f"exit status {completed.returncode}"}
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    OUT.mkdir(exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    vendors = [vendor.strip() for vendor in args.databases.split(",") if vendor.strip()]
    if "postgresql" in vendors and (reason := postgres_available(postgres_url())):
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
        vendors.remove("postgresql")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results = [run_one(vendor, size, args, stamp) for size in sizes for vendor in vendors]
    if args.variants:
        from bench.worker import VARIANTS

        results += [
            run_one("sqlite", size, args, stamp, variant) for size in sizes for variant in VARIANTS
        ]
    summary = OUT / f"results-{stamp}.json"
    summary.write_text(json.dumps(results, indent=2))
    (OUT / "latest.json").write_text(json.dumps(results, indent=2))
    print_results(results)
    print(f"\nJSON: {summary}")
    if float(args.http_seconds):  # the REST API over HTTP (bench/api_http.py)
        http = ["--seconds", args.http_seconds, "--databases", ",".join(vendors)]
        subprocess.run([sys.executable, "-m", "bench.api_http", *http], check=False)
    if args.growth:  # one posting's cost as the books grow (bench/growth.py)
        growth = ["--entries", str(args.growth), "--databases", ",".join(vendors)]
        subprocess.run([sys.executable, "-m", "bench.growth", *growth], check=False)
    if args.invoices:
        invoice_results = invoices.run(args.invoices, ",".join(vendors), args.repeats, args.profile)
        (OUT / f"invoices-{stamp}.json").write_text(json.dumps(invoice_results, indent=2))
        invoices.print_results(invoice_results)
        results += invoice_results
    return 1 if any("error" in result for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
