from datetime import date

import pytest

from bahi.core.fiscal import fiscal_year_of
from bahi.web.dashboard.ageing import split_fifo
from bahi.web.dashboard.selectors import build_dashboard, dashboard_date
from bahi.web.tests.dashboard.sample_books import AS_OF

pytestmark = pytest.mark.django_db


def test_split_fifo_fills_the_newest_bills_first_and_leaves_the_rest_oldest():
    assert split_fifo(150, (100, 0, 80, 0)) == (100, 0, 50, 0)
    assert split_fifo(300, (100, 0, 80, 0)) == (100, 0, 80, 120)
    assert split_fifo(0, (100, 50, 80, 0)) == (0, 0, 0, 0)


def test_cash_and_bank_are_the_ledgers_on_the_cash_line_at_their_balances(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    assert [(a.name, a.balance_paise) for a in data.cash_and_bank] == [
        ("Cash", 5_000_00),
        ("Bank account", 5_98_000_00),
    ]
    assert data.cash_and_bank_paise == 6_03_000_00


def test_receivables_are_aged_first_in_first_out_from_the_ledger(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    by_name = {party.party_name: party for party in data.receivables.parties}
    # Pune: 1,18,000 (10 Apr) + 59,000 (20 May) + 23,600 (25 Jun) billed, 1,18,000 paid: the
    # payment settles the April bill, so nothing is 61-90 days old.
    assert by_name["Pune Hardware"].buckets_paise == (23_600_00, 59_000_00, 0, 0)
    assert by_name["Nashik Steel"].buckets_paise == (11_800_00, 0, 0, 0)
    assert data.receivables.buckets_paise == (35_400_00, 59_000_00, 0, 0)
    assert data.receivables.total_paise == 94_400_00


def test_payables_read_credits_as_bills(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    assert [(p.party_name, p.buckets_paise) for p in data.payables.parties] == [
        ("Mumbai Metals", (47_200_00, 0, 0, 0))
    ]


def test_a_bill_older_than_ninety_days_is_ninety_plus(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=date(2024, 9, 30))
    by_name = {party.party_name: party for party in data.receivables.parties}
    # On 30 Sep: 23,600 is 97 days old and 59,000 is 133 days old.
    assert by_name["Pune Hardware"].buckets_paise == (0, 0, 0, 82_600_00)


def test_an_overpaid_customer_shows_an_advance_not_a_negative_bucket(company, books, post):
    post(
        date(2024, 6, 30),
        [("bank", "20000.00", ""), ("sundry_debtors", "", "20000.00", books["nashik"].id)],
    )
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    nashik = next(p for p in data.receivables.parties if p.party_name == "Nashik Steel")
    assert nashik.buckets_paise == (0, 0, 0, 0)
    assert nashik.advance_paise == 8_200_00
    assert data.receivables.total_paise == 94_400_00 - 20_000_00


def test_revenue_and_expenses_by_month_of_the_year_up_to_the_day(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    assert [(m.month, m.revenue_paise, m.expenses_paise) for m in data.months] == [
        (date(2024, 4, 1), 1_00_000_00, 0),
        (date(2024, 5, 1), 50_000_00, 0),
        (date(2024, 6, 1), 30_000_00, 55_000_00),
    ]


def test_entries_after_the_day_are_not_counted_in_its_month(company, books, post):
    post(date(2024, 6, 30), [("cash", "1000.00", ""), ("interest_income", "", "1000.00")])
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=date(2024, 6, 29))
    assert data.months[-1].revenue_paise == 30_000_00
    assert data.months[-1].expenses_paise == 40_000_00


def test_gst_payable_is_output_less_input_by_head_for_the_month(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    assert data.gst_period == (date(2024, 6, 1), AS_OF)
    assert [(g.head, g.output_paise, g.input_paise, g.payable_paise) for g in data.gst] == [
        ("cgst", 2_700_00, 0, 2_700_00),
        ("sgst", 2_700_00, 0, 2_700_00),
        ("igst", 0, 7_200_00, -7_200_00),
        ("cess", 0, 0, 0),
    ]


def test_top_customers_by_amount_billed_this_year(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    assert [(p.party_name, p.year_billed_paise) for p in data.top_customers] == [
        ("Pune Hardware", 2_00_600_00),
        ("Nashik Steel", 11_800_00),
    ]


def test_the_years_billing_counts_bills_older_than_the_buckets(company, books):
    # As of 31 Mar 2025 the sales of April to June 2024 are older than the buckets' 90 days.
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=date(2025, 3, 31))
    assert [(p.party_name, p.year_billed_paise) for p in data.top_customers] == [
        ("Pune Hardware", 2_00_600_00),
        ("Nashik Steel", 11_800_00),
    ]


def test_recent_activity_lists_the_latest_dated_postings_first(company, books):
    data = build_dashboard(company=company, today=date(2026, 1, 1), as_of=AS_OF)
    assert data.recent_entries[0].entry_id == books["last"].id
    assert data.recent_entries[0].narration == "Rent"
    assert len(data.recent_entries) == 8


def test_the_dashboard_stands_on_the_last_day_of_a_year_already_over(company, books):
    year, as_of = dashboard_date(company=company, today=date(2026, 1, 15))
    assert (year, as_of) == (fiscal_year_of(date(2024, 4, 1)), date(2025, 3, 31))


def test_the_dashboard_stands_on_today_within_the_current_year(company, books):
    _, as_of = dashboard_date(company=company, today=date(2024, 7, 15))
    assert as_of == date(2024, 7, 15)


def test_another_companys_postings_never_reach_the_dashboard(company, books, admin_user):
    from bahi.ledger.services import create_company_with_books

    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    data = build_dashboard(company=other, today=date(2026, 1, 1), as_of=AS_OF)
    assert data.cash_and_bank == ()
    assert data.receivables.parties == ()
    assert data.recent_entries == ()
    assert all(m.revenue_paise == 0 for m in data.months)


def test_the_dashboard_reads_in_a_fixed_number_of_queries(
    company, books, post, django_assert_num_queries
):
    # As of 31 Mar 2025. The default year, accounts, balances, party names, months, GST, recent
    # entries and documents (8); per side the recent lines and the control account's totals
    # before 1 Jan 2025 and before the year (2). The first reading also sums each side's older
    # lines (1).
    with django_assert_num_queries(8 + 2 * 2 + 2):
        build_dashboard(company=company, today=date(2026, 1, 1))
    with django_assert_num_queries(8 + 2 * 2):
        build_dashboard(company=company, today=date(2026, 1, 1))
    for day in range(1, 20):
        post(date(2025, 3, day), [("cash", "1.00", ""), ("sales", "", "1.00")])
    with django_assert_num_queries(8 + 2 * 2):
        build_dashboard(company=company, today=date(2026, 1, 1))


def test_a_posting_dated_before_the_recent_months_is_counted_at_once(company, books, post):
    # As of 31 Mar 2025 the buckets look back to 1 Jan 2025; Pune's bills of 2024 are older.
    as_of = date(2025, 3, 31)
    before = build_dashboard(company=company, today=date(2026, 1, 1), as_of=as_of)
    pune = books["pune"].id
    post(date(2024, 5, 2), [("bank", "1000.00", ""), ("sundry_debtors", "", "1000.00", pune)])
    after = build_dashboard(company=company, today=date(2026, 1, 1), as_of=as_of)
    assert before.receivables.buckets_paise == (0, 0, 0, 94_400_00)
    assert after.receivables.buckets_paise == (0, 0, 0, 93_400_00)


def test_figures_read_partly_from_the_cache_equal_figures_read_afresh(company, books, post):
    from django.core.cache import cache

    pune = books["pune"].id
    post(date(2024, 8, 20), [("sundry_debtors", "5900.00", "", pune), ("sales", "", "5900.00")])
    # 30 Sep caches the sums before 1 Jul and before 1 Apr; 31 Oct then needs 1 Aug afresh.
    build_dashboard(company=company, today=date(2026, 1, 1), as_of=date(2024, 9, 30))
    partly_cached = build_dashboard(
        company=company, today=date(2026, 1, 1), as_of=date(2024, 10, 31)
    )
    cache.clear()
    afresh = build_dashboard(company=company, today=date(2026, 1, 1), as_of=date(2024, 10, 31))
    assert partly_cached.receivables == afresh.receivables
    pune_row = next(p for p in afresh.receivables.parties if p.party_id == pune)
    # On 31 Oct: 5,900 (20 Aug) is 72 days old; the rest of the 82,600 is older than 90 days.
    assert pune_row.buckets_paise == (0, 0, 5_900_00, 82_600_00)
    assert pune_row.year_billed_paise == 2_06_500_00
