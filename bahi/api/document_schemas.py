"""Request and response shapes of sales and purchase documents, payments and ageing. Amounts are
decimal strings in rupees, quantities decimal strings with at most 3 decimals, GST rates decimal
strings in percent with at most 4 decimals (JSON numbers are refused, as for money)."""

import re
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from bahi.api.schemas import Id, IsoDate, Money, MoneyIn, text

DocumentKindName = Literal[
    "sales_invoice",
    "bill_of_supply",
    "credit_note",
    "debit_note",
    "purchase_bill",
    "purchase_debit_note",
]
DocumentStatusName = Literal["draft", "issued", "cancelled"]
SupplyTypeName = Literal[
    "regular", "sez_with_tax", "sez_lut", "export_with_tax", "export_lut", "deemed_export"
]
PaymentKindName = Literal["receipt", "payment"]
PaymentModeName = Literal["cash", "bank", "upi"]


def _decimal_string(pattern: str, what: str, example: str) -> object:
    compiled = re.compile(pattern)

    def parse(value: object) -> Decimal:
        if not isinstance(value, str):
            raise ValueError(f'{what} is a decimal string such as "{example}", never a JSON number')
        if not compiled.fullmatch(value):
            raise ValueError(f"not {what} such as {example!r}: {value!r}")
        return Decimal(value)

    return Annotated[
        Decimal,
        PlainValidator(parse),
        PlainSerializer(str, return_type=str),
        WithJsonSchema({"type": "string", "pattern": f"^{pattern}$", "examples": [example]}),
    ]


QuantityIn = _decimal_string(r"\d{1,9}(\.\d{1,3})?", "a quantity", "2.500")
PercentIn = _decimal_string(r"\d{1,3}(\.\d{1,4})?", "a rate in percent", "18")
Decimals = Annotated[str, Field(pattern=r"^\d+(\.\d+)?$", examples=["2.500"])]


class DocumentLineIn(Schema):
    """One line. With `item_id`, a blank description, HSN/SAC, unit or rate takes the item's
    (its sale or purchase price by the document's side, and the GST rate in force on the
    document date); without one, description, hsn_code and rate are required."""

    item_id: Id | None = None
    description: text(300) = ""  # type: ignore[valid-type]
    hsn_code: Annotated[str, Field(pattern=r"^([0-9]{4,8})?$", examples=["2523"])] = ""
    quantity: QuantityIn  # type: ignore[valid-type]
    unit: Annotated[str, Field(pattern=r"^([A-Za-z]{3})?$", examples=["NOS"])] = Field(
        "", description="GST UQC; blank: the item's unit"
    )
    rate: MoneyIn | None = None
    discount: MoneyIn = Decimal("0.00")
    gst_rate_percent: PercentIn | None = Field(  # type: ignore[valid-type]
        None, description="blank: the rate in force for the HSN code on the document date"
    )
    cess_percent: PercentIn | None = None  # type: ignore[valid-type]


class DocumentIn(Schema):
    kind: DocumentKindName
    party_id: Id
    document_date: IsoDate
    lines: list[DocumentLineIn] = Field(min_length=1, max_length=500)
    due_date: IsoDate | None = None
    place_of_supply: Annotated[str, Field(pattern=r"^([0-9]{2})?$")] = ""
    supply_type: SupplyTypeName = "regular"
    reverse_charge: bool = False
    against_document_id: Id | None = None
    series: Annotated[str, Field(pattern=r"^([A-Z1-9][A-Z0-9]{0,4})?$")] = ""
    reference: text(40) = ""  # type: ignore[valid-type]
    notes: text(2000) = ""  # type: ignore[valid-type]


class DocumentCreateIn(DocumentIn):
    issue: bool = Field(False, description="true issues at once; false saves a draft")


class CancelIn(Schema):
    reason: text(500, min_length=1)  # type: ignore[valid-type]
    cancel_date: IsoDate | None = Field(None, description="blank: the document date")


class DocumentLineOut(Schema):
    line_no: int
    item_id: int | None
    description: str
    hsn_code: str
    quantity: Decimals
    unit: str
    rate: Money
    discount: Money
    taxable_value: Money
    gst_rate_percent: Decimals
    cess_percent: Decimals
    cgst: Money
    sgst: Money
    igst: Money
    cess: Money


class DocumentSummary(Schema):
    id: int
    kind: DocumentKindName
    status: DocumentStatusName
    document_number: str
    party_id: int
    document_date: IsoDate
    due_date: IsoDate | None
    total: Money
    outstanding: Money


class DocumentOut(DocumentSummary):
    series: str
    fiscal_year: str
    place_of_supply: str
    supply_type: SupplyTypeName
    reverse_charge: bool
    against_document_id: int | None
    reference: str
    notes: str
    taxable_value: Money
    cgst: Money
    sgst: Money
    igst: Money
    cess: Money
    round_off: Money
    journal_entry_id: int | None
    cancel_entry_id: int | None
    lines: list[DocumentLineOut]


class DocumentPage(Schema):
    items: list[DocumentSummary]
    next_cursor: str | None


class AllocationIn(Schema):
    document_id: Id
    amount: MoneyIn


class PaymentIn(Schema):
    kind: PaymentKindName
    party_id: Id
    payment_date: IsoDate
    amount: MoneyIn
    mode: PaymentModeName
    reference: text(60) = ""  # type: ignore[valid-type]
    bank_account_id: Id | None = Field(None, description="blank: the bank (or cash) account")
    allocations: list[AllocationIn] = Field(default_factory=list, max_length=1000)


class AllocationsIn(Schema):
    allocations: list[AllocationIn] = Field(min_length=1, max_length=1000)


class AllocationOut(Schema):
    document_id: int
    document_number: str
    amount: Money


class PaymentSummary(Schema):
    id: int
    kind: PaymentKindName
    party_id: int
    payment_date: IsoDate
    amount: Money
    unallocated: Money
    mode: PaymentModeName
    reference: str


class PaymentOut(PaymentSummary):
    bank_account_id: int
    journal_entry_id: int | None
    allocations: list[AllocationOut]


class PaymentPage(Schema):
    items: list[PaymentSummary]
    next_cursor: str | None


class AgeingRowOut(Schema):
    party_id: int
    party_name: str
    days_0_30: Money
    days_31_60: Money
    days_61_90: Money
    days_over_90: Money
    advances: Money
    total: Money


class AgeingOut(Schema):
    as_of: IsoDate
    side: Literal["receivable", "payable"]
    rows: list[AgeingRowOut]
    total: Money
