"""A party's statement: its postings on the debtors (or creditors) control account with a running
balance, each line naming the document or payment behind it.

The running balance, the opening and closing balances and the paging are the general ledger's
(`build_general_ledger` for the party on the control account); this adds what a statement
shows and a ledger does not: the document number and kind, the due date, the payment's mode,
reference and the documents it settled.
"""

from dataclasses import dataclass
from datetime import date

from bahi.core.errors import InvalidInput
from bahi.identity.models import Company
from bahi.invoicing.models import Allocation, Document, DocumentKind, Payment, PaymentMode
from bahi.invoicing.selectors import CONTROL_ROLES, PAYABLE, RECEIVABLE
from bahi.ledger.models import Party
from bahi.ledger.selectors import get_account_by_role
from bahi.reports.errors import ReportAccountNotFound
from bahi.reports.selectors.books import build_general_ledger
from bahi.reports.types import LedgerLine, PartyStatement, StatementLine

PAYMENT_LABELS = {"receipt": "Receipt", "payment": "Payment"}


@dataclass(frozen=True)
class _Source:
    particulars: str
    document_number: str = ""
    due_date: date | None = None
    reference: str = ""


def _party(company: Company, party_id: int) -> Party:
    party = Party.objects.filter(company=company, pk=party_id).first()
    if party is None:
        raise ReportAccountNotFound(f"party {party_id} does not exist in this company")
    return party


def default_side(party: Party) -> str:
    """A customer's statement is of what it owes (receivable); a supplier-only party's of what
    is owed to it (payable)."""
    return PAYABLE if party.is_supplier and not party.is_customer else RECEIVABLE


def build_party_statement(
    *,
    company: Company,
    party_id: int,
    date_from: date,
    date_to: date,
    side: str | None = None,
    after: str | None = None,
    limit: int = 100,
) -> PartyStatement:
    """One page of the party's statement for [date_from, date_to] on its receivable (debtors)
    or payable (creditors) side, `side` defaulting from the party's role. Balances are
    debit-positive: a receivable is positive, an amount owed to a supplier negative. At most ten
    queries a page. Raises ReportAccountNotFound, InvalidInput, InvalidReportPeriod,
    InvalidCursor."""
    party = _party(company, party_id)
    side = side or default_side(party)
    if side not in CONTROL_ROLES:
        raise InvalidInput(f"a statement is 'receivable' or 'payable', not {side!r}")
    account = get_account_by_role(company=company, role=CONTROL_ROLES[side])
    ledger = build_general_ledger(
        company=company,
        account_id=account.id,
        party_id=party.id,
        date_from=date_from,
        date_to=date_to,
        after=after,
        limit=limit,
    )
    sources = _sources(company, {line.entry_id for line in ledger.lines})
    return PartyStatement(
        company_id=company.id,
        party_id=party.id,
        party_name=party.name,
        gstin=party.gstin,
        side=side,
        account_code=account.code,
        date_from=date_from,
        date_to=date_to,
        opening_paise=ledger.opening_paise,
        carried_paise=ledger.carried_paise,
        closing_paise=ledger.closing_paise,
        lines=tuple(_statement_line(line, sources.get(line.entry_id)) for line in ledger.lines),
        next_cursor=ledger.next_cursor,
    )


def _statement_line(line: LedgerLine, source: _Source | None) -> StatementLine:
    source = source or _Source(particulars=line.narration)
    return StatementLine(
        entry_id=line.entry_id,
        line_no=line.line_no,
        entry_date=line.entry_date,
        voucher_number=line.voucher_number,
        particulars=source.particulars,
        document_number=source.document_number,
        due_date=source.due_date,
        reference=source.reference,
        debit_paise=line.debit_paise,
        credit_paise=line.credit_paise,
        balance_paise=line.balance_paise,
    )


def _sources(company: Company, entry_ids: set[int]) -> dict[int, _Source]:
    """Per journal entry of the page, the document it issued or cancelled, or the payment it
    recorded (three queries, whatever the page's size)."""
    if not entry_ids:
        return {}
    sources: dict[int, _Source] = {}
    documents = Document.objects.filter(company=company, journal_entry_id__in=entry_ids) | (
        Document.objects.filter(company=company, cancel_entry_id__in=entry_ids)
    )
    for document in documents.only(
        "kind", "document_number", "due_date", "reference", "journal_entry", "cancel_entry"
    ):
        label = str(DocumentKind(document.kind).label)
        sources[document.journal_entry_id] = _Source(  # type: ignore[index]
            label, document.document_number, document.due_date, document.reference
        )
        if document.cancel_entry_id in entry_ids:
            sources[document.cancel_entry_id] = _Source(
                f"Cancelled {label[0].lower()}{label[1:]}", document.document_number
            )
    sources.update(_payment_sources(company, entry_ids))
    return sources


def _payment_sources(company: Company, entry_ids: set[int]) -> dict[int, _Source]:
    payments = list(
        Payment.objects.filter(company=company, journal_entry_id__in=entry_ids).only(
            "kind", "mode", "reference", "journal_entry"
        )
    )
    settled: dict[int, list[str]] = {}
    allocations = (
        Allocation.objects.filter(payment__in=payments)
        .order_by("document__document_date", "document_id")
        .values_list("payment_id", "document__document_number")
    )
    for payment_id, number in allocations:
        settled.setdefault(payment_id, []).append(number)
    sources: dict[int, _Source] = {}
    for payment in payments:
        particulars = f"{PAYMENT_LABELS[payment.kind]} ({PaymentMode(payment.mode).label})"
        numbers = settled.get(payment.id)
        if numbers:
            particulars += " against " + ", ".join(numbers)
        entry_id = int(payment.journal_entry_id or 0)  # only posted payments are on the ledger
        sources[entry_id] = _Source(particulars, reference=payment.reference)
    return sources
