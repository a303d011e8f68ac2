from datetime import date
from decimal import Decimal

import pytest

from bahi.core.errors import InvalidInput
from bahi.invoicing.models import Payment
from bahi.invoicing.payments import allocate_payment, record_payment
from bahi.invoicing.selectors import PAYABLE, outstanding_for_document, party_balance
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import PaymentInput
from bahi.ledger.models import JournalEntry

OCT_1 = date(2025, 10, 1)


def _money(kind: str, party_id: int, amount: str, mode: str = "bank") -> PaymentInput:
    return PaymentInput(
        kind=kind, party_id=party_id, payment_date=OCT_1, amount=Decimal(amount), mode=mode
    )


def test_allocation_above_the_outstanding_is_refused_and_nothing_is_written(
    issue, pune_customer, company, admin_user
):
    invoice = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])  # 472.00
    with pytest.raises(InvalidInput, match="472.00 outstanding") as error:
        record_payment(
            company=company,
            actor=admin_user,
            payment=_money("receipt", pune_customer.id, "500.00"),
            allocations=[(invoice.id, Decimal("472.01"))],
        )
    assert error.value.details == {"allocation": 0, "document_id": invoice.id}
    assert not Payment.objects.exists()
    assert JournalEntry.objects.filter(company=company).count() == 1


def test_allocations_above_the_payment_are_refused(issue, pune_customer, company, admin_user):
    first = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    second = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    with pytest.raises(InvalidInput, match="exceed the 500.00 available"):
        record_payment(
            company=company,
            actor=admin_user,
            payment=_money("receipt", pune_customer.id, "500.00"),
            allocations=[(first.id, Decimal("472.00")), (second.id, Decimal("28.01"))],
        )


def test_an_advance_cannot_be_allocated_twice_over(issue, pune_customer, company, admin_user):
    advance = record_payment(
        company=company, actor=admin_user, payment=_money("receipt", pune_customer.id, "500.00")
    )
    first = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    second = issue(pune_customer, OCT_1, [line("2523", "1", "400.00")])
    allocate_payment(
        company=company,
        actor=admin_user,
        payment_id=advance.id,
        allocations=[(first.id, Decimal("472.00"))],
    )
    with pytest.raises(InvalidInput, match="exceed the 28.00 available"):
        allocate_payment(
            company=company,
            actor=admin_user,
            payment_id=advance.id,
            allocations=[(second.id, Decimal("28.01"))],
        )


def test_a_receipt_cannot_settle_another_partys_invoice(
    issue, party, pune_customer, company, admin_user
):
    other = party("Nashik Traders", is_customer=True, state_code="27")
    invoice = issue(other, OCT_1, [line("2523", "1", "400.00")])
    with pytest.raises(InvalidInput, match="not an issued sale of this party"):
        record_payment(
            company=company,
            actor=admin_user,
            payment=_money("receipt", pune_customer.id, "472.00"),
            allocations=[(invoice.id, Decimal("472.00"))],
        )


def test_payment_to_a_supplier_in_cash_settles_the_bill(issue, party, company, admin_user, ledger):
    supplier = party("Ambuja Dealer", is_supplier=True, gstin="27AAPFU0939F1ZV")
    bill = issue(supplier, OCT_1, [line("2523", "10", "400.00")], kind="purchase_bill")
    record_payment(
        company=company,
        actor=admin_user,
        payment=_money("payment", supplier.id, "4720.00", mode="cash"),
        allocations=[(bill.id, Decimal("4720.00"))],
    )
    assert outstanding_for_document(company=company, document_id=bill.id) == Decimal("0.00")
    assert party_balance(company=company, party_id=supplier.id, side=PAYABLE) == Decimal("0.00")
    assert ledger(OCT_1) == {
        "cash": -472000,
        "purchases": 400000,
        "gst_input_cgst": 36000,
        "gst_input_sgst": 36000,
    }


def test_sub_paisa_amount_is_refused(pune_customer, company, admin_user):
    with pytest.raises(InvalidInput, match="exact rupees"):
        record_payment(
            company=company,
            actor=admin_user,
            payment=_money("receipt", pune_customer.id, "10.001"),
        )
