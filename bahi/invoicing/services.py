"""Writes of sales and purchase documents: save (or preview) a draft, issue it (number and journal
entry), cancel it (reversal); atomic, rules checked first. Payments: bahi.invoicing.payments."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction

from bahi.core.errors import InvalidInput, NotFound
from bahi.core.fiscal import fiscal_year_of
from bahi.core.money import ZERO, from_paise, to_paise
from bahi.core.prepared import IntParam, PreparedQuery
from bahi.gst.calc import DocumentTax, LineInput, Supply, compute_document_tax
from bahi.gst.selectors import get_rates
from bahi.gst.validators import hsn_error
from bahi.identity.audit import record_change
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.invoicing.calc import (
    DEFAULT_SERIES,
    NOTE_KINDS,
    PURCHASE_KINDS,
    REDUCING_KINDS,
    SUPPLY_TYPES,
    PostingAmounts,
    check_series,
    format_document_number,
    is_service,
    line_taxable_value,
    posting_rows,
    quantity_to_milli,
)
from bahi.invoicing.models import Document, DocumentKind, DocumentLine, DocumentStatus
from bahi.invoicing.supply import (
    check_credit_limit,
    default_due_date,
    default_supply_type,
    fill_lines,
    sale_place_of_supply,
    snapshot_party,
    supplier_charges_tax,
)
from bahi.invoicing.types import DocumentDraft, LineDraft
from bahi.ledger import types as ledger_types
from bahi.ledger.models import Account, Party
from bahi.ledger.services import post_journal_entry, reverse_journal_entry
from bahi.notifications.services import emit

SOURCE_TYPE = "invoicing.document"
JOURNAL_SERIES = {"sales": "SALES", "purchase": "PURCHASE"}
# A line's rates quantised as they are stored, so the row in hand is the row a read gives back.
PERCENT = Decimal(1).scaleb(-DocumentLine._meta.get_field("gst_rate_percent").decimal_places)
# What issuing changes on a saved draft.
ISSUE_FIELDS = [
    "status",
    "fiscal_year",
    "number",
    "document_number",
    "journal_entry",
    "credit_limit_override",
]


@dataclass(frozen=True, slots=True)
class _Line:
    draft: LineDraft
    quantity_milli: int
    taxable: Decimal
    rate_percent: Decimal
    cess_percent: Decimal
    price: Decimal  # rupees per unit


_Composed = tuple[list[_Line], DocumentTax]


# Every document saved reads its party: compiled once (bahi.core.prepared).
_PARTY = PreparedQuery(
    lambda: Party.objects.filter(company_id=IntParam("company"), pk=IntParam("party"))[:1]
)


def _party(company: Company, party_id: int) -> Party:
    party = _PARTY.first(company=company.id, party=party_id)
    if party is None:
        raise InvalidInput(
            f"party {party_id} does not exist in this company", details={"field": "party_id"}
        )
    return party


def _against(company: Company, draft: DocumentDraft, party: Party) -> Document | None:
    wanted = NOTE_KINDS.get(draft.kind)
    if wanted is None:
        if draft.against_document_id is not None:
            raise InvalidInput(
                f"a {draft.kind} is not issued against another document",
                details={"field": "against_document_id"},
            )
        return None
    original = None
    if draft.against_document_id is not None:
        original = Document.objects.filter(company=company, pk=draft.against_document_id).first()
    if original is None or original.kind != wanted or original.status != DocumentStatus.ISSUED:
        raise InvalidInput(
            f"a {draft.kind} needs an issued {wanted} of this company to adjust",
            details={"field": "against_document_id"},
        )
    if original.party_id != party.id:
        raise InvalidInput(
            f"{original.document_number} was issued to another party",
            details={"field": "against_document_id"},
        )
    return original


def _place_of_supply(company: Company, draft: DocumentDraft, party: Party, supply_type: str) -> str:
    if draft.place_of_supply:
        return draft.place_of_supply
    if draft.kind in PURCHASE_KINDS:
        return company.state_code
    return sale_place_of_supply(supply_type, party)


def _supplier_state(company: Company, document: Document, party: Party) -> str:
    if document.kind not in PURCHASE_KINDS:
        return company.state_code
    return party.gstin[:2] if party.gstin else (party.state_code or company.state_code)


def _resolve_lines(
    kind: str, lines: tuple[LineDraft, ...], rate_date: date, *, charges_tax: bool = True
) -> list[_Line]:
    """Quantities, taxable values and rates per line: the rate in force on `rate_date` unless the
    line gives one; a bill of supply (or a supplier who cannot charge GST) charges no tax."""
    if not lines:
        raise InvalidInput("a document needs at least one line", details={"field": "lines"})
    prices: list[Decimal] = []
    for number, line in enumerate(lines, start=1):
        hsn_problem = hsn_error(line.hsn_code)
        if hsn_problem is not None:
            raise InvalidInput(
                f"line {number}: {hsn_problem}", details={"line": number, "field": "hsn_code"}
            )
        if line.rate is None:
            raise InvalidInput(
                f"line {number}: give a rate or an item", details={"line": number, "field": "rate"}
            )
        prices.append(line.rate)
    # One query for the rates of every line (a fixed number of queries per document).
    wanted = (line.hsn_code for line in lines if charges_tax and line.gst_rate_percent is None)
    rates = get_rates(wanted, rate_date)
    resolved = []
    for number, (line, price) in enumerate(zip(lines, prices, strict=True), start=1):
        milli = quantity_to_milli(line.quantity, line=number)
        taxable = line_taxable_value(milli, price, line.discount, line=number)
        rate, cess = line.gst_rate_percent, line.cess_percent
        if not charges_tax:
            rate, cess = ZERO, ZERO
        elif rate is None:
            applicable = rates[line.hsn_code.strip()]
            rate = applicable.rate_percent
            cess = applicable.cess_percent if cess is None else cess
        resolved.append(_Line(line, milli, taxable, rate, cess or ZERO, price))
    return resolved


def _apply_tax(document: Document, tax: DocumentTax) -> None:
    document.taxable_paise = to_paise(tax.taxable_total)
    document.cgst_paise = to_paise(tax.cgst)
    document.sgst_paise = to_paise(tax.sgst + tax.utgst)
    document.igst_paise = to_paise(tax.igst)
    document.cess_paise = to_paise(tax.cess)
    document.round_off_paise = to_paise(tax.round_off)
    document.total_paise = to_paise(tax.rounded_total)


def _line_rows(document: Document, lines: list[_Line], tax: DocumentTax) -> list[DocumentLine]:
    return [
        DocumentLine(
            document=document,
            line_no=number,
            description=line.draft.description,
            hsn_code=line.draft.hsn_code.strip(),
            quantity_milli=line.quantity_milli,
            item_id=line.draft.item_id,
            unit=line.draft.unit,
            rate_paise=to_paise(line.price),
            discount_paise=to_paise(line.draft.discount),
            taxable_paise=to_paise(line.taxable),
            gst_rate_percent=line.rate_percent.quantize(PERCENT),
            cess_percent=line.cess_percent.quantize(PERCENT),
            cgst_paise=to_paise(line_tax.cgst),
            sgst_paise=to_paise(line_tax.sgst + line_tax.utgst),
            igst_paise=to_paise(line_tax.igst),
            cess_paise=to_paise(line_tax.cess),
        )
        for number, (line, line_tax) in enumerate(zip(lines, tax.lines, strict=True), start=1)
    ]


def _write_lines(
    document: Document, lines: list[_Line], tax: DocumentTax, replace: bool
) -> list[DocumentLine]:
    if replace:  # an edited draft's old lines
        DocumentLine.objects.filter(document=document).delete()
    return DocumentLine.objects.bulk_create(_line_rows(document, lines, tax))


def _editable_draft(company: Company, document_id: int | None) -> Document | None:
    if document_id is None:
        return None
    document = _locked(company, document_id)
    if document.status != DocumentStatus.DRAFT:
        raise InvalidInput(f"{document} is {document.status}; only a draft can be edited")
    return document


def _check_draft(draft: DocumentDraft) -> None:
    if draft.kind not in DocumentKind.values:
        raise InvalidInput(f"unknown document kind {draft.kind!r}", details={"field": "kind"})
    if draft.supply_type and draft.supply_type not in SUPPLY_TYPES:
        raise InvalidInput(
            f"unknown supply type {draft.supply_type!r}", details={"field": "supply_type"}
        )
    if draft.due_date is not None and draft.due_date < draft.document_date:
        raise InvalidInput(
            "the due date is before the document date", details={"field": "due_date"}
        )


def _set_header(
    company: Company,
    document: Document,
    draft: DocumentDraft,
    party: Party,
    against: Document | None,
) -> None:
    """Header fields; a note follows the document it adjusts, others default from the party."""
    document.document_date = draft.document_date
    document.due_date = draft.due_date or default_due_date(draft.kind, draft.document_date, party)
    document.against_document = against
    snapshot_party(document, party)
    supply_type = draft.supply_type or default_supply_type(draft.kind, party)
    document.place_of_supply = (
        against.place_of_supply if against else _place_of_supply(company, draft, party, supply_type)
    )
    document.supply_type = against.supply_type if against else supply_type
    document.reverse_charge = against.reverse_charge if against else draft.reverse_charge
    document.reference = draft.reference
    document.notes = draft.notes


def _compose(company: Company, document: Document, draft: DocumentDraft) -> _Composed:
    party = _party(company, draft.party_id)
    against = _against(company, draft, party)
    document.kind = draft.kind
    document.series = check_series(draft.series or DEFAULT_SERIES[draft.kind])
    document.party = party
    _set_header(company, document, draft, party, against)
    rate_date = against.document_date if against else draft.document_date
    lines = _resolve_lines(
        draft.kind,
        fill_lines(company, draft.kind, draft.lines, rate_date),
        rate_date,
        charges_tax=supplier_charges_tax(draft.kind, party, reverse_charge=document.reverse_charge),
    )
    tax = _document_tax(company, document, party, lines)
    _apply_tax(document, tax)
    return lines, tax


@transaction.atomic
def save_draft_document(
    *, company: Company, actor: User, draft: DocumentDraft, document_id: int | None = None
) -> Document:
    """Create a draft document (or replace draft `document_id`) with its lines and tax computed.
    Notes follow the document they adjust: its place of supply, supply type, reverse charge and
    the rates in force on its date. Raises InvalidInput, PermissionDenied, RateNotFound,
    InvalidHsnCode, InvalidSupply, UnknownStateCode (naming the line and field)."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    _check_draft(draft)
    existing = _editable_draft(company, document_id)
    document = existing or Document(company=company, created_by=actor)
    lines, tax = _compose(company, document, draft)
    document.save()
    _write_lines(document, lines, tax, replace=existing is not None)
    record_change(
        company=company,
        actor=actor,
        action="update" if existing else "create",
        object_type="invoicing.document",
        object_id=document.id,
        after=_summary(document),
    )
    return document


