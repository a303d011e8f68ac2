"""`bahi report`: trial balance, ledger, day book, profit and loss, balance sheet, the sales
and purchase registers, the HSN summary and party statements.

Tables use Indian digit grouping and DD-MM-YYYY dates; CSV and JSON use ISO dates and plain
decimal strings ("1234.50") so other programs can read them. A register's CSV and JSON are
streamed row by row, whatever the size of the period; its CSV holds the documents only (the
totals are in the table and the JSON).
"""

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from rich.console import Console
from rich.table import Table

from bahi.cli.context import add_company_argument, resolve_company
from bahi.core.errors import InvalidInput
from bahi.core.formatting import format_date, format_inr
from bahi.identity.models import Company
from bahi.reports import export, export_registers
from bahi.reports.export import AMOUNT, BALANCE, DATE, Tabular, Value
from bahi.reports.selectors import (
    build_balance_sheet,
    build_day_book,
    build_general_ledger,
    build_hsn_summary,
    build_party_statement,
    build_profit_and_loss,
    build_register_totals,
    build_trial_balance,
    get_account_by_code,
    get_default_year,
    get_party_by_name,
    iter_register_rows,
)
from bahi.reports.types import DayBook, DayBookEntry

PAGE = 500
WIDE = 320  # wide enough for the registers (17 columns) without wrapping
FORMATS = ("table", "csv", "json")


def parse_date(text: str) -> date:
    """YYYY-MM-DD or DD-MM-YYYY."""
    for parse in (date.fromisoformat, _parse_indian):
        try:
            return parse(text)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD or DD-MM-YYYY)")


def _parse_indian(text: str) -> date:
    day, month, year = text.split("-")
    return date(int(year), int(month), int(day))


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = subparsers.add_parser("report", help="financial reports")
    kinds = report.add_subparsers(dest="report", required=True, metavar="REPORT")
    commands: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
        "trial-balance": (trial_balance_command, "trial balance with group subtotals"),
        "ledger": (ledger_command, "ledger of an account (or a party on it)"),
        "daybook": (day_book_command, "posted entries with their lines"),
        "pl": (profit_and_loss_command, "statement of profit and loss (Schedule III)"),
        "bs": (balance_sheet_command, "balance sheet (Schedule III)"),
        "sales-register": (sales_register_command, "sales documents with GST columns"),
        "purchase-register": (purchase_register_command, "purchase documents with GST columns"),
        "hsn-summary": (hsn_summary_command, "HSN-wise summary of sales (GSTR-1 Table 12)"),
        "party-statement": (party_statement_command, "a party's documents and payments"),
    }
    for name, (handler, help_text) in commands.items():
        parser = kinds.add_parser(name, help=help_text)
        parser.add_argument("--from", dest="date_from", type=parse_date, default=None)
        parser.add_argument("--to", dest="date_to", type=parse_date, default=None)
        parser.add_argument("--as-of", dest="as_of", type=parse_date, default=None)
        parser.add_argument("--account", default=None, help="account code (ledger)")
        parser.add_argument(
            "--party", default=None, help="party name (ledger, statement, registers)"
        )
        parser.add_argument(
            "--side",
            choices=("receivable", "payable"),
            default=None,
            help="party-statement: the debtors or creditors account (default from the party)",
        )
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("--no-compare", action="store_true", help="no previous-period column")
        add_company_argument(parser)
        parser.set_defaults(handler=handler)


class _Page(Protocol):
    @property
    def lines(self) -> tuple[object, ...]: ...

    @property
    def next_cursor(self) -> str | None: ...


PageT = TypeVar("PageT", bound=_Page)


def _every_line(fetch: Callable[[str | None], PageT]) -> tuple[PageT, tuple[Any, ...]]:
    """Fetch page after page (fetch(cursor)) to the last; the last page and every line."""
    page = fetch(None)
    lines = list(page.lines)
    while page.next_cursor is not None:
        page = fetch(page.next_cursor)
        lines.extend(page.lines)
    return page, tuple(lines)


def _period(args: argparse.Namespace, company: Company) -> tuple[date, date]:
    """--from/--to, each defaulting to the bounds of the current financial year (that of the
    latest posted entry, or of today)."""
    year = get_default_year(company=company, today=date.today())  # noqa: DTZ011
    return args.date_from or year.start, args.date_to or args.as_of or year.end


def trial_balance_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    date_from, date_to = _period(args, company)
    report = build_trial_balance(company=company, date_from=date_from, date_to=date_to)
    return _emit(args, export.to_json(report), export.trial_balance_table(report))


def profit_and_loss_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    date_from, date_to = _period(args, company)
    report = build_profit_and_loss(
        company=company, date_from=date_from, date_to=date_to, compare=not args.no_compare
    )
    return _emit(args, export.to_json(report), export.profit_and_loss_table(report))


def balance_sheet_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    as_of = args.as_of or _period(args, company)[1]
    report = build_balance_sheet(company=company, as_of=as_of, compare=not args.no_compare)
    return _emit(args, export.to_json(report), export.balance_sheet_table(report))


def ledger_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    if not args.account:
        raise InvalidInput("name the account: --account CODE (and --party NAME for a party)")
    account = get_account_by_code(company=company, code=args.account)
    party_id = get_party_by_name(company=company, name=args.party).id if args.party else None
    date_from, date_to = _period(args, company)
    page, lines = _every_line(
        lambda after: build_general_ledger(
            company=company,
            account_id=account.id,
            party_id=party_id,
            date_from=date_from,
            date_to=date_to,
            after=after,
            limit=PAGE,
        )
    )
    report = replace(page, lines=lines, carried_paise=page.opening_paise)
    return _emit(args, export.to_json(report), export.ledger_table(report))


