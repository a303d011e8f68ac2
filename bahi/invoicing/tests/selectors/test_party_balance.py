from datetime import date
from decimal import Decimal

from bahi.invoicing.payments import record_payment
from bahi.invoicing.selectors import (
    ageing_bucket,
    party_balance,
    party_position,
    receivables_ageing,
)
from bahi.invoicing.services import cancel_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import PaymentInput


def _receipt(party_id: int, amount: str, on: date) -> PaymentInput:
    return PaymentInput(
        kind="receipt", party_id=party_id, payment_date=on, amount=Decimal(amount), mode="upi"
    )


def test_ledger_balance_equals_open_documents_less_advances(
    issue, pune_customer, company, admin_user
):
    first = issue(pune_customer, date(2025, 10, 1), [line("2523", "10", "400.00")])  # 4,720.00
    second = issue(pune_customer, date(2025, 10, 2), [line("9983", "1", "999.99")])  # 1,180.00
    cancelled = issue(pune_customer, date(2025, 10, 3), [line("2523", "1", "400.00")])
    cancel_document(company=company, actor=admin_user, document_id=cancelled.id, reason="dup")
    issue(
        pune_customer,
        date(2025, 10, 4),
        [line("2523", "1", "400.00")],
        kind="credit_note",
        against_document_id=first.id,
    )  # 472.00
    record_payment(
        company=company,
        actor=admin_user,
        payment=_receipt(pune_customer.id, "2000.00", date(2025, 10, 5)),
        allocations=[(second.id, Decimal("1180.00")), (first.id, Decimal("500.00"))],
    )  # 320.00 left as an advance

    position = party_position(company=company, party_id=pune_customer.id)
    assert position.open_documents == {first.id: Decimal("3748.00")}
    assert sum(position.advances.values()) == Decimal("320.00")
    assert party_balance(company=company, party_id=pune_customer.id) == Decimal("3428.00")
    assert position.balance == Decimal("3428.00")


def test_ageing_buckets_by_days_past_due():
    assert [ageing_bucket(days) for days in (-5, 0, 30, 31, 60, 61, 90, 91)] == [
        "0-30",
        "0-30",
        "0-30",
        "31-60",
        "31-60",
        "61-90",
        "61-90",
        "90+",
    ]


def test_receivables_ageing_by_due_date(issue, pune_customer, party, company, admin_user):
    nashik = party("Nashik Traders", is_customer=True, state_code="27")
    issue(
        pune_customer,
        date(2025, 10, 1),
        [line("2523", "1", "400.00")],
        due_date=date(2025, 10, 31),
    )
    issue(pune_customer, date(2025, 8, 1), [line("2523", "1", "400.00")])  # 28%: 512.00
    record_payment(
        company=company,
        actor=admin_user,
        payment=_receipt(nashik.id, "100.00", date(2025, 11, 1)),
    )

    rows = receivables_ageing(company=company, as_of=date(2025, 12, 1))

    assert [(row.party_name, row.advances, row.total) for row in rows] == [
        ("Nashik Traders", Decimal("100.00"), Decimal("-100.00")),
        ("Pune Hardware", Decimal("0.00"), Decimal("984.00")),
    ]
    assert rows[1].buckets == {
        "0-30": Decimal("0.00"),
        "31-60": Decimal("472.00"),
        "61-90": Decimal("0.00"),
        "90+": Decimal("512.00"),
    }
