"""The shapes of the financial reports: frozen dataclasses, amounts in integer paise.

Signed balances are debit-positive (a credit balance is negative) unless a field says otherwise;
statement figures (P&L, balance sheet) are shown the way the statement reads them: income and
liabilities credit-positive, expenses and assets debit-positive. Each `*_paise` field has a
Decimal-rupee property without the suffix where people need it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bahi.core.money import from_paise


@dataclass(frozen=True)
class ReportAccount:
    """What a report needs of an account of the chart."""

    id: int
    parent_id: int | None
    code: str
    name: str
    nature: str
    is_group: bool
    schedule_iii: str
    system_role: str = ""


# --- trial balance -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialBalanceRow:
    """One account (a ledger, or a group with its subtotal) of the trial balance.

    `account_id` is None for the synthetic "Profit and loss brought forward" row.
    """

    account_id: int | None
    parent_id: int | None
    code: str
    name: str
    nature: str
    depth: int
    is_group: bool
    opening_paise: int
    debit_paise: int
    credit_paise: int
    closing_paise: int

    @property
    def opening(self) -> Decimal:
        return from_paise(self.opening_paise)

    @property
    def debit(self) -> Decimal:
        return from_paise(self.debit_paise)

    @property
    def credit(self) -> Decimal:
        return from_paise(self.credit_paise)

    @property
    def closing(self) -> Decimal:
        return from_paise(self.closing_paise)


@dataclass(frozen=True)
class TrialBalanceTotals:
    """Sums over the ledger rows (never the group rows): each side separately, so the reader sees
    that opening debits equal opening credits, and so on."""

    opening_debit_paise: int
    opening_credit_paise: int
    debit_paise: int
    credit_paise: int
    closing_debit_paise: int
    closing_credit_paise: int


@dataclass(frozen=True)
class TrialBalance:
    company_id: int
    date_from: date
    date_to: date
    rows: tuple[TrialBalanceRow, ...]  # depth-first by code: a group, then its children
    totals: TrialBalanceTotals


# --- general ledger and day book ---------------------------------------------------------------


@dataclass(frozen=True)
class LedgerLine:
    entry_id: int
    line_no: int
    entry_date: date
    voucher_number: str
    narration: str
    description: str
    party_name: str
    counter_accounts: str  # the other accounts of the entry, e.g. "Cash" or "Sales - goods +2"
    debit_paise: int
    credit_paise: int
    balance_paise: int  # running, debit-positive

    @property
    def debit(self) -> Decimal:
        return from_paise(self.debit_paise)

    @property
    def credit(self) -> Decimal:
        return from_paise(self.credit_paise)

    @property
    def balance(self) -> Decimal:
        return from_paise(self.balance_paise)


@dataclass(frozen=True)
class GeneralLedger:
    """One page of an account's (or a party's) ledger for [date_from, date_to].

    `opening_paise` is the balance before date_from and `closing_paise` the balance at the end of
    date_to, whatever the page; `carried_paise` is the balance the page starts from (the opening
    on the first page). `next_cursor` is None on the last page.
    """

    company_id: int
    account_id: int
    account_code: str
    account_name: str
    party_id: int | None
    party_name: str
    date_from: date
    date_to: date
    opening_paise: int
    carried_paise: int
    closing_paise: int
    lines: tuple[LedgerLine, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class DayBookLine:
    line_no: int
    account_code: str
    account_name: str
    party_name: str
    description: str
    debit_paise: int
    credit_paise: int


@dataclass(frozen=True)
class DayBookEntry:
    entry_id: int
    entry_date: date
    voucher_number: str
    narration: str
    total_paise: int
    reverses_id: int | None
    lines: tuple[DayBookLine, ...]


@dataclass(frozen=True)
class DayBook:
    company_id: int
    date_from: date
    date_to: date
    entries: tuple[DayBookEntry, ...]
    next_cursor: str | None


# --- statements (Schedule III) -----------------------------------------------------------------


@dataclass(frozen=True)
class AccountFigure:
    """An account behind a statement line (the drill-down). `account_id` is None for the
    synthetic surplus rows of Reserves and surplus."""

    account_id: int | None
    code: str
    name: str
    amount_paise: int
    previous_paise: int | None


@dataclass(frozen=True)
class Figure:
    """A line of a statement: a Schedule III line (with `code` and its accounts) or a total."""

    label: str
    amount_paise: int
    previous_paise: int | None
    code: str = ""
    accounts: tuple[AccountFigure, ...] = ()

    @property
    def amount(self) -> Decimal:
        return from_paise(self.amount_paise)

    @property
    def previous(self) -> Decimal | None:
        return None if self.previous_paise is None else from_paise(self.previous_paise)


@dataclass(frozen=True)
class Section:
    """A heading of a statement with its lines and subtotal."""

    heading: str
    lines: tuple[Figure, ...]
    total: Figure


@dataclass(frozen=True)
class ProfitAndLoss:
    """Statement of profit and loss (Schedule III, Division I, Part II)."""

    company_id: int
    date_from: date
    date_to: date
    previous_from: date | None
    previous_to: date | None
    revenue: Figure
    other_income: Figure
    total_income: Figure
    expenses: Section
    profit_before_tax: Figure
    tax: Figure
    profit: Figure


@dataclass(frozen=True)
class BalanceSheet:
    """Balance sheet (Schedule III, Division I, Part I) as at `as_of`."""

    company_id: int
    as_of: date
    previous_as_of: date | None
    equity_and_liabilities: tuple[Section, ...]
    total_equity_and_liabilities: Figure
    assets: tuple[Section, ...]
    total_assets: Figure