def day_book_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    date_from, date_to = _period(args, company)
    page: DayBook | None = None
    entries: list[DayBookEntry] = []
    while page is None or page.next_cursor is not None:
        page = build_day_book(
            company=company,
            date_from=date_from,
            date_to=date_to,
            after=page.next_cursor if page else None,
            limit=PAGE,
        )
        entries.extend(page.entries)
    report = replace(page, entries=tuple(entries))
    return _emit(args, export.to_json(report), export.day_book_table(report))


def sales_register_command(args: argparse.Namespace) -> int:
    return _register_command(args, "sales")


def purchase_register_command(args: argparse.Namespace) -> int:
    return _register_command(args, "purchase")


def _register_command(args: argparse.Namespace, side: str) -> int:
    company = resolve_company(args)
    date_from, date_to = _period(args, company)
    party_id = get_party_by_name(company=company, name=args.party).id if args.party else None
    totals = build_register_totals(
        company=company, side=side, date_from=date_from, date_to=date_to, party_id=party_id
    )
    rows = iter_register_rows(
        company=company, side=side, date_from=date_from, date_to=date_to, party_id=party_id
    )
    if args.format == "csv":
        _stream_csv(export_registers.REGISTER_COLUMNS, map(export_registers.register_values, rows))
    elif args.format == "json":
        head = {
            "report": args.report,
            "company_id": company.id,
            "side": side,
            "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(),
            "party_id": party_id,
            "totals": export.to_json(totals),
        }
        _stream_json(head, export_registers.register_json_rows(rows))
    else:
        title = f"{side.capitalize()} register {date_from} to {date_to}"
        title += f" ({args.party})" if args.party else ""
        _print_table(export_registers.register_table(title, rows, totals))
    return 0


def hsn_summary_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    date_from, date_to = _period(args, company)
    report = build_hsn_summary(company=company, date_from=date_from, date_to=date_to)
    return _emit(args, export_registers.hsn_json(report), export_registers.hsn_table(report))


def party_statement_command(args: argparse.Namespace) -> int:
    company = resolve_company(args)
    if not args.party:
        raise InvalidInput("name the party: --party NAME")
    party = get_party_by_name(company=company, name=args.party)
    date_from, date_to = _period(args, company)
    page, lines = _every_line(
        lambda after: build_party_statement(
            company=company,
            party_id=party.id,
            date_from=date_from,
            date_to=date_to,
            side=args.side,
            after=after,
            limit=PAGE,
        )
    )
    report = replace(page, lines=lines, carried_paise=page.opening_paise)
    return _emit(args, export.to_json(report), export_registers.statement_table(report))


# --- output ------------------------------------------------------------------------------------


def _stream_csv(columns: Iterable[export.Column], rows: Iterable[tuple[Value, ...]]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([export.csv_value(value) for value in row])


def _stream_json(head: dict[str, object], rows: Iterable[dict[str, object]]) -> None:
    """{...head, "rows": [...]} written a row at a time."""
    out = sys.stdout
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "rows": [')
    for index, row in enumerate(rows):
        out.write(("," if index else "") + "\n    " + json.dumps(row, ensure_ascii=False))
    out.write("\n  ]\n}\n")


def _emit(args: argparse.Namespace, data: dict[str, object], table: Tabular) -> int:
    if args.format == "json":
        data = {"report": args.report, **data}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        _stream_csv(table.columns, table.rows)
    else:
        _print_table(table)
    return 0


def _cell(value: Value, kind: str) -> str:
    if value is None:
        return ""
    if kind == DATE and isinstance(value, date):
        return format_date(value)
    if kind == AMOUNT and isinstance(value, Decimal):
        return format_inr(value, symbol=False)
    if kind == BALANCE and isinstance(value, Decimal):
        side = "Dr" if value > 0 else "Cr" if value < 0 else ""
        return f"{format_inr(abs(value), symbol=False)} {side}".rstrip()
    return str(value)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STYLES = {
    "group": "bold",
    "heading": "bold underline",
    "total": "bold",
    "account": "dim",
    "cancelled": "dim strike",
}


ACRONYMS = {"gstin", "cgst", "sgst", "igst", "utgst", "hsn", "uqc"}


def _heading(name: str) -> str:
    """'taxable_value' -> 'Taxable value', 'sgst_utgst' -> 'SGST/UTGST'."""
    words = [word.upper() if word in ACRONYMS else word for word in name.split("_")]
    text = " ".join(words).replace("SGST UTGST", "SGST/UTGST")
    return text[0].upper() + text[1:]


def _print_table(table: Tabular) -> None:
    title = ISO_DATE.sub(lambda match: format_date(date.fromisoformat(match[0])), table.title)
    grid = Table(title=title, show_lines=False)
    for column in table.columns:
        numeric = column.kind in (AMOUNT, BALANCE)
        grid.add_column(_heading(column.name), justify="right" if numeric else "left")
    for row, kind in zip(table.rows, table.row_kinds, strict=True):
        cells = [
            _cell(value, column.kind) for value, column in zip(row, table.columns, strict=True)
        ]
        grid.add_row(*cells, style=STYLES.get(kind))
    console = Console()
    if not console.is_terminal:  # piped or redirected: do not wrap at 80 columns
        console = Console(width=WIDE)
    console.print(grid)