def preview_document(
    *, company: Company, actor: User, draft: DocumentDraft
) -> tuple[Document, list[DocumentLine]]:
    """What saving `draft` would compute (header defaults, lines, tax by head, totals), as
    unsaved rows: nothing is written. Raises what save_draft_document raises."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    _check_draft(draft)
    document = Document(company=company, created_by=actor)
    lines, tax = _compose(company, document, draft)
    return document, _line_rows(document, lines, tax)


def _document_tax(
    company: Company, document: Document, party: Party, lines: list[_Line]
) -> DocumentTax:
    supply = Supply(
        supplier_state_code=_supplier_state(company, document, party),
        place_of_supply_code=document.place_of_supply,
        supply_type=SUPPLY_TYPES[document.supply_type],
        is_reverse_charge=document.reverse_charge,
    )
    inputs = [LineInput(line.taxable, line.rate_percent, line.cess_percent) for line in lines]
    return compute_document_tax(supply, inputs)


def _summary(document: Document) -> dict[str, object]:
    return {
        "kind": document.kind,
        "status": document.status,
        "document_number": document.document_number,
        "party": document.party_id,
        "document_date": document.document_date.isoformat(),
        "place_of_supply": document.place_of_supply,
        "supply_type": document.supply_type,
        "reverse_charge": document.reverse_charge,
        "against": document.against_document_id,
        "taxable_paise": document.taxable_paise,
        "tax_paise": [
            document.cgst_paise,
            document.sgst_paise,
            document.igst_paise,
            document.cess_paise,
        ],
        "round_off_paise": document.round_off_paise,
        "total_paise": document.total_paise,
        "credit_limit_override": document.credit_limit_override,
    }


def _locked(company: Company, document_id: int) -> Document:
    """The company's document, locked for this transaction (one query). Raises NotFound."""
    document = Document.objects.select_for_update().filter(company=company, pk=document_id).first()
    if document is None:
        raise NotFound(f"document {document_id} does not exist in this company")
    return document


