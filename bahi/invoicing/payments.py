"""Receipts from customers and payments to suppliers, and their allocation to documents.

A receipt posts Dr bank/cash, Cr debtors (the party); a payment Dr creditors (the party), Cr
bank/cash. What a payment does not settle stays unallocated: an advance, still on the party's
control-account balance, that a later allocation can settle."""

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from bahi.core.errors import InvalidInput
from bahi.core.money import PAISA, ZERO, from_paise, to_paise
from bahi.identity.audit import record_change
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.invoicing.calc import PURCHASE_KINDS, REDUCING_KINDS, SALES_KINDS
from bahi.invoicing.models import (
    Allocation,
    Document,
    DocumentStatus,
    Payment,
    PaymentKind,
    PaymentMode,
)
from bahi.invoicing.selectors import outstanding_paise_of, unallocated_paise_of
from bahi.invoicing.types import PaymentInput
from bahi.ledger.models import Account, Party
from bahi.ledger.selectors import get_account_by_role
from bahi.ledger.services import post_journal_entry
from bahi.ledger.types import EntryInput, LineInput
from bahi.notifications.services import emit

SOURCE_TYPE = "invoicing.payment"
AllocationRequest = tuple[int, Decimal]  # (document id, amount in rupees)


def _check_input(company: Company, payment: PaymentInput) -> Party:
    if payment.kind not in PaymentKind.values:
        raise InvalidInput(f"unknown payment kind {payment.kind!r}", details={"field": "kind"})
    if payment.mode not in PaymentMode.values:
        raise InvalidInput(f"unknown payment mode {payment.mode!r}", details={"field": "mode"})
    if payment.amount <= 0 or payment.amount != payment.amount.quantize(PAISA):
        raise InvalidInput(
            f"amount {payment.amount} must be positive exact rupees", details={"field": "amount"}
        )
    party = Party.objects.filter(company=company, pk=payment.party_id).first()
    if party is None:
        raise InvalidInput(
            f"party {payment.party_id} does not exist in this company",
            details={"field": "party_id"},
        )
    return party


def _money_account(company: Company, payment: PaymentInput) -> Account:
    if payment.bank_account_id is None:
        role = "cash" if payment.mode == PaymentMode.CASH else "bank"
        return get_account_by_role(company=company, role=role)
    account = Account.objects.filter(
        company=company, pk=payment.bank_account_id, is_group=False
    ).first()
    if account is None or account.nature != "asset":
        raise InvalidInput(
            f"account {payment.bank_account_id} is not a cash or bank ledger of this company",
            details={"field": "bank_account_id"},
        )
    return account


def _checked_allocations(
    company: Company, payment: Payment, requests: Sequence[AllocationRequest], room_paise: int
) -> list[tuple[Document, int]]:
    """Each request within its document's outstanding, their sum within `room_paise`."""
    kinds = SALES_KINDS if payment.kind == PaymentKind.RECEIPT else PURCHASE_KINDS
    ids = [document_id for document_id, _ in requests]
    if len(set(ids)) != len(ids):
        raise InvalidInput("a document is allocated twice", details={"field": "allocations"})
    documents = {
        document.id: document
        for document in Document.objects.select_for_update().filter(company=company, pk__in=ids)
    }
    outstanding = outstanding_paise_of(company=company, documents=list(documents.values()))
    checked = []
    for index, (document_id, amount) in enumerate(requests):
        document = documents.get(document_id)
        fields = {"allocation": index, "document_id": document_id}
        usable = (
            document is not None
            and document.party_id == payment.party_id
            and document.status == DocumentStatus.ISSUED
            and document.kind in kinds - REDUCING_KINDS
        )
        if document is None or not usable:
            raise InvalidInput(
                f"allocation {index + 1}: document {document_id} is not an issued "
                f"{'sale' if kinds is SALES_KINDS else 'purchase'} of this party",
                details=fields,
            )
        exact = amount == amount.quantize(PAISA)
        paise = to_paise(amount) if exact else 0  # sub-paisa amounts are refused below
        if not 0 < paise <= outstanding[document.id]:
            raise InvalidInput(
                f"allocation {index + 1}: {amount} is not between 0.01 and the "
                f"{from_paise(outstanding[document.id])} outstanding on {document}",
                details=fields,
            )
        checked.append((document, paise))
    if sum(paise for _, paise in checked) > room_paise:
        raise InvalidInput(
            f"allocations exceed the {from_paise(room_paise)} available on the payment",
            details={"field": "allocations"},
        )
    return checked


