"""Reports as plain data for the edges: a JSON-ready dict (ISO dates, decimal strings) and rows
with typed columns that a caller renders as a table or CSV."""

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bahi.core.money import from_paise
from bahi.reports.types import (
    BalanceSheet,
    DayBook,
    Figure,
    GeneralLedger,
    ProfitAndLoss,
    Section,
    TrialBalance,
)

Value = str | int | date | Decimal | None
TEXT, DATE, AMOUNT, BALANCE = "text", "date", "amount", "balance"


def to_json(report: Any) -> dict[str, Any]:
    """A report dataclass as JSON-ready data: `*_paise` fields become decimal strings named
    without the suffix ("1234.50"), dates ISO strings."""
    plain: dict[str, Any] = _plain(dataclasses.asdict(report))
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key(key): _plain_item(key, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _key(key: str) -> str:
    return key.removesuffix("_paise")


def _plain_item(key: str, item: Any) -> Any:
    if key.endswith("_paise") and item is not None:
        return str(from_paise(item))
    return _plain(item)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT  # text, date, amount (Decimal), balance (signed Decimal, debit-positive)


@dataclass(frozen=True)
class Tabular:
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Value, ...]]
    row_kinds: list[str]  # per row: "group", "ledger", "heading", "line", "account", "total"


def csv_value(value: Value) -> str:
    """A cell as CSV carries it for other programs: ISO dates, plain decimals, empty for None."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _amount(paise: int | None) -> Decimal | None:
    return None if paise is None else from_paise(paise)


def _sides(paise: int) -> tuple[Decimal | None, Decimal | None]:
    """A debit-positive balance as (debit, credit) columns, the other one empty."""
    if paise > 0:
        return from_paise(paise), None
    if paise < 0:
        return None, from_paise(-paise)
    return None, None


def trial_balance_table(report: TrialBalance) -> Tabular:
    columns = (
        Column("code"),
        Column("account"),
        Column("opening_debit", AMOUNT),
        Column("opening_credit", AMOUNT),
        Column("debit", AMOUNT),
        Column("credit", AMOUNT),
        Column("closing_debit", AMOUNT),
        Column("closing_credit", AMOUNT),
    )
    rows: list[tuple[Value, ...]] = [
        (
            row.code,
            "  " * row.depth + row.name,
            *_sides(row.opening_paise),
            from_paise(row.debit_paise),
            from_paise(row.credit_paise),
            *_sides(row.closing_paise),
        )
        for row in report.rows
    ]
    kinds = ["group" if row.is_group else "ledger" for row in report.rows]
    totals = report.totals
    rows.append(
        (
            "",
            "Total",
            *(
                from_paise(value)
                for value in (
                    totals.opening_debit_paise,
                    totals.opening_credit_paise,
                    totals.debit_paise,
                    totals.credit_paise,
                    totals.closing_debit_paise,
                    totals.closing_credit_paise,
                )
            ),
        )
    )
    kinds.append("total")
    title = f"Trial balance {report.date_from} to {report.date_to}"
    return Tabular(title, columns, rows, kinds)


def ledger_table(report: GeneralLedger) -> Tabular:
    columns = (
        Column("date", DATE),
        Column("voucher"),
        Column("particulars"),
        Column("narration"),
        Column("debit", AMOUNT),
        Column("credit", AMOUNT),
        Column("balance", BALANCE),
    )
    rows: list[tuple[Value, ...]] = [
        (report.date_from, "", "Opening balance", "", None, None, from_paise(report.opening_paise))
    ]
    kinds = ["total"]
    for line in report.lines:
        particulars = line.counter_accounts
        if line.party_name:
            particulars = f"{particulars} ({line.party_name})" if particulars else line.party_name
        rows.append(
            (
                line.entry_date,
                line.voucher_number,
                particulars,
                line.narration,
                _amount(line.debit_paise or None),
                _amount(line.credit_paise or None),
                from_paise(line.balance_paise),
            )
        )
        kinds.append("line")
    rows.append(
        (report.date_to, "", "Closing balance", "", None, None, from_paise(report.closing_paise))
    )
    kinds.append("total")
    name = f"{report.account_code} {report.account_name}"
    if report.party_name:
        name = f"{name}: {report.party_name}"
    return Tabular(f"Ledger {name} {report.date_from} to {report.date_to}", columns, rows, kinds)


def day_book_table(report: DayBook) -> Tabular:
    columns = (
        Column("date", DATE),
        Column("voucher"),
        Column("narration"),
        Column("account"),
        Column("party"),
        Column("debit", AMOUNT),
        Column("credit", AMOUNT),
    )
    rows: list[tuple[Value, ...]] = []
    for entry in report.entries:
        for line in entry.lines:
            rows.append(
                (
                    entry.entry_date,
                    entry.voucher_number,
                    entry.narration,
                    f"{line.account_code} {line.account_name}",
                    line.party_name,
                    _amount(line.debit_paise or None),
                    _amount(line.credit_paise or None),
                )
            )
    title = f"Day book {report.date_from} to {report.date_to}"
    return Tabular(title, columns, rows, ["line"] * len(rows))


def _statement_columns() -> tuple[Column, ...]:
    return (
        Column("particulars"),
        Column("code"),
        Column("amount", AMOUNT),
        Column("previous", AMOUNT),
    )


def _figure_rows(figure: Figure, kind: str) -> list[tuple[str, tuple[Value, ...]]]:
    rows: list[tuple[str, tuple[Value, ...]]] = [
        (kind, (figure.label, figure.code, figure.amount, figure.previous))
    ]
    rows.extend(
        (
            "account",
            (
                "    " + account.name,
                account.code,
                _amount(account.amount_paise),
                _amount(account.previous_paise),
            ),
        )
        for account in figure.accounts
    )
    return rows


def _section_rows(section: Section) -> list[tuple[str, tuple[Value, ...]]]:
    rows: list[tuple[str, tuple[Value, ...]]] = [("heading", (section.heading, "", None, None))]
    for line in section.lines:
        rows.extend(_figure_rows(line, "line"))
    rows.extend(_figure_rows(section.total, "total"))
    return rows


def _tabular(title: str, parts: list[tuple[str, tuple[Value, ...]]]) -> Tabular:
    return Tabular(title, _statement_columns(), [row for _, row in parts], [k for k, _ in parts])


def profit_and_loss_table(report: ProfitAndLoss) -> Tabular:
    parts: list[tuple[str, tuple[Value, ...]]] = [("heading", ("Income", "", None, None))]
    parts += _figure_rows(report.revenue, "line") + _figure_rows(report.other_income, "line")
    parts += _figure_rows(report.total_income, "total")
    parts += _section_rows(report.expenses)
    parts += _figure_rows(report.profit_before_tax, "total")
    parts += _figure_rows(report.tax, "line")
    parts += _figure_rows(report.profit, "total")
    title = f"Statement of profit and loss {report.date_from} to {report.date_to}"
    return _tabular(title, parts)


def balance_sheet_table(report: BalanceSheet) -> Tabular:
    parts: list[tuple[str, tuple[Value, ...]]] = [
        ("heading", ("EQUITY AND LIABILITIES", "", None, None))
    ]
    for section in report.equity_and_liabilities:
        parts += _section_rows(section)
    parts += _figure_rows(report.total_equity_and_liabilities, "total")
    parts.append(("heading", ("ASSETS", "", None, None)))
    for section in report.assets:
        parts += _section_rows(section)
    parts += _figure_rows(report.total_assets, "total")
    return _tabular(f"Balance sheet as at {report.as_of}", parts)
