"""`bahi audit`: verify and export the audit trail (MCA edit log)."""

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from rich.console import Console

from bahi.cli.context import add_company_argument, resolve_company
from bahi.identity.audit import RECORD_COLUMNS, canonical_json, list_records, verify_audit_chain
from bahi.identity.models import AuditRecord, Company

EXPORT_COLUMNS = RECORD_COLUMNS


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = subparsers.add_parser("audit", help="verify or export the audit trail (edit log)")
    commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = commands.add_parser("verify", help="check the hash chain of the audit trail")
    add_company_argument(verify)
    verify.add_argument("--all", action="store_true", help="verify every company")
    verify.set_defaults(handler=verify_command)
    export = commands.add_parser("export", help="write the audit trail to standard output")
    add_company_argument(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.set_defaults(handler=export_command)


def verify_command(args: argparse.Namespace) -> int:
    console = Console()
    companies = list(Company.objects.order_by("id")) if args.all else [resolve_company(args)]
    failed = False
    for company in companies:
        result = verify_audit_chain(company=company)
        if result.ok:
            console.print(
                f"[green]OK[/green] {company.legal_name}: {result.records} audit records, "
                "every hash and link matches the chain head"
            )
            continue
        failed = True
        where = (
            f"first bad record {result.first_bad_sequence}"
            if result.first_bad_sequence is not None
            else "chain head"
        )
        console.print(f"[red]TAMPERED[/red] {company.legal_name}: {where}: {result.problem}")
    return 1 if failed else 0


def export_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    rows = (_as_dict(record) for record in list_records(company=company))
    if args.format == "csv":
        _write_csv(sys.stdout, rows)
    else:
        _write_json(sys.stdout, rows)
    return 0


def _as_dict(record: AuditRecord) -> dict[str, Any]:
    row = {column: getattr(record, column) for column in EXPORT_COLUMNS}
    row["recorded_at"] = record.recorded_at.isoformat()
    return row


def _write_csv(out: TextIO, rows: Iterator[dict[str, Any]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        for column in ("before", "after"):
            row[column] = "" if row[column] is None else canonical_json(row[column])
        writer.writerow(["" if row[c] is None else row[c] for c in EXPORT_COLUMNS])


def _write_json(out: TextIO, rows: Iterator[dict[str, Any]]) -> None:
    """A JSON array, written one record at a time."""
    out.write("[")
    for number, row in enumerate(rows):
        out.write(("\n" if number == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
    out.write("\n]\n")
