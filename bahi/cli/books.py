"""`bahi check`: re-verify every ledger invariant from the lines up."""

import argparse

from rich.console import Console

from bahi.cli.context import add_company_argument, resolve_company
from bahi.identity.models import Company
from bahi.ledger.selectors import verify_books


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = subparsers.add_parser("check", help="re-verify every ledger invariant")
    add_company_argument(check)
    check.add_argument("--all", action="store_true", help="check every company")
    check.set_defaults(handler=check_command)


def check_command(args: argparse.Namespace) -> int:
    console = Console()
    companies = list(Company.objects.order_by("id")) if args.all else [resolve_company(args)]
    failed = False
    for company in companies:
        findings = verify_books(company=company)
        if not findings:
            console.print(
                f"[green]OK[/green] {company.legal_name}: every entry balances, "
                "totals equal the lines, numbers are gapless, trial balance nets to 0"
            )
            continue
        failed = True
        for finding in findings:
            console.print(
                f"[red]FAIL[/red] {company.legal_name}: {finding.check} "
                f"({finding.count}; e.g. {list(finding.examples)})"
            )
    return 1 if failed else 0
