"""Deciding the heads and computing taxes (india-tax reference section 3), with exact paise."""

from decimal import Decimal

import pytest

from bahi.gst.calc import (
    LineInput,
    Supply,
    SupplyType,
    TaxHead,
    compute_document_tax,
    decide_tax_regime,
    default_place_of_supply,
    round_to_rupee,
)
from bahi.gst.errors import InvalidGstin, InvalidSupply, UnknownStateCode

D = Decimal
MAHARASHTRA, KARNATAKA, CHANDIGARH, ABROAD = "27", "29", "04", "96"


def test_intra_state_supply_carries_cgst_and_sgst():
    regime = decide_tax_regime(Supply(MAHARASHTRA, MAHARASHTRA))
    assert regime.heads == (TaxHead.CGST, TaxHead.SGST, TaxHead.CESS)
    assert regime.is_intra_state
    assert not regime.is_zero_rated


def test_intra_state_supply_in_a_union_territory_without_legislature_carries_utgst():
    regime = decide_tax_regime(Supply(CHANDIGARH, CHANDIGARH))
    assert regime.heads == (TaxHead.CGST, TaxHead.UTGST, TaxHead.CESS)


def test_inter_state_supply_carries_igst():
    regime = decide_tax_regime(Supply(MAHARASHTRA, KARNATAKA))
    assert regime.heads == (TaxHead.IGST, TaxHead.CESS)
    assert not regime.is_intra_state


def test_supply_to_sez_in_the_same_state_is_igst_on_intra():
    regime = decide_tax_regime(Supply(MAHARASHTRA, MAHARASHTRA, SupplyType.SEZ_WITH_PAYMENT))
    assert regime.heads == (TaxHead.IGST, TaxHead.CESS)
    assert regime.is_zero_rated
    assert regime.is_igst_on_intra
    assert not regime.is_intra_state


@pytest.mark.parametrize(
    ("supply_type", "place"),
    [(SupplyType.SEZ_WITHOUT_PAYMENT, KARNATAKA), (SupplyType.EXPORT_WITHOUT_PAYMENT, ABROAD)],
)
def test_zero_rated_supply_under_lut_charges_no_tax(supply_type, place):
    regime = decide_tax_regime(Supply(MAHARASHTRA, place, supply_type))
    assert regime.heads == ()
    assert not regime.charges_tax
    assert regime.is_zero_rated


def test_export_with_payment_carries_igst():
    regime = decide_tax_regime(Supply(MAHARASHTRA, ABROAD, SupplyType.EXPORT_WITH_PAYMENT))
    assert regime.heads == (TaxHead.IGST, TaxHead.CESS)


def test_deemed_export_is_taxed_like_a_domestic_supply():
    regime = decide_tax_regime(Supply(MAHARASHTRA, MAHARASHTRA, SupplyType.DEEMED_EXPORT))
    assert regime.heads == (TaxHead.CGST, TaxHead.SGST, TaxHead.CESS)
    assert not regime.is_zero_rated


def test_export_needs_other_countries_as_place_of_supply():
    with pytest.raises(InvalidSupply, match="needs place of supply 96") as caught:
        decide_tax_regime(Supply(MAHARASHTRA, KARNATAKA, SupplyType.EXPORT_WITH_PAYMENT))
    assert caught.value.details == {"field": "place_of_supply_code"}


def test_domestic_supply_cannot_have_other_countries_as_place_of_supply():
    with pytest.raises(InvalidSupply, match="needs place of supply an Indian state, not '96'"):
        decide_tax_regime(Supply(MAHARASHTRA, ABROAD))


def test_rejects_unknown_state_codes():
    with pytest.raises(UnknownStateCode, match="supplier state code '00'"):
        decide_tax_regime(Supply("00", MAHARASHTRA))
    with pytest.raises(UnknownStateCode, match="place of supply '98'"):
        decide_tax_regime(Supply(MAHARASHTRA, "98"))
    with pytest.raises(UnknownStateCode, match="supplier state code '96'"):
        decide_tax_regime(Supply(ABROAD, MAHARASHTRA))


def test_each_head_is_rounded_per_line_not_split_from_a_rounded_total():
    # Reference 3.5: 333.33 at 5% intra-state is 8.33 + 8.33 = 16.66; IGST would be 16.67.
    intra = compute_document_tax(Supply(MAHARASHTRA, MAHARASHTRA), [LineInput(D("333.33"), D("5"))])
    inter = compute_document_tax(Supply(MAHARASHTRA, KARNATAKA), [LineInput(D("333.33"), D("5"))])
    assert (intra.cgst, intra.sgst, intra.igst, intra.tax_total) == (
        D("8.33"),
        D("8.33"),
        D("0.00"),
        D("16.66"),
    )
    assert (inter.cgst, inter.sgst, inter.igst, inter.tax_total) == (
        D("0.00"),
        D("0.00"),
        D("16.67"),
        D("16.67"),
    )


