"""Reads of documents and payments: what is still owed on each, and per party."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from bahi.core.errors import NotFound
from bahi.core.money import from_paise
from bahi.identity.models import Company
from bahi.invoicing.calc import (
    PURCHASE_KINDS,
    REDUCING_KINDS,
    SALES_KINDS,
    Gstr1Facts,
    gstr1_section,
)
from bahi.invoicing.models import Allocation, Document, DocumentStatus, Payment
from bahi.ledger.models import EntryStatus, JournalLine
from bahi.ledger.selectors import get_account_by_role

RECEIVABLE = "receivable"
PAYABLE = "payable"
_SIDES = {
    RECEIVABLE: (SALES_KINDS, "receipt", "sundry_debtors"),
    PAYABLE: (PURCHASE_KINDS, "payment", "sundry_creditors"),
}
# The control account each side's party balances are kept on.
CONTROL_ROLES = {side: role for side, (_, _, role) in _SIDES.items()}


def get_document(*, company: Company, document_id: int) -> Document:
    document = Document.objects.filter(company=company, pk=document_id).first()
    if document is None:
        raise NotFound(f"document {document_id} does not exist in this company")
    return document


def get_document_by_number(*, company: Company, document_number: str) -> Document:
    """The issued (or cancelled) document with that number; numbers carry the financial year,
    so at most one matches. Raises NotFound."""
    document = (
        Document.objects.filter(company=company, document_number=document_number.strip().upper())
        .select_related("party", "against_document")
        .first()
    )
    if document is None:
        raise NotFound(f"no document numbered {document_number!r} in this company")
    return document


def get_gstr1_section(*, company: Company, document: Document) -> str:
    """The GSTR-1 section of `document` (see calc.gstr1_section); "" for purchases."""
    invoice = document.against_document or document
    facts = Gstr1Facts(
        kind=document.kind,
        gst_treatment=document.gst_treatment,
        supply_type=document.supply_type,
        is_inter_state=document.place_of_supply != company.state_code,
        invoice_value_paise=invoice.total_paise,
        invoice_date=invoice.document_date,
    )
    return gstr1_section(facts)


def _allocated_paise(document_ids: list[int]) -> dict[int, int]:
    rows = (
        Allocation.objects.filter(document_id__in=document_ids)
        .values("document_id")
        .annotate(total=Sum("amount_paise"))
    )
    return {row["document_id"]: int(row["total"]) for row in rows}


def _reduced_paise(company: Company, document_ids: list[int]) -> dict[int, int]:
    rows = (
        Document.objects.filter(
            company=company,
            against_document_id__in=document_ids,
            kind__in=REDUCING_KINDS,
            status=DocumentStatus.ISSUED,
        )
        .values("against_document_id")
        .annotate(total=Sum("total_paise"))
    )
    return {row["against_document_id"]: int(row["total"]) for row in rows}


def outstanding_paise_of(*, company: Company, documents: list[Document]) -> dict[int, int]:
    """Per issued document: its total less what was allocated to it and the credit notes (debit
    notes to a supplier) issued against it. A reducing note itself owes nothing: it is counted
    on the document it adjusts. Negative when more was credited than remained owed."""
    ids = [document.id for document in documents]
    allocated = _allocated_paise(ids)
    reduced = _reduced_paise(company, ids)
    result = {}
    for document in documents:
        if document.status != DocumentStatus.ISSUED or document.kind in REDUCING_KINDS:
            result[document.id] = 0
            continue
        owed = document.total_paise - allocated.get(document.id, 0)
        result[document.id] = owed - reduced.get(document.id, 0)
    return result


def outstanding_for_document(*, company: Company, document_id: int) -> Decimal:
    document = get_document(company=company, document_id=document_id)
    return from_paise(outstanding_paise_of(company=company, documents=[document])[document.id])


def unallocated_paise_of(*, payments: list[Payment]) -> dict[int, int]:
    rows = (
        Allocation.objects.filter(payment__in=payments)
        .values("payment_id")
        .annotate(total=Sum("amount_paise"))
    )
    allocated = {row["payment_id"]: int(row["total"]) for row in rows}
    return {payment.id: payment.amount_paise - allocated.get(payment.id, 0) for payment in payments}


@dataclass(frozen=True, slots=True)
class PartyPosition:
    """A party's open items on one side: open documents less unallocated payments (advances)."""

    open_documents: dict[int, Decimal]  # document id -> outstanding
    advances: dict[int, Decimal]  # payment id -> unallocated

    @property
    def balance(self) -> Decimal:
        return sum(self.open_documents.values(), Decimal(0)) - sum(
            self.advances.values(), Decimal(0)
        )


