"""The PDF of an issued document (WeasyPrint, A4): every Rule 46 particular, the HSN summary,
the amount in words, the company's logo and bank details, and a UPI QR code to pay it.

The QR code (segno) carries the same upi://pay link the page also holds as a hyperlink, so a
phone can pay from either the printed page or the PDF."""

from dataclasses import asdict
from typing import Any

import segno
from django.template.loader import render_to_string

from bahi.core.errors import InvalidInput
from bahi.core.formatting import format_date
from bahi.gst.states import STATES
from bahi.identity.models import Company
from bahi.invoicing import printing
from bahi.invoicing.models import Document, DocumentStatus
from bahi.invoicing.selectors import get_document_by_number

TEMPLATE = "invoicing/invoice_pdf.html"


def _party_context(document: Document) -> dict[str, Any]:
    state = document.billing_state_code or document.place_of_supply
    delivery_differs = bool(document.shipping_address) or (
        bool(document.shipping_state_code) and document.shipping_state_code != state
    )
    return {
        "name": document.party_name or document.party.name,
        "gstin": document.party_gstin,
        "address": document.billing_address,
        "state": printing.state_label(state) if state in STATES else "",
        "treatment": document.get_gst_treatment_display(),
        "shipping_address": document.shipping_address if delivery_differs else "",
        "shipping_state": (
            printing.state_label(document.shipping_state_code) if delivery_differs else ""
        ),
    }


def _supplier_context(company: Company) -> dict[str, Any]:
    return {
        "legal_name": company.legal_name,
        "trade_name": company.trade_name,
        "address": company.address,
        "pincode": company.pincode,
        "state": printing.state_label(company.state_code),
        "gstin": company.gstin,
        "phone": company.phone,
        "email": company.email,
        "logo": printing.logo_data_uri(company),
        "bank_name": company.bank_name,
        "bank_branch": company.bank_branch,
        "bank_ifsc": company.bank_ifsc,
        "bank_account_number": company.bank_account_number,
        "terms": company.invoice_terms,
    }


def qr_svg_data_uri(uri: str) -> str:
    if not uri:
        return ""
    return str(segno.make(uri, error="m").svg_data_uri(scale=4, border=2))


def invoice_context(company: Company, document: Document) -> dict[str, Any]:
    """Everything the template prints, already formatted (Indian grouping, DD-MM-YYYY)."""
    lines = list(document.lines.order_by("line_no"))
    heads = printing.heads_of(document)
    against = document.against_document
    uri = printing.payment_uri(company, document)
    return {
        "title": printing.TITLES[document.kind],
        "document": document,
        "number": document.document_number,
        "date": format_date(document.document_date),
        "due_date": printing.date_or_blank(document),
        "against": (
            {"number": against.document_number, "date": format_date(against.document_date)}
            if against
            else None
        ),
        "supplier": _supplier_context(company),
        "recipient": _party_context(document),
        "place_of_supply": printing.state_label(document.place_of_supply),
        "reverse_charge": document.reverse_charge,
        "endorsement": printing.ENDORSEMENTS.get(document.supply_type, ""),
        "heads": heads,
        "lines": [printing.printed_line(line) for line in lines],
        "hsn_rows": [asdict(row) for row in printing.hsn_summary(lines)],
        "totals": printing.totals_of(document),
        "total": printing.amount(document.total_paise),
        "words": printing.words_of(document),
        "upi_uri": uri,
        "upi_vpa": company.upi_vpa if uri else "",
        "qr": qr_svg_data_uri(uri),
    }


def render_document_pdf(*, company: Company, document: Document) -> bytes:
    """The PDF of an issued document of `company`. Raises InvalidInput for a draft (it has no
    number yet) or a supplier's purchase bill (not Bahi's to print)."""
    if document.company_id != company.id:
        raise InvalidInput(f"{document} is not a document of {company}")
    if document.status == DocumentStatus.DRAFT:
        raise InvalidInput(f"{document} is a draft: issue it to print it")
    if document.kind not in printing.TITLES:
        raise InvalidInput(
            f"{document} is a supplier's bill: Bahi prints only the documents it issues"
        )
    from weasyprint import HTML  # loads Pango: only when a PDF is made

    html = render_to_string(TEMPLATE, invoice_context(company, document))
    return bytes(HTML(string=html).write_pdf())


def render_pdf_by_number(*, company: Company, document_number: str) -> bytes:
    document = get_document_by_number(company=company, document_number=document_number)
    return render_document_pdf(company=company, document=document)
