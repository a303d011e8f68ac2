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


# --- GST registers, HSN summary, party statement -----------------------------------------------


@dataclass(frozen=True)
class RegisterAmounts:
    """A register's money columns, signed: a credit note (a debit note to a supplier) counts
    negative, since it reduces the supplies (or purchases) and their tax."""

    taxable_paise: int
    cgst_paise: int
    sgst_paise: int  # SGST or UTGST
    igst_paise: int
    cess_paise: int
    round_off_paise: int
    total_paise: int

    @property
    def tax_paise(self) -> int:
        return self.cgst_paise + self.sgst_paise + self.igst_paise + self.cess_paise


@dataclass(frozen=True)
class RegisterRow:
    """One issued or cancelled document of a sales or purchase register."""

    document_id: int
    document_date: date
    document_number: str
    kind: str  # DocumentKind value
    kind_label: str  # "Tax invoice", "Credit note", ...
    status: str  # "issued" or "cancelled" (a cancelled row counts in no total)
    party_name: str
    gstin: str  # the party's GSTIN, blank when unregistered
    place_of_supply: str  # "27-Maharashtra"
    supply_type: str  # SupplyKind value
    reverse_charge: bool
    against_number: str  # the invoice (bill) a note adjusts
    reference: str  # e.g. the supplier's own bill number
    amounts: RegisterAmounts


@dataclass(frozen=True)
class RegisterKindTotal:
    kind: str
    kind_label: str
    documents: int
    amounts: RegisterAmounts


@dataclass(frozen=True)
class RegisterTotals:
    """Over the issued documents of the period (cancelled ones are only counted)."""

    documents: int
    cancelled: int
    amounts: RegisterAmounts
    by_kind: tuple[RegisterKindTotal, ...]


@dataclass(frozen=True)
class Register:
    """One page of the sales (or purchase) register for [date_from, date_to], by
    (document_date, document_id); totals are the whole period's, whatever the page."""

    company_id: int
    side: str  # "sales" or "purchase"
    date_from: date
    date_to: date
    rows: tuple[RegisterRow, ...]
    totals: RegisterTotals
    next_cursor: str | None


@dataclass(frozen=True)
class HsnRow:
    """One row of GSTR-1 Table 12: an HSN/SAC code, its unit and rate, net of credit notes."""

    section: str  # "b2b", "b2c", or "all" for a period before the split
    hsn_code: str
    description: str  # at most 30 characters, as the return takes it
    uqc: str  # "NA" for services; "OTH" while document lines carry no unit
    rate_percent: Decimal
    quantity_milli: int  # thousandths of a unit
    taxable_paise: int
    igst_paise: int
    cgst_paise: int
    sgst_paise: int
    cess_paise: int

    @property
    def quantity(self) -> Decimal:
        return Decimal(self.quantity_milli) / 1000


@dataclass(frozen=True)
class HsnSummary:
    company_id: int
    date_from: date
    date_to: date
    is_split: bool  # rows in separate B2B and B2C sections (return periods from May 2025)
    rows: tuple[HsnRow, ...]  # by section, HSN code, rate


@dataclass(frozen=True)
class StatementLine:
    """A posting on the party's account with the document or payment behind it."""

    entry_id: int
    line_no: int
    entry_date: date
    voucher_number: str
    particulars: str  # "Tax invoice", "Receipt (UPI)", "Cancelled tax invoice", or the narration
    document_number: str
    due_date: date | None
    reference: str  # the payment's UTR / cheque no., the supplier's bill number
    debit_paise: int
    credit_paise: int
    balance_paise: int  # running, debit-positive


@dataclass(frozen=True)
class PartyStatement:
    """One page of a party's statement on its debtors (receivable) or creditors (payable)
    account; the opening and closing balances are the period's, whatever the page."""

    company_id: int
    party_id: int
    party_name: str
    gstin: str
    side: str  # "receivable" or "payable"
    account_code: str
    date_from: date
    date_to: date
    opening_paise: int
    carried_paise: int
    closing_paise: int
    lines: tuple[StatementLine, ...]
    next_cursor: str | None
