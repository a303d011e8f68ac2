"""What an issued document prints, as plain formatted values for the PDF template.

Rule 46 CGST Rules (india-tax reference 5.1) lists a tax invoice's particulars: (a) supplier's
name, address and GSTIN; (b) number; (c) date; (d)-(f) recipient's name, address, GSTIN or state
name and code; (g) HSN/SAC; (h) description; (i) quantity and unit; (j)-(k) value and taxable
value after discount; (l)-(m) rate and amount of each tax head; (n) place of supply with the
state name; (o) delivery address where it differs; (p) whether tax is on reverse charge;
(q) signature. A bill of supply (Rule 49) prints no tax; notes name the invoice they adjust.
"""

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from bahi.core.formatting import format_date, format_inr
from bahi.core.money import from_paise
from bahi.gst.states import STATES
from bahi.gst.words import amount_in_words
from bahi.identity.models import Company
from bahi.invoicing.calc import MILLI
from bahi.invoicing.models import Document, DocumentKind, DocumentLine, SupplyKind

TITLES: dict[str, str] = {
    DocumentKind.SALES_INVOICE: "Tax Invoice",
    DocumentKind.BILL_OF_SUPPLY: "Bill of Supply",
    DocumentKind.CREDIT_NOTE: "Credit Note",
    DocumentKind.DEBIT_NOTE: "Debit Note",
    DocumentKind.PURCHASE_DEBIT_NOTE: "Debit Note",
}
# Documents a customer pays: they carry the UPI payment QR code.
PAYABLE_KINDS = frozenset(
    {DocumentKind.SALES_INVOICE, DocumentKind.BILL_OF_SUPPLY, DocumentKind.DEBIT_NOTE}
)
# The endorsement zero-rated supplies carry (wording as commonly printed; the reference marks
# the exact text UNVERIFIED).
ENDORSEMENTS: dict[str, str] = {
    SupplyKind.EXPORT_LUT: "Supply meant for export under bond or letter of undertaking "
    "without payment of integrated tax",
    SupplyKind.EXPORT_WITH_TAX: "Supply meant for export on payment of integrated tax",
    SupplyKind.SEZ_LUT: "Supply to SEZ unit or SEZ developer for authorised operations under "
    "bond or letter of undertaking without payment of integrated tax",
    SupplyKind.SEZ_WITH_TAX: "Supply to SEZ unit or SEZ developer for authorised operations "
    "on payment of integrated tax",
    SupplyKind.DEEMED_EXPORT: "Deemed export",
}


def amount(paise: int) -> str:
    return format_inr(from_paise(paise), symbol=False)


def percent(value: Decimal) -> str:
    """18.0000 -> '18%', 2.5 -> '2.5%'."""
    return f"{Decimal(value).normalize():f}%"


def state_label(code: str) -> str:
    """'27-Maharashtra' (the "NN-State Name" form), or the bare code if unknown."""
    state = STATES.get(code)
    return state.label if state else code


def quantity(milli: int) -> str:
    value = Decimal(milli) / MILLI
    return f"{value.normalize():f}" if value != value.to_integral_value() else f"{int(value)}"


def upi_payment_uri(*, vpa: str, payee_name: str, amount: Decimal, note: str) -> str:
    """The UPI deep link a payment app opens from the QR code (NPCI's upi://pay scheme):
    payee address, name, amount in rupees with paise, the invoice number as the note, INR."""
    fields = (
        ("pa", vpa),
        ("pn", payee_name),
        ("am", f"{amount:.2f}"),
        ("tn", note),
        ("cu", "INR"),
    )
    return "upi://pay?" + "&".join(f"{key}={quote(value, safe='@.-_/')}" for key, value in fields)


@dataclass(frozen=True, slots=True)
class PrintedLine:
    number: int
    description: str
    hsn_code: str
    quantity: str
    unit: str
    rate: str
    discount: str
    taxable: str
    half_rate: str  # CGST and SGST/UTGST rate
    rate_percent: str  # IGST rate
    cess_rate: str
    cgst: str
    sgst: str
    igst: str
    cess: str
    total: str


