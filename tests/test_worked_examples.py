"""A month of Sharma Traders Pvt Ltd (Maharashtra, GST state 27), posted the way an accountant
would write it in the day book, with the ledger balances checked to the paisa after each voucher.

Balances read Dr as positive and Cr as negative, as a trial balance is read.

1 Apr   The promoters bring in capital of ₹5,00,000.00 by bank transfer.
5 Apr   Sale to Mehta Stores, Pune (27, intra-state): goods ₹10,000.00 + CGST 9% ₹900.00
        + SGST 9% ₹900.00 = ₹11,800.00 on credit.
8 Apr   Purchase from Bengaluru Steel Suppliers (29, Karnataka; inter-state): goods ₹50,000.00
        + IGST 18% ₹9,000.00 = ₹59,000.00 on credit; IGST is input credit.
10 Apr  Sai Transport Co (an individual contractor) bills ₹45,000.00 for freight.
15 Apr  Sai Transport is paid: TDS u/s 194C at 1% (individual/HUF) = ₹450.00 is deducted,
        so the party is debited in full, the bank credited ₹44,550.00, TDS payable ₹450.00.
20 Apr  Mehta Stores pays ₹11,800.00 into the bank.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from bahi.core.money import from_paise, round_money
from bahi.ledger.models import Account, JournalLine
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import create_party

pytestmark = pytest.mark.django_db

MONTH_END = date(2024, 4, 30)


@pytest.fixture
def parties(company, admin_user):
    def party(name, state_code, **kind):
        return create_party(
            company=company, actor=admin_user, name=name, state_code=state_code, **kind
        ).id

    return {
        "mehta": party("Mehta Stores", "27", is_customer=True),
        "bengaluru_steel": party("Bengaluru Steel Suppliers", "29", is_supplier=True),
        "sai_transport": party("Sai Transport Co", "27", is_supplier=True),
    }


def capital_introduced(post, parties):
    post(date(2024, 4, 1), [("bank", "500000.00", ""), ("capital", "", "500000.00")])


def gst_sale_to_mehta_stores(post, parties):
    taxable_value = Decimal("10000.00")
    cgst = sgst = round_money(taxable_value * 9 / 100)  # intra-state: half of 18% each
    assert cgst == Decimal("900.00")
    post(
        date(2024, 4, 5),
        [
            ("sundry_debtors", "11800.00", "", parties["mehta"]),
            ("sales", "", "10000.00"),
            ("gst_output_cgst", "", str(cgst)),
            ("gst_output_sgst", "", str(sgst)),
        ],
        narration="Invoice SI/001, Mehta Stores",
    )


def igst_purchase_from_bengaluru(post, parties):
    igst = round_money(Decimal("50000.00") * 18 / 100)  # inter-state: the whole 18% as IGST
    assert igst == Decimal("9000.00")
    post(
        date(2024, 4, 8),
        [
            ("purchases", "50000.00", ""),
            ("gst_input_igst", str(igst), ""),
            ("sundry_creditors", "", "59000.00", parties["bengaluru_steel"]),
        ],
        narration="Bill BSS/7781, Bengaluru Steel Suppliers",
    )


def freight_bill_from_sai_transport(post, parties):
    post(
        date(2024, 4, 10),
        [
            ("freight", "45000.00", ""),
            ("sundry_creditors", "", "45000.00", parties["sai_transport"]),
        ],
    )


def payment_to_sai_transport_with_tds(post, parties):
    tds = round_money(Decimal("45000.00") * 1 / 100)  # section 194C, individual contractor
    assert tds == Decimal("450.00")
    post(
        date(2024, 4, 15),
        [
            ("sundry_creditors", "45000.00", "", parties["sai_transport"]),
            ("bank", "", str(Decimal("45000.00") - tds)),
            ("tds_payable", "", str(tds)),
        ],
        narration="Paid Sai Transport Co, TDS u/s 194C deducted",
    )


def receipt_from_mehta_stores(post, parties):
    post(
        date(2024, 4, 20),
        [("bank", "11800.00", ""), ("sundry_debtors", "", "11800.00", parties["mehta"])],
    )


def _trial_balance(company):
    """{system role: net balance in rupees} of every account with a balance at month end."""
    roles = dict(Account.objects.filter(company=company).values_list("id", "system_role"))
    balances = build_balances_as_of(company=company, as_of=MONTH_END)
    return {
        roles[account_id]: from_paise(movement.net_paise)
        for account_id, movement in balances.items()
        if movement.net_paise
    }


def _party_balances(company):
    sums = (
        JournalLine.objects.filter(company=company, party__isnull=False)
        .values("party__name")
        .annotate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
    )
    return {
        row["party__name"]: from_paise(row["debit"] - row["credit"])
        for row in sums
        if row["debit"] != row["credit"]
    }


def _after(steps, post, parties, company):
    for step in steps:
        step(post, parties)
    trial_balance = _trial_balance(company)
    assert sum(trial_balance.values()) == Decimal("0.00")
    assert verify_books(company=company) == []
    return trial_balance


D = Decimal


def test_capital_introduced(post, parties, company):
    assert _after([capital_introduced], post, parties, company) == {
        "bank": D("500000.00"),
        "capital": D("-500000.00"),
    }


def test_intra_state_sale_splits_gst_into_cgst_and_sgst(post, parties, company):
    steps = [capital_introduced, gst_sale_to_mehta_stores]
    assert _after(steps, post, parties, company) == {
        "bank": D("500000.00"),
        "capital": D("-500000.00"),
        "sundry_debtors": D("11800.00"),
        "sales": D("-10000.00"),
        "gst_output_cgst": D("-900.00"),
        "gst_output_sgst": D("-900.00"),
    }
    assert _party_balances(company) == {"Mehta Stores": D("11800.00")}


def test_inter_state_purchase_takes_igst_as_input_credit(post, parties, company):
    steps = [capital_introduced, gst_sale_to_mehta_stores, igst_purchase_from_bengaluru]
    assert _after(steps, post, parties, company) == {
        "bank": D("500000.00"),
        "capital": D("-500000.00"),
        "sundry_debtors": D("11800.00"),
        "sales": D("-10000.00"),
        "gst_output_cgst": D("-900.00"),
        "gst_output_sgst": D("-900.00"),
        "purchases": D("50000.00"),
        "gst_input_igst": D("9000.00"),
        "sundry_creditors": D("-59000.00"),
    }
    assert _party_balances(company) == {
        "Mehta Stores": D("11800.00"),
        "Bengaluru Steel Suppliers": D("-59000.00"),
    }


def test_payment_with_tds_under_194c_clears_the_contractor_in_full(post, parties, company):
    steps = [
        capital_introduced,
        gst_sale_to_mehta_stores,
        igst_purchase_from_bengaluru,
        freight_bill_from_sai_transport,
        payment_to_sai_transport_with_tds,
    ]
    assert _after(steps, post, parties, company) == {
        "bank": D("455450.00"),  # 5,00,000.00 - 44,550.00
        "capital": D("-500000.00"),
        "sundry_debtors": D("11800.00"),
        "sales": D("-10000.00"),
        "gst_output_cgst": D("-900.00"),
        "gst_output_sgst": D("-900.00"),
        "purchases": D("50000.00"),
        "gst_input_igst": D("9000.00"),
        "sundry_creditors": D("-59000.00"),  # Sai Transport is settled; Bengaluru Steel is not
        "freight": D("45000.00"),
        "tds_payable": D("-450.00"),  # due to the government by 7 May
    }
    assert _party_balances(company) == {
        "Mehta Stores": D("11800.00"),
        "Bengaluru Steel Suppliers": D("-59000.00"),
    }


def test_receipt_from_customer_closes_the_month(post, parties, company):
    steps = [
        capital_introduced,
        gst_sale_to_mehta_stores,
        igst_purchase_from_bengaluru,
        freight_bill_from_sai_transport,
        payment_to_sai_transport_with_tds,
        receipt_from_mehta_stores,
    ]
    assert _after(steps, post, parties, company) == {
        "bank": D("467250.00"),  # 4,55,450.00 + 11,800.00
        "capital": D("-500000.00"),
        "sales": D("-10000.00"),
        "gst_output_cgst": D("-900.00"),
        "gst_output_sgst": D("-900.00"),
        "purchases": D("50000.00"),
        "gst_input_igst": D("9000.00"),
        "sundry_creditors": D("-59000.00"),
        "freight": D("45000.00"),
        "tds_payable": D("-450.00"),
    }
    assert _party_balances(company) == {"Bengaluru Steel Suppliers": D("-59000.00")}
    # Gross debits and credits for the month: 6,72,600.00 each side.
    balances = build_balances_as_of(company=company, as_of=MONTH_END).values()
    assert sum(movement.debit_paise for movement in balances) == 67260000
    assert sum(movement.credit_paise for movement in balances) == 67260000
