"""Worked examples for the supply cases the party's GST treatment decides: a composition
supplier's bill of supply, unregistered buyers over and under the B2C-Large limit, a consumer,
deemed exports, SEZ and overseas buyers. Each asserts the ledger to the paisa (net debit paise per
account role, negative = credit) and the GSTR-1 section the sale is reported in.

Sharma Traders is registered in Maharashtra (27); rates from rates_v1 (after 22 Sep 2025: air
conditioners 8415 18%, cheese 0406 5%, cement 2523 18%)."""

from datetime import date

from bahi.invoicing.selectors import PAYABLE, get_gstr1_section, party_balance
from bahi.invoicing.tests.conftest import line

OCT_1 = date(2025, 10, 1)
MAHARASHTRA_GSTIN = "27AAPFU0939F1ZV"
KARNATAKA_GSTIN = "29AAFCC9980M1ZR"


def test_purchase_from_a_composition_supplier_carries_no_tax_and_no_input_credit(
    issue, master_party, ledger, company
):
    # A composition dealer issues a bill of supply: 10 bags at 350.00 = 3,500.00, no GST, so
    # nothing goes to input GST (CGST s.10(4)).
    supplier = master_party(
        "Ganesh Cement Depot",
        is_supplier=True,
        gst_treatment="composition",
        gstin=MAHARASHTRA_GSTIN,
    )
    bill = issue(supplier, OCT_1, [line("2523", "10", "350.00")], kind="purchase_bill")

    assert (bill.taxable_paise, bill.cgst_paise, bill.sgst_paise, bill.igst_paise) == (
        350000,
        0,
        0,
        0,
    )
    assert [item.gst_rate_percent for item in bill.lines.all()] == [0]
    assert ledger(OCT_1) == {"purchases": 350000, "sundry_creditors": -350000}
    assert party_balance(company=company, party_id=supplier.id, side=PAYABLE) == 3500
    assert get_gstr1_section(company=company, document=bill) == ""


def test_reverse_charge_purchase_from_an_unregistered_supplier_still_owes_the_tax(
    issue, master_party, ledger
):
    # Legal services are on reverse charge whoever supplies them: 10,000.00, CGST + SGST 9% each.
    advocate = master_party("Adv. Joshi", is_supplier=True, state_code="27")
    issue(
        advocate, OCT_1, [line("9982", "1", "10000.00")], kind="purchase_bill", reverse_charge=True
    )

    assert ledger(OCT_1) == {
        "purchases": 1000000,
        "gst_input_cgst": 90000,
        "gst_input_sgst": 90000,
        "gst_rcm_payable": -180000,
        "sundry_creditors": -1000000,
    }


def test_inter_state_sale_to_an_unregistered_buyer_over_one_lakh_is_b2c_large(
    issue, master_party, ledger, company
):
    # 1 air conditioner at 90,000.00 to Bengaluru: IGST 18% = 16,200.00; 1,06,200.00 > 1 lakh.
    buyer = master_party("Raj Furnishings", is_customer=True, state_code="29")
    invoice = issue(buyer, OCT_1, [line("8415", "1", "90000.00")])

    assert (invoice.place_of_supply, invoice.gst_treatment) == ("29", "unregistered")
    assert ledger(OCT_1) == {
        "sundry_debtors": 10620000,
        "sales": -9000000,
        "gst_output_igst": -1620000,
    }
    assert get_gstr1_section(company=company, document=invoice) == "b2cl"


def test_inter_state_sale_to_an_unregistered_buyer_under_one_lakh_is_b2c_small(
    issue, master_party, ledger, company
):
    # 1 air conditioner at 80,000.00: IGST 14,400.00; 94,400.00 is not above 1 lakh.
    buyer = master_party("Raj Furnishings", is_customer=True, state_code="29")
    invoice = issue(buyer, OCT_1, [line("8415", "1", "80000.00")])

    assert ledger(OCT_1) == {
        "sundry_debtors": 9440000,
        "sales": -8000000,
        "gst_output_igst": -1440000,
    }
    assert get_gstr1_section(company=company, document=invoice) == "b2cs"


