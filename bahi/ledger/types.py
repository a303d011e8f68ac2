"""Plain values passed into the ledger's services."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bahi.core.money import ZERO

# One line of a posted entry as plain values: line_no, account_id, account code, account name,
# party_id, debit_paise, credit_paise, description.
WrittenLine = tuple[int, int, str, str, int | None, int, int, str]


@dataclass(frozen=True)
class LineInput:
    """One side of a posting: exactly one of debit and credit is positive (exact rupees)."""

    account_id: int
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    party_id: int | None = None
    description: str = ""


@dataclass(frozen=True)
class EntryInput:
    entry_date: date
    lines: tuple[LineInput, ...]
    narration: str = ""
    series: str = "JV"
    idempotency_key: str | None = None
    source_type: str = ""
    source_id: str = ""
    reverses_id: int | None = None


@dataclass(frozen=True)
class AccountInfo:
    """What posting needs to know of an account, loaded once per batch."""

    id: int
    code: str
    name: str
    is_group: bool
    is_active: bool
    is_control: bool


@dataclass(frozen=True)
class BooksWindow:
    """The dates a company may post on: from the books' beginning, after the lock date."""

    books_begin_date: date
    lock_date: date | None = None
    fy_start_month: int = 4


@dataclass
class CheckedEntry:
    """An entry that passed every check, in paise, ready to be written."""

    source: EntryInput
    fiscal_year: str
    total_paise: int
    lines: list[tuple[int, int | None, int, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PartyDetails:
    """Everything the party master holds (exact rupees for the credit limit).

    `gst_treatment` None infers it: a GSTIN means regular, state 96 overseas, else unregistered.
    `state_code` is the billing state; blank for a registered party means its GSTIN's state."""

    name: str
    is_customer: bool = False
    is_supplier: bool = False
    gst_treatment: str | None = None
    gstin: str = ""
    pan: str = ""
    state_code: str = ""
    billing_address: str = ""
    billing_pincode: str = ""
    shipping_address: str = ""
    shipping_state_code: str = ""
    shipping_pincode: str = ""
    credit_days: int = 0
    credit_limit: Decimal | None = None
    email: str = ""
    phone: str = ""
    bank_account_number: str = ""
    bank_ifsc: str = ""
    is_active: bool = True
