"""`bahi import` and `bahi export`: books in and out as CSV, hledger/ledger journal, Beancount."""

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from bahi.cli.context import add_company_argument, company_admin, resolve_company
from bahi.ledger.formats import Format, ImportProgress, export_books, import_books

FORMAT_NAMES = [file_format.value for file_format in Format]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importer = subparsers.add_parser(
        "import", help="import books from CSV, an hledger/ledger journal or Beancount"
    )
    importer.add_argument("file", type=Path, help="the file to import")
    importer.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        default=None,
        help="default: by extension (.csv; .journal .ledger .hledger; .beancount .bean)",
    )
    add_company_argument(importer)
    importer.set_defaults(handler=import_command)

    exporter = subparsers.add_parser(
        "export", help="export the books as CSV, an hledger/ledger journal or Beancount"
    )
    exporter.add_argument("--format", choices=FORMAT_NAMES, required=True)
    exporter.add_argument("--output", "-o", default="-", help="file to write, or - for stdout")
    exporter.add_argument("--from", dest="date_from", type=date.fromisoformat, default=None)
    exporter.add_argument("--to", dest="date_to", type=date.fromisoformat, default=None)
    add_company_argument(exporter)
    exporter.set_defaults(handler=export_command)


def import_command(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"error: {path} is not a file", file=sys.stderr)
        return 2
    company = resolve_company(args)
    actor = company_admin(company)
    console = Console()
    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        size = path.stat().st_size
        tasks = {
            "reading": progress.add_task("Reading", total=size),
            "posting": progress.add_task("Posting", total=size),
        }
        summary = import_books(
            company=company,
            actor=actor,
            path=path,
            file_format=Format(args.format) if args.format else None,
            source_name=str(path),
            on_progress=lambda update: _advance(progress, tasks, update),
        )
    console.print(
        f"[green]Imported[/green] {summary.file} ({summary.file_format.value}) into "
        f"{company.legal_name}: {summary.entries} entries, {summary.lines} lines, "
        f"{summary.accounts_created} accounts and {summary.parties_created} parties created",
        soft_wrap=True,  # a path is never broken across lines
    )
    return 0


def _advance(progress: Progress, tasks: dict[str, TaskID], update: ImportProgress) -> None:
    if update.stage == "posting":
        progress.update(tasks["reading"], completed=update.bytes_total)
    progress.update(tasks[update.stage], completed=update.bytes_done)


def export_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    actor = company_admin(company)
    with _output(args.output) as out:
        summary = export_books(
            company=company,
            actor=actor,
            file_format=Format(args.format),
            out=out,
            date_from=args.date_from,
            date_to=args.date_to,
        )
    where = "stdout" if args.output == "-" else args.output
    Console(stderr=True).print(
        f"[green]Exported[/green] {summary.entries} entries of {company.legal_name} "
        f"as {summary.file_format.value} to {where}",
        soft_wrap=True,
    )
    return 0


@contextmanager
def _output(target: str) -> Iterator[TextIO]:
    """stdout, or a file that appears only once complete (written beside it, then renamed)."""
    if target == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    final = Path(target)
    partial = final.with_name(f".{final.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