def test_intra_state_invoice_with_two_lines_and_cess_rounds_to_the_rupee():
    lines = [LineInput(D("1000.50"), D("18")), LineInput(D("250.25"), D("28"), D("12"))]
    document = compute_document_tax(Supply(MAHARASHTRA, MAHARASHTRA), lines)
    first, second = document.lines
    assert (first.cgst, first.sgst, first.cess) == (D("90.05"), D("90.05"), D("0.00"))
    assert (second.cgst, second.sgst, second.cess) == (D("35.04"), D("35.04"), D("30.03"))
    assert second.line_total == D("350.36")
    assert document.taxable_total == D("1250.75")
    assert (document.cgst, document.sgst, document.cess) == (D("125.09"), D("125.09"), D("30.03"))
    assert document.invoice_value == D("1530.96")
    assert document.rounded_total == D("1531.00")
    assert document.round_off == D("0.04")


def test_utgst_line_carries_no_sgst():
    document = compute_document_tax(Supply(CHANDIGARH, CHANDIGARH), [LineInput(D("100"), D("18"))])
    assert (document.cgst, document.utgst, document.sgst) == (D("9.00"), D("9.00"), D("0.00"))


def test_export_under_lut_has_no_tax_even_with_cess_rate():
    supply = Supply(MAHARASHTRA, ABROAD, SupplyType.EXPORT_WITHOUT_PAYMENT)
    document = compute_document_tax(supply, [LineInput(D("5000.40"), D("28"), D("12"))])
    assert document.tax_total == D("0.00")
    assert document.invoice_value == D("5000.40")
    assert document.rounded_total == D("5000.00")
    assert document.round_off == D("-0.40")


def test_reverse_charge_tax_is_shown_but_not_added_to_the_invoice_value():
    supply = Supply(MAHARASHTRA, KARNATAKA, is_reverse_charge=True)
    document = compute_document_tax(supply, [LineInput(D("10000"), D("18"))])
    assert document.igst == D("1800.00")
    assert document.regime.is_reverse_charge
    assert document.invoice_value == D("10000.00")


def test_rounding_can_be_switched_off():
    document = compute_document_tax(
        Supply(MAHARASHTRA, KARNATAKA), [LineInput(D("10.10"), D("5"))], round_total=False
    )
    assert (document.invoice_value, document.rounded_total, document.round_off) == (
        D("10.61"),
        D("10.61"),
        D("0.00"),
    )


@pytest.mark.parametrize(
    ("line", "message", "field"),
    [
        (LineInput(D("-1"), D("18")), "line 2: taxable value -1 is not exact", "taxable_value"),
        (LineInput(D("1.001"), D("18")), "line 2: taxable value 1.001", "taxable_value"),
        (LineInput(D("1"), D("118")), "line 2: GST rate 118% is outside", "rate_percent"),
        (LineInput(D("1"), D("18"), D("-1")), "line 2: cess rate -1%", "cess_percent"),
    ],
)
def test_rejects_bad_lines_naming_line_and_field(line, message, field):
    with pytest.raises(InvalidSupply, match=message) as caught:
        compute_document_tax(Supply(MAHARASHTRA, KARNATAKA), [LineInput(D("1"), D("5")), line])
    assert caught.value.details == {"line": 1, "field": field}


def test_rejects_a_document_without_lines():
    with pytest.raises(InvalidSupply, match="at least one line"):
        compute_document_tax(Supply(MAHARASHTRA, KARNATAKA), [])


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("10.49", "10.00"), ("10.50", "11.00"), ("0.00", "0.00"), ("-10.50", "-11.00")],
)
def test_round_to_rupee_half_up_away_from_zero(amount, rounded):
    assert round_to_rupee(D(amount)) == D(rounded)


def test_default_place_of_supply_is_the_registered_buyers_gstin_state():
    assert default_place_of_supply(buyer_gstin="29aafcc9980m1zr", buyer_state_code="27") == "29"


def test_default_place_of_supply_of_an_unregistered_buyer_is_the_shipping_or_address_state():
    assert default_place_of_supply(buyer_state_code="27") == "27"
    assert default_place_of_supply(buyer_state_code="27", shipping_state_code="29") == "29"


def test_default_place_of_supply_abroad_unless_shipped_within_india():
    assert default_place_of_supply(buyer_state_code=ABROAD) == ABROAD
    assert default_place_of_supply(buyer_state_code=ABROAD, shipping_state_code="24") == "24"


def test_default_place_of_supply_refuses_invalid_gstin_and_unknown_state():
    with pytest.raises(InvalidGstin, match="should be 'V'") as caught:
        default_place_of_supply(buyer_gstin="01AABCE2207R1Z5")
    assert caught.value.details == {"field": "buyer_gstin"}
    with pytest.raises(UnknownStateCode, match="buyer state code ''"):
        default_place_of_supply()