def _next_number(company: Company, series: str, fiscal_year: str) -> int:
    """Take the next number of the series: the upsert locks the sequence row, so concurrent
    issues queue and a rolled-back issue returns its number (gapless)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO invoicing_documentsequence (company_id, series, fiscal_year, last_number) "
            "VALUES (%s, %s, %s, 1) ON CONFLICT (company_id, series, fiscal_year) DO UPDATE "
            "SET last_number = invoicing_documentsequence.last_number + 1 RETURNING last_number",
            [company.id, series, fiscal_year],
        )
        return int(cursor.fetchone()[0])


def _posting_amounts(document: Document, lines: Iterable[DocumentLine]) -> PostingAmounts:
    services = sum((line.taxable_paise for line in lines if is_service(line.hsn_code)), 0)
    return PostingAmounts(
        taxable_goods=from_paise(document.taxable_paise - services),
        taxable_services=from_paise(services),
        cgst=from_paise(document.cgst_paise),
        sgst=from_paise(document.sgst_paise),
        igst=from_paise(document.igst_paise),
        cess=from_paise(document.cess_paise),
        round_off=from_paise(document.round_off_paise),
        total=from_paise(document.total_paise),
        reverse_charge=document.reverse_charge,
    )


_ROLES_SQL = (  # the accounts an issue posts to, by role; written out (it runs on every issue)
    f"SELECT system_role, id FROM {Account._meta.db_table} "  # noqa: S608 - our table name
    "WHERE company_id = %s AND system_role <> ''"
)


def _entry_for(
    company: Company, document: Document, document_lines: Iterable[DocumentLine]
) -> ledger_types.EntryInput:
    with connection.cursor() as cursor:
        cursor.execute(_ROLES_SQL, [company.id])
        roles = dict(cursor.fetchall())
    lines = tuple(
        ledger_types.LineInput(
            account_id=roles[role],
            debit=amount if amount > 0 else ZERO,
            credit=-amount if amount < 0 else ZERO,
            party_id=document.party_id if with_party else None,
            description=document.document_number,
        )
        for role, with_party, amount in posting_rows(
            document.kind, _posting_amounts(document, document_lines)
        )
    )
    side = "purchase" if document.kind in PURCHASE_KINDS else "sales"
    return ledger_types.EntryInput(
        entry_date=document.document_date,
        lines=lines,
        narration=f"{DocumentKind(document.kind).label} {document.document_number}",
        series=JOURNAL_SERIES[side],
        idempotency_key=f"document-{document.id}-issue",
        source_type=SOURCE_TYPE,
        source_id=str(document.id),
    )


def _check_note_within_original(company: Company, document: Document) -> None:
    original = document.against_document
    if document.kind not in REDUCING_KINDS or original is None:
        return
    if original.status != DocumentStatus.ISSUED:
        raise InvalidInput(f"{original} is {original.status}", details={"field": "against"})
    credited = sum(
        Document.objects.filter(
            company=company, against_document=original, kind=document.kind, status="issued"
        ).values_list("total_paise", flat=True)
    )
    if credited + document.total_paise > original.total_paise:
        room = from_paise(original.total_paise - credited)
        raise InvalidInput(
            f"the note exceeds what is left of {original} to adjust ({room})",
            details={"field": "lines", "remaining": str(room)},
        )


def _number_and_post(
    company: Company,
    actor: User,
    document: Document,
    lines: Iterable[DocumentLine],
    *,
    allow_over_credit_limit: bool,
) -> None:
    """Check a saved draft can be issued, number it and post its journal entry; the caller
    saves the document, records the change and emits invoice.issued."""
    _check_note_within_original(company, document)
    document.credit_limit_override = check_credit_limit(
        company=company, actor=actor, document=document, allow_over_limit=allow_over_credit_limit
    )
    fiscal_year = fiscal_year_of(document.document_date, start_month=company.fy_start_month).label
    document.fiscal_year = fiscal_year
    document.number = _next_number(company, document.series, fiscal_year)
    document.document_number = format_document_number(document.series, fiscal_year, document.number)
    entry = post_journal_entry(
        company=company, actor=actor, entry=_entry_for(company, document, lines)
    )
    document.journal_entry = entry
    document.status = DocumentStatus.ISSUED


def _record_issue(
    company: Company, actor: User, document: Document, before: dict[str, object] | None
) -> None:
    """The edit-log record of the issue and the invoice.issued event."""
    summary = _summary(document)
    record_change(
        company=company,
        actor=actor,
        action="issue",
        object_type="invoicing.document",
        object_id=document.id,
        before=before,
        after=summary,
    )
    emit(company=company, kind="invoice.issued", payload={"document_id": document.id, **summary})


@transaction.atomic
def issue_new_document(
    *, company: Company, actor: User, draft: DocumentDraft, allow_over_credit_limit: bool = False
) -> tuple[Document, list[DocumentLine]]:
    """Save `draft` and issue it in one go: what save_draft_document then issue_document do, in
    one transaction with one edit-log record (the issue, with the whole document) and without
    reading back what was just written. Returns the document and its lines. Raises what those
    two raise."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    _check_draft(draft)
    document = Document(company=company, created_by=actor)
    lines, tax = _compose(company, document, draft)
    document.save()  # a draft first: the journal entry names the document's id
    rows = _write_lines(document, lines, tax, replace=False)
    _number_and_post(
        company, actor, document, rows, allow_over_credit_limit=allow_over_credit_limit
    )
    document.save(update_fields=ISSUE_FIELDS)
    _record_issue(company, actor, document, before=None)
    return document, rows