def _allocate(
    company: Company, actor: User, payment: Payment, checked: list[tuple[Document, int]]
) -> None:
    Allocation.objects.bulk_create(
        Allocation(payment=payment, document=document, amount_paise=paise)
        for document, paise in checked
    )
    if checked:
        record_change(
            company=company,
            actor=actor,
            action="allocate",
            object_type="invoicing.payment",
            object_id=payment.id,
            after={"allocations": [[document.id, paise] for document, paise in checked]},
        )


def _entry(company: Company, payment: Payment) -> EntryInput:
    is_receipt = payment.kind == PaymentKind.RECEIPT
    control = get_account_by_role(
        company=company, role="sundry_debtors" if is_receipt else "sundry_creditors"
    )
    amount = from_paise(payment.amount_paise)
    money_side = LineInput(
        account_id=payment.bank_account_id,
        debit=amount if is_receipt else ZERO,
        credit=ZERO if is_receipt else amount,
        description=payment.reference,
    )
    party_side = LineInput(
        account_id=control.id,
        debit=ZERO if is_receipt else amount,
        credit=amount if is_receipt else ZERO,
        party_id=payment.party_id,
        description=payment.reference,
    )
    return EntryInput(
        entry_date=payment.payment_date,
        lines=(money_side, party_side) if is_receipt else (party_side, money_side),
        narration=f"{PaymentKind(payment.kind).label}: {payment.party.name}",
        series="RECEIPT" if is_receipt else "PAYMENT",
        idempotency_key=f"payment-{payment.id}-post",
        source_type=SOURCE_TYPE,
        source_id=str(payment.id),
    )


def _announce(company: Company, payment: Payment, checked: list[tuple[Document, int]]) -> None:
    """payment.received (receipt) or payment.made to the outbox, in the payment's transaction."""
    emit(
        company=company,
        kind="payment.received" if payment.kind == PaymentKind.RECEIPT else "payment.made",
        payload={
            "payment_id": payment.id,
            "kind": payment.kind,
            "party": payment.party_id,
            "payment_date": payment.payment_date.isoformat(),
            "amount_paise": payment.amount_paise,
            "mode": payment.mode,
            "reference": payment.reference,
            "allocations": [[document.id, paise] for document, paise in checked],
        },
    )


@transaction.atomic
def record_payment(
    *,
    company: Company,
    actor: User,
    payment: PaymentInput,
    allocations: Sequence[AllocationRequest] = (),
) -> Payment:
    """Record a receipt or payment, post it, and settle `allocations` [(document id, amount)]
    against the party's issued documents; the unallocated rest is an advance. Raises
    InvalidInput (naming the allocation), PermissionDenied and every posting error."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    party = _check_input(company, payment)
    record = Payment.objects.create(
        company=company,
        kind=payment.kind,
        party=party,
        payment_date=payment.payment_date,
        amount_paise=to_paise(payment.amount),
        mode=payment.mode,
        reference=payment.reference,
        bank_account=_money_account(company, payment),
        created_by=actor,
    )
    checked = _checked_allocations(company, record, allocations, record.amount_paise)
    record.journal_entry = post_journal_entry(
        company=company, actor=actor, entry=_entry(company, record)
    )
    record.save(update_fields=["journal_entry"])
    record_change(
        company=company,
        actor=actor,
        action="create",
        object_type="invoicing.payment",
        object_id=record.id,
        after={
            "kind": record.kind,
            "party": party.id,
            "payment_date": record.payment_date.isoformat(),
            "amount_paise": record.amount_paise,
            "mode": record.mode,
            "reference": record.reference,
            "bank_account": record.bank_account_id,
        },
    )
    _allocate(company, actor, record, checked)
    _announce(company, record, checked)
    return record


@transaction.atomic
def allocate_payment(
    *, company: Company, actor: User, payment_id: int, allocations: Sequence[AllocationRequest]
) -> Payment:
    """Settle documents from what is still unallocated on a payment (an advance). Raises
    InvalidInput when the payment is not this company's or the amounts do not fit."""
    ensure_can(actor=actor, company=company, action=Action.POST_ENTRIES)
    payment = Payment.objects.select_for_update().filter(company=company, pk=payment_id).first()
    if payment is None:
        raise InvalidInput(f"payment {payment_id} does not exist in this company")
    room = unallocated_paise_of(payments=[payment])[payment.id]
    _allocate(company, actor, payment, _checked_allocations(company, payment, allocations, room))
    return payment
