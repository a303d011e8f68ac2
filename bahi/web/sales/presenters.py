"""Documents and payments as the pages show them: amounts as ₹ with Indian grouping, dates as
DD-MM-YYYY, tax by head. Formatting only; every figure comes from the invoicing rows."""

from typing import Any

from django.urls import reverse

from bahi.core.formatting import format_date, format_inr
from bahi.core.money import from_paise
from bahi.gst.states import get_state
from bahi.invoicing.models import Document, DocumentKind, DocumentLine, Payment

HEADS = (
    ("cgst_paise", "CGST"),
    ("sgst_paise", "SGST / UTGST"),
    ("igst_paise", "IGST"),
    ("cess_paise", "Cess"),
)


def inr(paise: int) -> str:
    return format_inr(from_paise(paise))


def state_label(code: str) -> str:
    state = get_state(code) if code else None
    return f"{state.name} ({code})" if state else code or "—"


def document_row(document: Document, outstanding_paise: int) -> dict[str, Any]:
    return {
        "id": document.pk,
        "url": reverse("sales:document-detail", args=[document.pk]),
        "number": document.document_number or f"Draft #{document.pk}",
        "kind": DocumentKind(document.kind).label,
        "status": document.get_status_display(),
        "date": format_date(document.document_date),
        "due": format_date(document.due_date) if document.due_date else "—",
        "party": document.party.name,
        "total": inr(document.total_paise),
        "outstanding": inr(outstanding_paise),
    }


def line_row(line: DocumentLine) -> dict[str, Any]:
    quantity = f"{line.quantity_milli / 1000:.3f}".rstrip("0").rstrip(".")
    return {
        "line_no": line.line_no,
        "description": line.description,
        "hsn_code": line.hsn_code,
        "quantity": f"{quantity} {line.unit}".strip(),
        "rate": inr(line.rate_paise),
        "discount": inr(line.discount_paise) if line.discount_paise else "—",
        "taxable": inr(line.taxable_paise),
        "gst_rate": f"{line.gst_rate_percent.normalize():f}%",
        "tax": inr(line.cgst_paise + line.sgst_paise + line.igst_paise + line.cess_paise),
    }


def totals(document: Document) -> dict[str, Any]:
    """Taxable value, each head that carries tax, round-off and the total."""
    heads = [
        {"head": label, "amount": inr(getattr(document, field))}
        for field, label in HEADS
        if getattr(document, field)
    ]
    return {
        "taxable": inr(document.taxable_paise),
        "heads": heads,
        "round_off": inr(document.round_off_paise) if document.round_off_paise else "",
        "total": inr(document.total_paise),
        "place_of_supply": state_label(document.place_of_supply),
    }


def payment_row(payment: Payment, unallocated_paise: int) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "date": format_date(payment.payment_date),
        "party": payment.party.name,
        "amount": inr(payment.amount_paise),
        "mode": payment.get_mode_display(),
        "reference": payment.reference or "—",
        "account": payment.bank_account.name,
        "unallocated": inr(unallocated_paise),
        "entry_url": reverse("books:entry-detail", args=[payment.journal_entry_id])
        if payment.journal_entry_id
        else "",
    }


def party_summary(document: Document) -> str:
    """The recipient as the document takes it: treatment, GSTIN and state."""
    treatment = document.get_gst_treatment_display()
    gstin = f" · GSTIN {document.party_gstin}" if document.party_gstin else ""
    return f"{treatment}{gstin} · {state_label(document.billing_state_code)}"