@dataclass(frozen=True, slots=True)
class HsnRow:
    hsn_code: str
    rate_percent: str
    taxable: str
    cgst: str
    sgst: str
    igst: str
    cess: str
    tax: str


def printed_line(line: DocumentLine) -> PrintedLine:
    tax = line.cgst_paise + line.sgst_paise + line.igst_paise + line.cess_paise
    return PrintedLine(
        number=line.line_no,
        description=line.description,
        hsn_code=line.hsn_code,
        quantity=quantity(line.quantity_milli),
        unit=line.unit,
        rate=amount(line.rate_paise),
        discount=amount(line.discount_paise) if line.discount_paise else "",
        taxable=amount(line.taxable_paise),
        half_rate=percent(Decimal(line.gst_rate_percent) / 2),
        rate_percent=percent(line.gst_rate_percent),
        cess_rate=percent(line.cess_percent),
        cgst=amount(line.cgst_paise),
        sgst=amount(line.sgst_paise),
        igst=amount(line.igst_paise),
        cess=amount(line.cess_paise),
        total=amount(line.taxable_paise + tax),
    )


def hsn_summary(lines: Iterable[DocumentLine]) -> list[HsnRow]:
    """One row per HSN/SAC and rate, in the order they first appear (GSTR-1 Table 12 style)."""
    totals: dict[tuple[str, Decimal], list[int]] = {}
    for line in lines:
        key = (line.hsn_code, Decimal(line.gst_rate_percent))
        row = totals.setdefault(key, [0, 0, 0, 0, 0])
        for index, paise in enumerate(
            (line.taxable_paise, line.cgst_paise, line.sgst_paise, line.igst_paise, line.cess_paise)
        ):
            row[index] += paise
    return [
        HsnRow(
            hsn_code=hsn,
            rate_percent=percent(rate),
            taxable=amount(row[0]),
            cgst=amount(row[1]),
            sgst=amount(row[2]),
            igst=amount(row[3]),
            cess=amount(row[4]),
            tax=amount(sum(row[1:])),
        )
        for (hsn, rate), row in totals.items()
    ]


@dataclass(frozen=True, slots=True)
class Heads:
    """Which tax columns the document prints."""

    intra: bool  # CGST + SGST/UTGST
    inter: bool  # IGST
    cess: bool
    state_head: str  # "SGST" or "UTGST"

    @property
    def any(self) -> bool:
        return self.intra or self.inter or self.cess


def heads_of(document: Document) -> Heads:
    state = STATES.get(document.place_of_supply)
    return Heads(
        intra=document.cgst_paise > 0 or document.sgst_paise > 0,
        inter=document.igst_paise > 0,
        cess=document.cess_paise > 0,
        state_head="UTGST" if state is not None and state.uses_utgst else "SGST",
    )


def totals_of(document: Document) -> list[tuple[str, str]]:
    """The totals block, top to bottom; zero tax heads left out."""
    heads = heads_of(document)
    rows = [("Taxable value", amount(document.taxable_paise))]
    for label, paise in (
        ("CGST", document.cgst_paise),
        (heads.state_head, document.sgst_paise),
        ("IGST", document.igst_paise),
        ("Cess", document.cess_paise),
    ):
        if paise:
            rows.append((label, amount(paise)))
    if document.round_off_paise:
        rows.append(("Round off", amount(document.round_off_paise)))
    return rows


def words_of(document: Document) -> str:
    return amount_in_words(from_paise(document.total_paise))


def logo_data_uri(company: Company) -> str:
    data = bytes(company.logo or b"")
    if not data:
        return ""
    return f"data:{company.logo_content_type};base64,{base64.b64encode(data).decode('ascii')}"


def payment_uri(company: Company, document: Document) -> str:
    """The UPI link for the QR code, or "" when the document is not one a customer pays."""
    if not company.upi_vpa or document.kind not in PAYABLE_KINDS or document.total_paise <= 0:
        return ""
    return upi_payment_uri(
        vpa=company.upi_vpa,
        payee_name=company.trade_name or company.legal_name,
        amount=from_paise(document.total_paise),
        note=document.document_number,
    )


def date_or_blank(document: Document) -> str:
    return format_date(document.due_date) if document.due_date else ""
