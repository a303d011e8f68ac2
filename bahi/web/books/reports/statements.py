"""The trial balance, statement of profit and loss and balance sheet as rows of a page. Every
account figure links to that account's general ledger over the period it covers (the
comparative column to the previous period's ledger)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bahi.core.fiscal import fiscal_year_of
from bahi.identity.models import Company
from bahi.reports.types import BalanceSheet, Figure, ProfitAndLoss, Section, TrialBalance
from bahi.web.books.reports.cells import Amount, amount, balance, ledger_links, optional_amount

MAX_INDENT = 6
Link = Callable[[int | None], str | None]


def _no_link(account_id: int | None) -> str | None:
    return None


@dataclass(frozen=True)
class TrialBalanceLine:
    code: str
    name: str
    indent: int
    is_group: bool
    opening: Amount
    debit: Amount
    credit: Amount
    closing: Amount


def trial_balance_rows(report: TrialBalance) -> list[TrialBalanceLine]:
    """Groups with their subtotals (no link: a group has no ledger of its own), ledgers linking
    to their general ledger for the same period."""
    link = ledger_links(report.date_from, report.date_to)
    rows = []
    for row in report.rows:
        url = None if row.is_group else link(row.account_id)
        rows.append(
            TrialBalanceLine(
                code=row.code,
                name=row.name,
                indent=min(row.depth, MAX_INDENT),
                is_group=row.is_group,
                opening=balance(row.opening_paise, url),
                debit=amount(row.debit_paise, url),
                credit=amount(row.credit_paise, url),
                closing=balance(row.closing_paise, url),
            )
        )
    return rows


def trial_balance_totals(report: TrialBalance) -> dict[str, Amount]:
    totals = report.totals
    return {
        "opening_debit": amount(totals.opening_debit_paise),
        "opening_credit": amount(totals.opening_credit_paise),
        "debit": amount(totals.debit_paise),
        "credit": amount(totals.credit_paise),
        "closing_debit": amount(totals.closing_debit_paise),
        "closing_credit": amount(totals.closing_credit_paise),
    }


@dataclass(frozen=True)
class StatementRow:
    """kind: "part" (EQUITY AND LIABILITIES), "heading", "line", "account" or "total"."""

    kind: str
    label: str
    amount: Amount | None = None
    previous: Amount | None = None
    code: str = ""


class _Rows:
    """Collects a statement's rows; `current` and `previous` link an account to its ledger for
    the period of each column."""

    def __init__(self, current: Link, previous: Link) -> None:
        self.rows: list[StatementRow] = []
        self.current, self.previous = current, previous

    def heading(self, label: str, kind: str = "heading") -> None:
        self.rows.append(StatementRow(kind, label))

    def figure(self, figure: Figure, kind: str = "line", label: str | None = None) -> None:
        self.rows.append(
            StatementRow(
                kind,
                label or figure.label,
                amount(figure.amount_paise),
                optional_amount(figure.previous_paise),
            )
        )
        for account in figure.accounts:
            self.rows.append(
                StatementRow(
                    "account",
                    account.name,
                    amount(account.amount_paise, self.current(account.account_id)),
                    optional_amount(account.previous_paise, self.previous(account.account_id)),
                    account.code,
                )
            )

    def section(self, section: Section, label: str) -> None:
        self.heading(label)
        for letter, line in zip("abcdefghijklmnop", section.lines, strict=False):
            self.figure(line, label=f"({letter}) {line.label}")
        self.figure(section.total, "total")


def profit_and_loss_rows(report: ProfitAndLoss) -> list[StatementRow]:
    """Schedule III, Division I, Part II, numbered as the form numbers its items."""
    previous: Link = _no_link
    if report.previous_from is not None and report.previous_to is not None:
        previous = ledger_links(report.previous_from, report.previous_to)
    rows = _Rows(ledger_links(report.date_from, report.date_to), previous)
    rows.figure(report.revenue, label=f"I. {report.revenue.label}")
    rows.figure(report.other_income, label=f"II. {report.other_income.label}")
    rows.figure(report.total_income, "total", f"III. {report.total_income.label} (I + II)")
    rows.heading(f"IV. {report.expenses.heading}")
    for line in report.expenses.lines:
        rows.figure(line)
    rows.figure(report.expenses.total, "total", f"{report.expenses.total.label} (IV)")
    rows.figure(
        report.profit_before_tax, "total", f"V. {report.profit_before_tax.label} (III - IV)"
    )
    rows.figure(report.tax, label=f"VI. {report.tax.label}")
    rows.figure(report.profit, "total", f"VII. {report.profit.label} (V - VI)")
    return rows.rows


def _year_to_date(company: Company, as_of: date) -> Link:
    """A balance as at a day links to the ledger from the start of its financial year to that
    day: the ledger's opening and closing then frame the figure."""
    start = fiscal_year_of(as_of, start_month=company.fy_start_month).start
    return ledger_links(start, as_of)


def balance_sheet_rows(report: BalanceSheet, company: Company) -> list[StatementRow]:
    """Schedule III, Division I, Part I: two parts, numbered headings, lettered lines."""
    previous: Link = _no_link
    if report.previous_as_of is not None:
        previous = _year_to_date(company, report.previous_as_of)
    rows = _Rows(_year_to_date(company, report.as_of), previous)
    rows.heading("I. EQUITY AND LIABILITIES", "part")
    for number, section in enumerate(report.equity_and_liabilities, start=1):
        rows.section(section, f"({number}) {section.heading}")
    rows.figure(report.total_equity_and_liabilities, "total", "TOTAL")
    rows.heading("II. ASSETS", "part")
    for number, section in enumerate(report.assets, start=1):
        rows.section(section, f"({number}) {section.heading}")
    rows.figure(report.total_assets, "total", "TOTAL")
    return rows.rows
