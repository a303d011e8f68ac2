"""Plain values passed into the invoicing services (exact rupees as Decimal)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bahi.core.money import ZERO


@dataclass(frozen=True, slots=True)
class LineDraft:
    description: str
    hsn_code: str
    quantity: Decimal  # units, at most 3 decimals
    rate: Decimal  # rupees per unit, exact paise
    discount: Decimal = ZERO  # rupees off the line
    gst_rate_percent: Decimal | None = None  # None: the rate in force on the document date
    cess_percent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    kind: str  # DocumentKind
    party_id: int
    document_date: date
    lines: tuple[LineDraft, ...]
    due_date: date | None = None
    place_of_supply: str = ""  # blank: derived from the party (sales) or the company (purchases)
    supply_type: str = "regular"  # SupplyKind
    reverse_charge: bool = False
    against_document_id: int | None = None  # the invoice or bill a note adjusts
    series: str = ""  # blank: the kind's default series
    reference: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class PaymentInput:
    kind: str  # PaymentKind
    party_id: int
    payment_date: date
    amount: Decimal
    mode: str  # PaymentMode
    reference: str = ""
    bank_account_id: int | None = None  # blank: the "bank" account, or "cash" for cash
