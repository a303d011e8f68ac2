"""Documents and payments as the API shows them (with ETags), and the API's inputs as invoicing
types."""

from decimal import Decimal

from bahi.api.document_schemas import (
    AllocationOut,
    DocumentIn,
    DocumentLineIn,
    DocumentLineOut,
    DocumentOut,
    DocumentSummary,
    PaymentIn,
    PaymentOut,
    PaymentSummary,
)
from bahi.api.schemas import etag_of, rupees
from bahi.core.errors import InvalidInput
from bahi.identity.models import Company
from bahi.inventory.models import Item
from bahi.invoicing.calc import REDUCING_KINDS
from bahi.invoicing.models import Allocation, Document, DocumentLine, Payment
from bahi.invoicing.selectors import outstanding_paise_of, unallocated_paise_of
from bahi.invoicing.types import DocumentDraft, LineDraft, PaymentInput

MILLI = Decimal(1000)


def _check_items(company: Company, lines: list[DocumentLineIn]) -> None:
    """Every item a line names is an active item of this company (InvalidInput naming the
    line's item_id otherwise: another company's item does not exist here)."""
    wanted = {line.item_id for line in lines if line.item_id is not None}
    if not wanted:
        return
    found = set(
        Item.objects.filter(company=company, pk__in=wanted, is_active=True).values_list(
            "pk", flat=True
        )
    )
    for number, line in enumerate(lines, start=1):
        if line.item_id is not None and line.item_id not in found:
            raise InvalidInput(
                f"line {number}: item {line.item_id} is not an active item of this company",
                details={"line": number, "field": "item_id"},
            )


def document_draft(payload: DocumentIn, company: Company) -> DocumentDraft:
    """The invoicing draft of the request, after checking its lines' items."""
    _check_items(company, payload.lines)
    return DocumentDraft(
        kind=payload.kind,
        party_id=payload.party_id,
        document_date=payload.document_date,
        due_date=payload.due_date,
        place_of_supply=payload.place_of_supply,
        supply_type=payload.supply_type,
        reverse_charge=payload.reverse_charge,
        against_document_id=payload.against_document_id,
        series=payload.series,
        reference=payload.reference,
        notes=payload.notes,
        lines=tuple(_line_draft(number, line) for number, line in enumerate(payload.lines, 1)),
    )


def _line_draft(number: int, line: DocumentLineIn) -> LineDraft:
    """The line as invoicing takes it; without an item, what an item would fill is required
    (InvalidInput naming the line's field)."""
    if line.item_id is None:
        for field in ("description", "hsn_code", "rate"):
            if getattr(line, field) in ("", None):
                raise InvalidInput(
                    f"line {number}: give the {field.replace('_', ' ')} or an item_id",
                    details={"line": number, "field": field},
                )
    return LineDraft(
        item_id=line.item_id,
        description=line.description,
        hsn_code=line.hsn_code,
        quantity=line.quantity,
        unit=line.unit.upper(),
        rate=line.rate,
        discount=line.discount,
        gst_rate_percent=line.gst_rate_percent,
        cess_percent=line.cess_percent,
    )


def payment_input(payload: PaymentIn) -> PaymentInput:
    return PaymentInput(
        kind=payload.kind,
        party_id=payload.party_id,
        payment_date=payload.payment_date,
        amount=payload.amount,
        mode=payload.mode,
        reference=payload.reference,
        bank_account_id=payload.bank_account_id,
    )


def _line_out(line: DocumentLine) -> DocumentLineOut:
    return DocumentLineOut(
        line_no=line.line_no,
        item_id=line.item_id,
        description=line.description,
        hsn_code=line.hsn_code,
        quantity=f"{Decimal(line.quantity_milli) / MILLI:.3f}",
        unit=line.unit,
        rate=rupees(line.rate_paise),
        discount=rupees(line.discount_paise),
        taxable_value=rupees(line.taxable_paise),
        gst_rate_percent=str(line.gst_rate_percent),
        cess_percent=str(line.cess_percent),
        cgst=rupees(line.cgst_paise),
        sgst=rupees(line.sgst_paise),
        igst=rupees(line.igst_paise),
        cess=rupees(line.cess_paise),
    )


