"""Pure invoicing arithmetic: line values, document numbers, and the journal lines a document
posts (as account roles). No ORM: services fetch, call these, and write."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bahi.core.errors import InvalidInput
from bahi.core.money import ZERO, round_money
from bahi.gst.calc import SupplyType

MILLI = Decimal(1000)
MAX_DOCUMENT_NUMBER = 16  # Rule 46(b) CGST Rules

SALES_KINDS = frozenset({"sales_invoice", "bill_of_supply", "credit_note", "debit_note"})
PURCHASE_KINDS = frozenset({"purchase_bill", "purchase_debit_note"})
NOTE_KINDS = {  # a note and the kind of document it adjusts
    "credit_note": "sales_invoice",
    "debit_note": "sales_invoice",
    "purchase_debit_note": "purchase_bill",
}
REDUCING_KINDS = frozenset({"credit_note", "purchase_debit_note"})  # reduce what is owed
DEFAULT_SERIES = {
    "sales_invoice": "INV",
    "bill_of_supply": "BOS",
    "credit_note": "CN",
    "debit_note": "DN",
    "purchase_bill": "PB",
    "purchase_debit_note": "PDN",
}
SUPPLY_TYPES = {
    "regular": SupplyType.REGULAR,
    "sez_with_tax": SupplyType.SEZ_WITH_PAYMENT,
    "sez_lut": SupplyType.SEZ_WITHOUT_PAYMENT,
    "export_with_tax": SupplyType.EXPORT_WITH_PAYMENT,
    "export_lut": SupplyType.EXPORT_WITHOUT_PAYMENT,
    "deemed_export": SupplyType.DEEMED_EXPORT,
}
_SERIES = re.compile(r"^[A-Z1-9][A-Z0-9]{0,4}$")
_DOCUMENT_NUMBER = re.compile(r"^[A-Z1-9][A-Z0-9/-]{0,15}$")


def quantity_to_milli(quantity: Decimal, *, line: int) -> int:
    milli = quantity * MILLI
    if quantity <= 0 or milli != milli.to_integral_value():
        raise InvalidInput(
            f"line {line}: quantity {quantity} must be positive with at most 3 decimals",
            details={"line": line, "field": "quantity"},
        )
    return int(milli)


def line_taxable_value(
    quantity_milli: int, rate: Decimal, discount: Decimal, *, line: int
) -> Decimal:
    """quantity x rate rounded to paise, less the discount. Raises InvalidInput naming the line."""
    if rate < 0 or round_money(rate) != rate:
        raise InvalidInput(
            f"line {line}: rate {rate} is not exact rupees >= 0",
            details={"line": line, "field": "rate"},
        )
    gross = round_money(Decimal(quantity_milli) * rate / MILLI)
    if discount < 0 or round_money(discount) != discount or discount > gross:
        raise InvalidInput(
            f"line {line}: discount {discount} must be exact rupees between 0 and {gross}",
            details={"line": line, "field": "discount"},
        )
    return gross - discount


def check_series(series: str) -> str:
    if not _SERIES.match(series):
        raise InvalidInput(
            f"series {series!r} must be 1-5 uppercase letters or digits, not starting with 0",
            details={"field": "series"},
        )
    return series


def format_document_number(series: str, fiscal_year: str, number: int) -> str:
    """'INV/25-26/000123': series, short FY, the number padded so the whole fits 16 characters
    (Rule 46(b)). Raises InvalidInput once the numbers outgrow the series."""
    short_year = fiscal_year[2:] if len(fiscal_year) == 7 else fiscal_year
    width = max(MAX_DOCUMENT_NUMBER - len(series) - len(short_year) - 2, 1)
    text = f"{series}/{short_year}/{number:0{width}d}"
    if len(text) > MAX_DOCUMENT_NUMBER or not _DOCUMENT_NUMBER.match(text):
        raise InvalidInput(
            f"document number {text!r} breaks Rule 46(b) (16 characters): use a shorter series",
            details={"field": "series"},
        )
    return text


def is_service(hsn_code: str) -> bool:
    return hsn_code.startswith("99")


@dataclass(frozen=True, slots=True)
class PostingAmounts:
    """A document's totals, split the way they post."""

    taxable_goods: Decimal
    taxable_services: Decimal
    cgst: Decimal
    sgst: Decimal  # SGST or UTGST
    igst: Decimal
    cess: Decimal
    round_off: Decimal  # rounded total - invoice value
    total: Decimal  # what the party owes or is owed
    reverse_charge: bool

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst + self.cess


