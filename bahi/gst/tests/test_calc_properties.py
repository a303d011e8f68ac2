"""Properties of the GST calculator (STYLE section 9). Hypothesis is derandomized."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bahi.core.money import ZERO
from bahi.gst.calc import LineInput, Supply, SupplyType, compute_document_tax
from bahi.gst.states import current_states

PROPERTY_SETTINGS = settings(derandomize=True, max_examples=150, deadline=None)
RATES = [Decimal(rate) for rate in ("0", "0.1", "0.25", "1.5", "3", "5", "12", "18", "28", "40")]
STATE_CODES = [state.code for state in current_states()]

amounts = st.integers(min_value=0, max_value=10**11).map(lambda paise: Decimal(paise) / 100)
lines = st.builds(
    LineInput,
    taxable_value=amounts,
    rate_percent=st.sampled_from(RATES),
    cess_percent=st.sampled_from([ZERO, Decimal("1"), Decimal("12"), Decimal("0.5")]),
)
line_lists = st.lists(lines, min_size=1, max_size=20)
domestic_types = st.sampled_from(
    [SupplyType.REGULAR, SupplyType.DEEMED_EXPORT, SupplyType.SEZ_WITH_PAYMENT]
    + [SupplyType.SEZ_WITHOUT_PAYMENT]
)
supplies = st.builds(
    Supply,
    supplier_state_code=st.sampled_from(STATE_CODES),
    place_of_supply_code=st.sampled_from(STATE_CODES),
    supply_type=domestic_types,
    is_reverse_charge=st.booleans(),
)


@PROPERTY_SETTINGS
@given(state=st.sampled_from(STATE_CODES), items=line_lists)
def test_intra_state_cgst_equals_state_tax_on_every_line(state, items):
    document = compute_document_tax(Supply(state, state), items)
    for line in document.lines:
        assert line.cgst == line.sgst + line.utgst
        assert line.igst == ZERO
    assert document.cgst == document.sgst + document.utgst


@PROPERTY_SETTINGS
@given(supply=supplies, items=line_lists)
def test_head_totals_are_sums_of_line_taxes(supply, items):
    document = compute_document_tax(supply, items)
    for head in ("cgst", "sgst", "utgst", "igst", "cess", "taxable_value"):
        total = sum((getattr(line, head) for line in document.lines), ZERO)
        assert total == getattr(document, "taxable_total" if head == "taxable_value" else head)
    charged = ZERO if supply.is_reverse_charge else document.tax_total
    assert document.invoice_value == document.taxable_total + charged


@PROPERTY_SETTINGS
@given(supply=supplies, items=line_lists)
def test_rupee_rounding_never_moves_the_total_by_more_than_fifty_paise(supply, items):
    document = compute_document_tax(supply, items)
    assert Decimal("-0.50") < document.round_off <= Decimal("0.50")
    assert document.rounded_total == document.invoice_value + document.round_off
    assert document.rounded_total == document.rounded_total.to_integral_value()


@PROPERTY_SETTINGS
@given(supplier=st.sampled_from(STATE_CODES), items=line_lists, reverse=st.booleans())
def test_exports_under_lut_carry_no_tax(supplier, items, reverse):
    supply = Supply(supplier, "96", SupplyType.EXPORT_WITHOUT_PAYMENT, is_reverse_charge=reverse)
    document = compute_document_tax(supply, items)
    assert document.tax_total == ZERO
    assert all(line.total_tax == ZERO for line in document.lines)
    assert document.invoice_value == document.taxable_total
