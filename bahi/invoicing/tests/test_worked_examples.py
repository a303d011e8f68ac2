"""Worked examples, as an accountant would check them: each document and payment, and the ledger
it leaves (net debit paise per account role, negative = credit balance).

Sharma Traders is registered in Maharashtra (27). Rates come from rates_v1 (cement 2523 is 28%
up to 21 Sep 2025 and 18% from 22 Sep 2025; services 9982/9983 18%; cheese 0406 5%)."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.invoicing.payments import allocate_payment, record_payment
from bahi.invoicing.selectors import (
    PAYABLE,
    outstanding_for_document,
    party_balance,
    party_position,
)
from bahi.invoicing.services import save_draft_document
from bahi.invoicing.tests.conftest import line
from bahi.invoicing.types import DocumentDraft, PaymentInput

OCT_1 = date(2025, 10, 1)


def test_intra_state_sale_charges_cgst_and_sgst_and_rounds_the_total(issue, pune_customer, ledger):
    # 12.5 bags at 333.33 = 4,166.625 -> 4,166.63; CGST 9% = 374.9967 -> 375.00, SGST the same;
    # 4,916.63 rounds to 4,917.00 with 0.37 round-off.
    invoice = issue(pune_customer, OCT_1, [line("2523", "12.5", "333.33")])

    assert invoice.document_number == "INV/25-26/000001"
    assert (invoice.taxable_paise, invoice.cgst_paise, invoice.sgst_paise) == (
        416663,
        37500,
        37500,
    )
    assert (invoice.igst_paise, invoice.round_off_paise, invoice.total_paise) == (0, 37, 491700)
    assert ledger(OCT_1) == {
        "sundry_debtors": 491700,
        "sales": -416663,
        "gst_output_cgst": -37500,
        "gst_output_sgst": -37500,
        "round_off": -37,
    }


def test_inter_state_sale_of_services_charges_igst(issue, party, ledger):
    bengaluru = party("Bengaluru Tech", is_customer=True, gstin="29AAFCC9980M1ZR")
    invoice = issue(bengaluru, OCT_1, [line("9983", "2", "50000.00")])

    assert invoice.place_of_supply == "29"
    assert ledger(OCT_1) == {
        "sundry_debtors": 11800000,
        "sales_services": -10000000,
        "gst_output_igst": -1800000,
    }


def test_sez_supply_under_lut_charges_no_tax(issue, party, ledger):
    sez_unit = party("SEEPZ Unit 7", is_customer=True, state_code="27")
    invoice = issue(sez_unit, OCT_1, [line("8415", "1", "35000.00")], supply_type="sez_lut")

    assert (invoice.cgst_paise, invoice.sgst_paise, invoice.igst_paise) == (0, 0, 0)
    assert ledger(OCT_1) == {"sundry_debtors": 3500000, "sales": -3500000}


def test_export_with_payment_of_tax_charges_igst(issue, party, ledger):
    dubai = party("Dubai Foods LLC", is_customer=True, state_code="96")
    # 100 kg cheese at 850.00 = 85,000.00; IGST 5% = 4,250.00.
    invoice = issue(dubai, OCT_1, [line("0406", "100", "850.00")], supply_type="export_with_tax")

    assert invoice.place_of_supply == "96"
    assert ledger(OCT_1) == {
        "sundry_debtors": 8925000,
        "sales": -8500000,
        "gst_output_igst": -425000,
    }


def test_reverse_charge_purchase_takes_credit_and_owes_the_tax_not_the_supplier(
    issue, party, ledger, company
):
    advocate = party("Adv. Kulkarni", is_supplier=True, state_code="27")
    bill = issue(
        advocate,
        OCT_1,
        [line("9982", "1", "25000.00")],
        kind="purchase_bill",
        reverse_charge=True,
    )

    assert (bill.cgst_paise, bill.sgst_paise, bill.total_paise) == (225000, 225000, 2500000)
    assert bill.document_number == "PB/25-26/0000001"
    assert ledger(OCT_1) == {
        "purchases": 2500000,
        "gst_input_cgst": 225000,
        "gst_input_sgst": 225000,
        "gst_rcm_payable": -450000,
        "sundry_creditors": -2500000,
    }
    assert party_balance(company=company, party_id=advocate.id, side=PAYABLE) == Decimal("25000.00")


def test_credit_note_for_returned_goods_reverses_part_of_the_invoice(
    issue, pune_customer, ledger, company
):
    invoice = issue(pune_customer, OCT_1, [line("2523", "10", "400.00")])
    note = issue(
        pune_customer,
        date(2025, 10, 5),
        [line("2523", "2", "400.00")],
        kind="credit_note",
        against_document_id=invoice.id,
    )

    assert note.document_number == "CN/25-26/0000001"
    assert note.total_paise == 94400
    assert ledger(date(2025, 10, 5)) == {
        "sundry_debtors": 472000 - 94400,
        "sales": -400000 + 80000,
        "gst_output_cgst": -36000 + 7200,
        "gst_output_sgst": -36000 + 7200,
    }
    assert outstanding_for_document(company=company, document_id=invoice.id) == Decimal("3776.00")


def test_cement_sold_on_21_september_2025_carries_28_percent_and_on_22nd_18_percent(
    issue, pune_customer, ledger
):
    before = issue(pune_customer, date(2025, 9, 21), [line("2523", "100", "400.00")])
    after = issue(pune_customer, date(2025, 9, 22), [line("2523", "100", "400.00")])

    assert (before.cgst_paise, before.sgst_paise, before.total_paise) == (560000, 560000, 5120000)
    assert (after.cgst_paise, after.sgst_paise, after.total_paise) == (360000, 360000, 4720000)
    assert ledger(date(2025, 9, 21))["gst_output_cgst"] == -560000
    assert ledger(date(2025, 9, 22))["gst_output_cgst"] == -920000
    assert [line.gst_rate_percent for line in after.lines.all()] == [Decimal("18.0000")]


def _receipt(party_id: int, amount: str, on: date = OCT_1) -> PaymentInput:
    return PaymentInput(
        kind="receipt", party_id=party_id, payment_date=on, amount=Decimal(amount), mode="bank"
    )


def test_one_receipt_settles_two_invoices(issue, pune_customer, ledger, company, admin_user):
    first = issue(pune_customer, OCT_1, [line("2523", "10", "400.00")])  # 4,720.00
    second = issue(pune_customer, OCT_1, [line("2523", "2.5", "400.00")])  # 1,180.00
    record_payment(
        company=company,
        actor=admin_user,
        payment=_receipt(pune_customer.id, "5900.00"),
        allocations=[(first.id, Decimal("4720.00")), (second.id, Decimal("1180.00"))],
    )

    assert outstanding_for_document(company=company, document_id=first.id) == Decimal("0.00")
    assert outstanding_for_document(company=company, document_id=second.id) == Decimal("0.00")
    assert ledger(OCT_1)["bank"] == 590000
    assert "sundry_debtors" not in ledger(OCT_1)
    assert party_position(company=company, party_id=pune_customer.id).balance == 0


def test_part_payment_leaves_the_rest_outstanding(
    issue, pune_customer, ledger, company, admin_user
):
    invoice = issue(pune_customer, OCT_1, [line("2523", "10", "400.00")])
    record_payment(
        company=company,
        actor=admin_user,
        payment=_receipt(pune_customer.id, "2000.00", date(2025, 10, 10)),
        allocations=[(invoice.id, Decimal("2000.00"))],
    )

    assert outstanding_for_document(company=company, document_id=invoice.id) == Decimal("2720.00")
    assert ledger(date(2025, 10, 10))["sundry_debtors"] == 272000
    balance = party_balance(company=company, party_id=pune_customer.id)
    assert balance == party_position(company=company, party_id=pune_customer.id).balance
    assert balance == Decimal("2720.00")


def test_advance_is_held_on_the_party_until_allocated(
    issue, pune_customer, ledger, company, admin_user
):
    advance = record_payment(
        company=company,
        actor=admin_user,
        payment=_receipt(pune_customer.id, "10000.00", date(2025, 9, 30)),
    )
    assert ledger(date(2025, 9, 30)) == {"bank": 1000000, "sundry_debtors": -1000000}

    invoice = issue(pune_customer, OCT_1, [line("2523", "10", "400.00")])
    allocate_payment(
        company=company,
        actor=admin_user,
        payment_id=advance.id,
        allocations=[(invoice.id, Decimal("4720.00"))],
    )

    position = party_position(company=company, party_id=pune_customer.id)
    assert position.open_documents == {}
    assert position.advances == {advance.id: Decimal("5280.00")}
    assert party_balance(company=company, party_id=pune_customer.id) == Decimal("-5280.00")
    assert position.balance == Decimal("-5280.00")


@pytest.mark.parametrize("kind", ["sales_invoice", "bill_of_supply"])
def test_drafts_post_nothing(company, admin_user, pune_customer, ledger, kind):
    save_draft_document(
        company=company,
        actor=admin_user,
        draft=DocumentDraft(
            kind=kind,
            party_id=pune_customer.id,
            document_date=OCT_1,
            lines=(line("2523", "1", "400.00"),),
        ),
    )
    assert ledger(OCT_1) == {}