def test_sale_to_a_consumer_in_the_same_state_charges_cgst_and_sgst(
    issue, master_party, ledger, company
):
    # 2 kg cheese at 425.50 = 851.00; CGST 2.5% = 21.275 -> 21.28, SGST the same; 893.56 rounds
    # to 894.00 with 0.44 round-off.
    consumer = master_party(
        "Anita Deshpande", is_customer=True, gst_treatment="consumer", state_code="27"
    )
    invoice = issue(consumer, OCT_1, [line("0406", "2", "425.50")])

    assert (invoice.cgst_paise, invoice.sgst_paise, invoice.round_off_paise) == (2128, 2128, 44)
    assert ledger(OCT_1) == {
        "sundry_debtors": 89400,
        "sales": -85100,
        "gst_output_cgst": -2128,
        "gst_output_sgst": -2128,
        "round_off": -44,
    }
    assert get_gstr1_section(company=company, document=invoice) == "b2cs"


def test_place_of_supply_follows_the_shipping_state(issue, master_party, ledger):
    # Billed in Pune, delivered to Goa (30): inter-state, IGST 18% on 50,000.00 of cement.
    buyer = master_party(
        "Kamat Builders",
        is_customer=True,
        state_code="27",
        shipping_address="Plot 4, Verna Industrial Estate, Goa",
        shipping_state_code="30",
    )
    invoice = issue(buyer, OCT_1, [line("2523", "125", "400.00")])

    assert (invoice.place_of_supply, invoice.shipping_state_code) == ("30", "30")
    assert ledger(OCT_1) == {
        "sundry_debtors": 5900000,
        "sales": -5000000,
        "gst_output_igst": -900000,
    }


def test_deemed_export_is_taxed_like_a_domestic_supply_and_reported_as_b2b(
    issue, master_party, ledger, company
):
    # 2 air conditioners at 40,000.00 to an EOU in Karnataka: IGST 18% = 14,400.00.
    eou = master_party(
        "Mysore Export Unit", is_customer=True, gst_treatment="deemed_export", gstin=KARNATAKA_GSTIN
    )
    invoice = issue(eou, OCT_1, [line("8415", "2", "40000.00")])

    assert (invoice.supply_type, invoice.place_of_supply) == ("deemed_export", "29")
    assert ledger(OCT_1) == {
        "sundry_debtors": 9440000,
        "sales": -8000000,
        "gst_output_igst": -1440000,
    }
    assert get_gstr1_section(company=company, document=invoice) == "b2b"


def test_sez_buyer_in_the_same_state_is_charged_igst_by_default(
    issue, master_party, ledger, company
):
    # A Maharashtra SEZ unit: zero-rated with payment of IGST (the default; LUT is chosen on
    # the document), 35,000.00 at 18% = 6,300.00.
    sez = master_party(
        "SEEPZ Unit 9", is_customer=True, gst_treatment="sez", gstin=MAHARASHTRA_GSTIN
    )
    invoice = issue(sez, OCT_1, [line("8415", "1", "35000.00")])

    assert (invoice.supply_type, invoice.place_of_supply) == ("sez_with_tax", "27")
    assert ledger(OCT_1) == {
        "sundry_debtors": 4130000,
        "sales": -3500000,
        "gst_output_igst": -630000,
    }
    assert get_gstr1_section(company=company, document=invoice) == "b2b"


def test_overseas_buyer_defaults_to_an_export_with_igst(issue, master_party, ledger, company):
    buyer = master_party("Dubai Foods LLC", is_customer=True, gst_treatment="overseas")
    # 100 kg cheese at 850.00 = 85,000.00; IGST 5% = 4,250.00.
    invoice = issue(buyer, OCT_1, [line("0406", "100", "850.00")])

    assert (invoice.supply_type, invoice.place_of_supply) == ("export_with_tax", "96")
    assert ledger(OCT_1) == {
        "sundry_debtors": 8925000,
        "sales": -8500000,
        "gst_output_igst": -425000,
    }
    assert get_gstr1_section(company=company, document=invoice) == "exp"


def test_credit_note_on_a_b2c_large_invoice_is_reported_as_cdnur(issue, master_party, company):
    buyer = master_party("Raj Furnishings", is_customer=True, state_code="29")
    invoice = issue(buyer, OCT_1, [line("8415", "1", "90000.00")])
    note = issue(
        buyer,
        date(2025, 10, 3),
        [line("8415", "1", "5000.00")],
        kind="credit_note",
        against_document_id=invoice.id,
    )

    assert get_gstr1_section(company=company, document=note) == "cdnur"
