from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from bahi.core.money import ZERO, round_money
from bahi.demo.generator import entry_dates, generate_entries, round_to_rupee, split_gst


def test_same_seed_gives_the_same_entries(fake_chart):
    first = list(generate_entries(fake_chart, count=500, years=3, seed=42))
    again = list(generate_entries(fake_chart, count=500, years=3, seed=42))
    other = list(generate_entries(fake_chart, count=500, years=3, seed=43))
    assert first == again
    assert first != other


def test_every_entry_balances_with_positive_amounts_in_paise(fake_chart):
    for entry in generate_entries(fake_chart, count=3000, years=3, seed=1):
        debits = sum((line.debit for line in entry.lines), ZERO)
        credits = sum((line.credit for line in entry.lines), ZERO)
        assert debits == credits, entry
        for line in entry.lines:
            assert (line.debit > 0) != (line.credit > 0), entry
            assert round_money(line.debit + line.credit) == line.debit + line.credit


def test_entries_come_oldest_first_within_the_years_asked(fake_chart):
    dates = [e.entry_date for e in generate_entries(fake_chart, count=2000, years=3, seed=1)]
    assert dates == sorted(dates)
    assert dates[0] == date(2024, 4, 1)
    assert dates[-1] <= date(2027, 3, 31)
    assert dates[-1] >= date(2027, 3, 30)


def test_control_account_lines_name_a_party_and_no_other_line_does(fake_chart):
    controls = {fake_chart.debtors_id, fake_chart.creditors_id}
    customers = {party.party_id for party in fake_chart.customers}
    suppliers = {party.party_id for party in fake_chart.suppliers}
    for entry in generate_entries(fake_chart, count=3000, years=3, seed=5):
        for line in entry.lines:
            if line.account_id == fake_chart.debtors_id:
                assert line.party_id in customers
            elif line.account_id == fake_chart.creditors_id:
                assert line.party_id in suppliers
            assert (line.party_id is not None) == (line.account_id in controls)


def _gst_by_account(entry):
    return {line.account_id: line.debit + line.credit for line in entry.lines}


def test_sales_gst_is_computed_per_item_line_and_cgst_equals_sgst(fake_chart):
    rate_of = {ledger: rate for (rate, _), ledger in fake_chart.sales_ids.items()}
    rate_of[fake_chart.services_sales_id] = Decimal(18)
    out = fake_chart.output_gst
    kinds = Counter()
    for entry in generate_entries(fake_chart, count=3000, years=3, seed=9):
        if entry.series != "SALES":
            continue
        items = [line for line in entry.lines if line.account_id in rate_of]
        amounts = _gst_by_account(entry)
        halves = sum((split_gst(i.credit, rate_of[i.account_id], inter_state=False)[0]
                      for i in items), ZERO)  # fmt: skip
        igst = sum((round_money(i.credit * rate_of[i.account_id] / 100) for i in items), ZERO)
        if out.igst in amounts:
            kinds["inter"] += 1
            assert amounts[out.igst] == igst
            assert out.cgst not in amounts
        elif out.cgst in amounts:
            kinds["intra"] += 1
            assert amounts[out.cgst] == amounts[out.sgst] == halves
        else:
            assert halves == ZERO == igst  # nil-rated goods only
    assert kinds["inter"] > 100
    assert kinds["intra"] > 300


@pytest.mark.parametrize(
    ("taxable", "rate", "inter_state", "expected"),
    [
        ("1234.55", "18", False, ("111.11", "0.00")),  # 111.1095 each half
        ("1234.55", "18", True, ("0.00", "222.22")),  # 222.219
        ("999.99", "5", False, ("25.00", "0.00")),  # 24.99975
        ("100.10", "28", True, ("0.00", "28.03")),  # 28.028
    ],
)
def test_split_gst_rounds_each_component_to_paise(taxable, rate, inter_state, expected):
    result = split_gst(Decimal(taxable), Decimal(rate), inter_state=inter_state)
    assert result == (Decimal(expected[0]), Decimal(expected[1]))


def test_round_to_rupee_rounds_half_up():
    assert round_to_rupee(Decimal("1180.50")) == Decimal("1181.00")
    assert round_to_rupee(Decimal("1180.49")) == Decimal("1180.00")
    assert round_to_rupee(Decimal("1180.00")) == Decimal("1180.00")


def test_round_off_lines_make_the_invoice_total_whole_rupees(fake_chart):
    rounded = 0
    for entry in generate_entries(fake_chart, count=3000, years=1, seed=3):
        amounts = _gst_by_account(entry)
        if fake_chart.round_off_id in amounts:
            rounded += 1
            assert amounts[fake_chart.round_off_id] < Decimal("0.51")
            party_total = amounts.get(fake_chart.debtors_id) or amounts[fake_chart.creditors_id]
            assert party_total == round_to_rupee(party_total)
    assert rounded > 100


def test_mix_averages_about_three_lines_per_entry_with_every_voucher_kind(fake_chart):
    entries = list(generate_entries(fake_chart, count=3000, years=1, seed=2024))
    lines = sum(len(entry.lines) for entry in entries)
    assert 3.1 <= lines / len(entries) <= 3.5
    series = Counter(entry.series for entry in entries)
    assert set(series) == {"SALES", "PURCH", "RCPT", "PMT", "JV", "CONTRA"}
    narrations = [entry.narration for entry in entries]
    assert sum(n.startswith("Salaries for") for n in narrations) == 11  # May to March
    assert narrations[0] == "Capital introduced by the promoters"


def test_entry_dates_spread_evenly_in_order():
    assert list(entry_dates(date(2024, 4, 1), 1, 4)) == [
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2024, 9, 30),
        date(2024, 12, 30),
    ]


def test_rejects_non_positive_count(fake_chart):
    with pytest.raises(ValueError, match="positive"):
        next(generate_entries(fake_chart, count=0))