# (account role, carries the party, signed amount: positive debits, negative credits)
PostingRow = tuple[str, bool, Decimal]


def _sales_rows(amounts: PostingAmounts) -> list[PostingRow]:
    rows: list[PostingRow] = [
        ("sundry_debtors", True, amounts.total),
        ("sales", False, -amounts.taxable_goods),
        ("sales_services", False, -amounts.taxable_services),
    ]
    if not amounts.reverse_charge:  # on reverse charge the recipient pays the tax
        rows += [
            ("gst_output_cgst", False, -amounts.cgst),
            ("gst_output_sgst", False, -amounts.sgst),
            ("gst_output_igst", False, -amounts.igst),
            ("gst_output_cess", False, -amounts.cess),
        ]
    rows.append(("round_off", False, -amounts.round_off))
    return rows


def _purchase_rows(amounts: PostingAmounts) -> list[PostingRow]:
    rows: list[PostingRow] = [
        ("purchases", False, amounts.taxable_goods + amounts.taxable_services),
        ("gst_input_cgst", False, amounts.cgst),
        ("gst_input_sgst", False, amounts.sgst),
        ("gst_input_igst", False, amounts.igst),
        ("gst_input_cess", False, amounts.cess),
    ]
    if amounts.reverse_charge:  # the tax is owed to the government, not to the supplier
        rows.append(("gst_rcm_payable", False, -amounts.tax))
    rows += [("sundry_creditors", True, -amounts.total), ("round_off", False, amounts.round_off)]
    return rows


def posting_rows(kind: str, amounts: PostingAmounts) -> list[PostingRow]:
    """The journal lines of a document: sales credit income and output tax against the debtor,
    purchases debit cost and input tax against the creditor; a credit note (or a debit note to
    a supplier) posts the mirror image. Zero rows are left out; the rows always balance."""
    rows = _sales_rows(amounts) if kind in SALES_KINDS else _purchase_rows(amounts)
    sign = -1 if kind in REDUCING_KINDS else 1
    return [(role, party, sign * amount) for role, party, amount in rows if amount != ZERO]


# GSTR-1 B2C-Large: an inter-state invoice to an unregistered buyer whose value is above the
# limit in force on its date (india-compliance B2C_LIMIT, india-tax reference 8.1): rows of
# (first day, limit in paise), latest last.
B2CL_LIMITS = ((date(2017, 7, 1), 2_50_000_00), (date(2024, 8, 1), 1_00_000_00))
REGISTERED_RECIPIENTS = frozenset({"regular", "composition", "sez", "deemed_export"})
NOTE_SECTIONS = {"b2b": "cdnr", "b2cl": "cdnur", "exp": "cdnur", "b2cs": "b2cs", "nil": "nil"}


def b2cl_limit_paise(on: date) -> int:
    return [limit for start, limit in B2CL_LIMITS if start <= on][-1]


@dataclass(frozen=True, slots=True)
class Gstr1Facts:
    """What decides a sales document's GSTR-1 table; for a note, the invoice it adjusts gives
    `invoice_date` and `invoice_value_paise`."""

    kind: str
    gst_treatment: str
    supply_type: str
    is_inter_state: bool
    invoice_value_paise: int
    invoice_date: date


def gstr1_section(facts: Gstr1Facts) -> str:
    """The GSTR-1 JSON section a sales document is reported in: b2b (registered buyers, SEZ and
    deemed exports), b2cl, b2cs, exp, nil (bills of supply), and cdnr/cdnur for notes (a note
    on a B2C-small invoice adjusts b2cs). Purchases are not in GSTR-1: ""."""
    if facts.kind in PURCHASE_KINDS:
        return ""
    if facts.kind == "bill_of_supply":
        section = "nil"
    elif facts.supply_type.startswith("export"):
        section = "exp"
    elif facts.gst_treatment in REGISTERED_RECIPIENTS:
        section = "b2b"
    elif facts.is_inter_state and facts.invoice_value_paise > b2cl_limit_paise(facts.invoice_date):
        section = "b2cl"
    else:
        section = "b2cs"
    return NOTE_SECTIONS[section] if facts.kind in NOTE_KINDS else section