def _outstanding(documents: list[Document], *, fresh: bool) -> dict[int, int]:
    """What is owed on each document. No queries when none is an issued invoice or bill (a
    draft, a cancelled document or a note owes nothing), or for `fresh` documents created by
    this request: nothing can be allocated to them or noted against them yet."""
    owing = [d for d in documents if d.status == "issued" and d.kind not in REDUCING_KINDS]
    if not owing or fresh:
        return {d.pk: d.total_paise if d in owing else 0 for d in documents}
    return outstanding_paise_of(company=documents[0].company, documents=documents)


def document_summaries(documents: list[Document], *, fresh: bool = False) -> list[DocumentSummary]:
    outstanding = _outstanding(documents, fresh=fresh)
    return [
        DocumentSummary(
            id=document.pk,
            kind=document.kind,  # type: ignore[arg-type]
            status=document.status,  # type: ignore[arg-type]
            document_number=document.document_number,
            party_id=document.party_id,
            document_date=document.document_date,
            due_date=document.due_date,
            total=rupees(document.total_paise),
            outstanding=rupees(outstanding[document.pk]),
        )
        for document in documents
    ]


def document_out(
    document: Document, *, fresh: bool = False, lines: list[DocumentLine] | None = None
) -> tuple[DocumentOut, str]:
    """The document with its lines and what is still owed on it, and its ETag (a digest of all
    of it: any change a client could see changes the ETag). `fresh`: created by this request;
    `lines`: its lines in order, when the caller has them (else they are read)."""
    summary = document_summaries([document], fresh=fresh)[0]
    out = DocumentOut(
        **summary.model_dump(),
        series=document.series,
        fiscal_year=document.fiscal_year,
        place_of_supply=document.place_of_supply,
        supply_type=document.supply_type,  # type: ignore[arg-type]
        reverse_charge=document.reverse_charge,
        against_document_id=document.against_document_id,
        reference=document.reference,
        notes=document.notes,
        taxable_value=rupees(document.taxable_paise),
        cgst=rupees(document.cgst_paise),
        sgst=rupees(document.sgst_paise),
        igst=rupees(document.igst_paise),
        cess=rupees(document.cess_paise),
        round_off=rupees(document.round_off_paise),
        journal_entry_id=document.journal_entry_id,
        cancel_entry_id=document.cancel_entry_id,
        lines=[
            _line_out(line)
            for line in (document.lines.order_by("line_no") if lines is None else lines)
        ],
    )
    return out, etag_of(out)


def payment_summaries(payments: list[Payment]) -> list[PaymentSummary]:
    unallocated = unallocated_paise_of(payments=payments) if payments else {}
    return [
        PaymentSummary(
            id=payment.pk,
            kind=payment.kind,  # type: ignore[arg-type]
            party_id=payment.party_id,
            payment_date=payment.payment_date,
            amount=rupees(payment.amount_paise),
            unallocated=rupees(unallocated[payment.pk]),
            mode=payment.mode,  # type: ignore[arg-type]
            reference=payment.reference,
        )
        for payment in payments
    ]


def payment_out(payment: Payment) -> PaymentOut:
    allocations = (
        Allocation.objects.filter(payment=payment).select_related("document").order_by("id")
    )
    return PaymentOut(
        **payment_summaries([payment])[0].model_dump(),
        bank_account_id=payment.bank_account_id,
        journal_entry_id=payment.journal_entry_id,
        allocations=[
            AllocationOut(
                document_id=allocation.document_id,
                document_number=allocation.document.document_number,
                amount=rupees(allocation.amount_paise),
            )
            for allocation in allocations
        ],
    )