@transaction.atomic
def issue_document(
    *, company: Company, actor: User, document_id: int, allow_over_credit_limit: bool = False
) -> Document:
    """Number a draft (gapless per series and financial year) and post its journal entry.
    Issuing an issued document returns it unchanged; nothing posts twice. A sale that would
    take the customer past its credit limit is refused (CreditLimitExceeded) unless an admin
    passes `allow_over_credit_limit`, which the document and the edit log record. Raises
    InvalidInput, NotFound, PermissionDenied and every posting error (closed period...)."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    document = _locked(company, document_id)
    if document.status == DocumentStatus.ISSUED:
        return document
    if document.status != DocumentStatus.DRAFT:
        raise InvalidInput(f"{document} is cancelled and cannot be issued")
    _number_and_post(
        company,
        actor,
        document,
        document.lines.all(),
        allow_over_credit_limit=allow_over_credit_limit,
    )
    document.save(update_fields=ISSUE_FIELDS)
    _record_issue(company, actor, document, before={"status": DocumentStatus.DRAFT})
    return document


@transaction.atomic
def cancel_document(
    *, company: Company, actor: User, document_id: int, reason: str, cancel_date: date | None = None
) -> Document:
    """Cancel an issued document: its journal entry is reversed (dated `cancel_date`, default the
    document date) and its number stays used. Refused while payments are allocated to it or
    notes adjust it. Cancelling twice returns the cancelled document."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    document = _locked(company, document_id)
    if document.status == DocumentStatus.CANCELLED:
        return document
    if document.status != DocumentStatus.ISSUED or document.journal_entry_id is None:
        raise InvalidInput(f"{document} is a draft: only an issued document is cancelled")
    if document.allocations.exists():
        raise InvalidInput(f"{document} has payments allocated to it; remove them first")
    if document.adjustments.filter(status=DocumentStatus.ISSUED).exists():
        raise InvalidInput(f"{document} has notes issued against it; cancel them first")
    reversal = reverse_journal_entry(
        company=company,
        actor=actor,
        entry_id=document.journal_entry_id,
        reversal_date=cancel_date or document.document_date,
        reason=reason,
        idempotency_key=f"document-{document.id}-cancel",
    )
    document.cancel_entry = reversal
    document.status = DocumentStatus.CANCELLED
    document.save(update_fields=["cancel_entry", "status"])
    record_change(
        company=company,
        actor=actor,
        action="cancel",
        object_type="invoicing.document",
        object_id=document.id,
        before={"status": DocumentStatus.ISSUED},
        after={"status": DocumentStatus.CANCELLED, "reason": reason},
    )
    emit(
        company=company,
        kind="invoice.cancelled",
        payload={"document_id": document.id, **_summary(document), "reason": reason},
    )
    return document


@transaction.atomic
def delete_draft_document(*, company: Company, actor: User, document_id: int) -> None:
    """Discard a draft (it never had a number). Raises InvalidInput for an issued document:
    that one is cancelled instead, keeping its number."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    document = _locked(company, document_id)
    if document.status != DocumentStatus.DRAFT:
        raise InvalidInput(f"{document} is {document.status}; only a draft can be deleted")
    before = _summary(document)
    document.delete()
    record_change(
        company=company,
        actor=actor,
        action="delete",
        object_type="invoicing.document",
        object_id=document_id,
        before=before,
    )