def party_position(*, company: Company, party_id: int, side: str = RECEIVABLE) -> PartyPosition:
    kinds, payment_kind, _ = _SIDES[side]
    documents = list(
        Document.objects.filter(
            company=company, party_id=party_id, kind__in=kinds, status=DocumentStatus.ISSUED
        )
    )
    outstanding = outstanding_paise_of(company=company, documents=documents)
    payments = list(Payment.objects.filter(company=company, party_id=party_id, kind=payment_kind))
    unallocated = unallocated_paise_of(payments=payments)
    return PartyPosition(
        open_documents={key: from_paise(value) for key, value in outstanding.items() if value},
        advances={key: from_paise(value) for key, value in unallocated.items() if value},
    )


def party_balance(*, company: Company, party_id: int, side: str = RECEIVABLE) -> Decimal:
    """What the party owes us (receivable) or we owe the party (payable), from the posted lines
    of the debtors or creditors control account that name the party."""
    _, _, role = _SIDES[side]
    account = get_account_by_role(company=company, role=role)
    totals = JournalLine.objects.filter(
        company=company, account=account, party_id=party_id, entry__status=EntryStatus.POSTED
    ).aggregate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
    net = int(totals["debit"] or 0) - int(totals["credit"] or 0)
    return from_paise(net if side == RECEIVABLE else -net)


def build_party_balances(*, company: Company, party_ids: list[int]) -> dict[int, int]:
    """Net paise (debit less credit) per party on the debtors and creditors control accounts,
    posted entries only: party_balance's receivable less its payable, for a page of parties in
    one query. Parties without lines are left out (zero)."""
    totals = (
        JournalLine.objects.filter(
            company=company,
            party_id__in=party_ids,
            account__system_role__in=CONTROL_ROLES.values(),
            entry__status=EntryStatus.POSTED,
        )
        .values("party_id")
        .annotate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
    )
    return {row["party_id"]: int(row["debit"] or 0) - int(row["credit"] or 0) for row in totals}


AGEING_BUCKETS = ("0-30", "31-60", "61-90", "90+")


def ageing_bucket(days_past_due: int) -> str:
    """Days past the due date -> bucket; not yet due counts as 0-30."""
    for limit, bucket in ((30, "0-30"), (60, "31-60"), (90, "61-90")):
        if days_past_due <= limit:
            return bucket
    return "90+"


@dataclass(frozen=True, slots=True)
class AgeingRow:
    party_id: int
    party_name: str
    buckets: dict[str, Decimal]  # bucket -> outstanding
    advances: Decimal  # unallocated receipts

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), Decimal(0)) - self.advances


def receivables_ageing(*, company: Company, as_of: date) -> list[AgeingRow]:
    """Today's open sales documents dated on or before `as_of`, aged by days past their due
    date (the document date when none) on `as_of`; one row per party with anything open,
    advances shown apart. Sorted by party name."""
    return build_ageing(company=company, as_of=as_of, side=RECEIVABLE)


def build_ageing(*, company: Company, as_of: date, side: str) -> list[AgeingRow]:
    """receivables_ageing for `side` RECEIVABLE; PAYABLE ages purchase documents the same way,
    with unallocated payments to suppliers as the advances."""
    kinds, payment_kind, _ = _SIDES[side]
    documents = list(
        Document.objects.filter(
            company=company,
            kind__in=kinds,
            status=DocumentStatus.ISSUED,
            document_date__lte=as_of,
        ).select_related("party")
    )
    outstanding = outstanding_paise_of(company=company, documents=documents)
    buckets: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for document in documents:
        if outstanding[document.id] == 0:
            continue
        due = document.due_date or document.document_date
        row = buckets.setdefault(document.party_id, dict.fromkeys(AGEING_BUCKETS, 0))
        row[ageing_bucket((as_of - due).days)] += outstanding[document.id]
        names[document.party_id] = document.party.name
    payments = list(
        Payment.objects.filter(
            company=company, kind=payment_kind, payment_date__lte=as_of
        ).select_related("party")
    )
    unallocated = unallocated_paise_of(payments=payments)
    advances: dict[int, int] = {}
    for payment in payments:
        left = unallocated[payment.id]
        if left:
            advances[payment.party_id] = advances.get(payment.party_id, 0) + left
            names[payment.party_id] = payment.party.name
            buckets.setdefault(payment.party_id, dict.fromkeys(AGEING_BUCKETS, 0))
    return sorted(
        (
            AgeingRow(
                party_id=party_id,
                party_name=names[party_id],
                buckets={key: from_paise(value) for key, value in row.items()},
                advances=from_paise(advances.get(party_id, 0)),
            )
            for party_id, row in buckets.items()
        ),
        key=lambda row: row.party_name,
    )
