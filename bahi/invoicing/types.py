"""Plain values passed into the invoicing services (exact rupees as Decimal)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bahi.core.money import ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class LineDraft:
    """One line; with `item_id`, blank fields take the item's name, HSN/SAC, unit, price (sale
    or purchase by the document's side) and the rate in force on the document date."""

    quantity: Decimal  # units, at most 3 decimals
    description: str = ""
    hsn_code: str = ""
    rate: Decimal | None = None  # rupees per unit, exact paise; None: the item's price
    discount: Decimal = ZERO  # rupees off the line
    gst_rate_percent: Decimal | None = None  # None: the rate in force on the document date
    cess_percent: Decimal | None = None
    item_id: int | None = None
    unit: str = ""  # GST UQC, e.g. NOS; blank: the item's unit


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    kind: str  # DocumentKind
    party_id: int
    document_date: date
    lines: tuple[LineDraft, ...]
    due_date: date | None = None
    place_of_supply: str = ""  # blank: derived from the party (sales) or the company (purchases)
    supply_type: str = ""  # SupplyKind; blank: from the party's GST treatment
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
