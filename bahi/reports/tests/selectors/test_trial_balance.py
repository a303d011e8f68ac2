from datetime import date

import pytest

from bahi.core.money import money
from bahi.ledger.chart import DEFAULT_CHART
from bahi.ledger.services import create_company_with_books, post_journal_entry
from bahi.ledger.types import EntryInput, LineInput
from bahi.reports.errors import InvalidReportPeriod
from bahi.reports.selectors import build_trial_balance

pytestmark = pytest.mark.django_db


def test_income_and_expenses_of_earlier_years_are_brought_forward_in_one_row(company, post):
    post(date(2024, 6, 1), [("cash", "1000.00", ""), ("sales", "", "1000.00")])
    post(date(2025, 3, 31), [("rent", "300.00", ""), ("cash", "", "300.00")])
    post(date(2025, 4, 2), [("rent", "50.00", ""), ("cash", "", "50.00")])

    trial_balance = build_trial_balance(
        company=company, date_from=date(2025, 4, 1), date_to=date(2026, 3, 31)
    )

    rows = {
        row.name: (row.opening_paise, row.debit_paise, row.credit_paise, row.closing_paise)
        for row in trial_balance.rows
        if not row.is_group
    }
    assert rows == {
        "Cash": (70000, 0, 5000, 65000),
        "Rent": (0, 5000, 0, 5000),
        "Profit and loss brought forward": (-70000, 0, 0, -70000),
    }
    brought_forward = next(row for row in trial_balance.rows if row.account_id is None)
    assert brought_forward.depth == 2  # beside Retained earnings, under Equity > Reserves
    totals = trial_balance.totals
    assert (totals.opening_debit_paise, totals.opening_credit_paise) == (70000, 70000)
    assert (totals.closing_debit_paise, totals.closing_credit_paise) == (70000, 70000)


def test_a_period_inside_the_year_opens_income_and_expenses_at_the_year_to_date(company, post):
    post(date(2024, 4, 10), [("rent", "100.00", ""), ("cash", "", "100.00")])
    post(date(2024, 5, 10), [("rent", "20.00", ""), ("cash", "", "20.00")])

    trial_balance = build_trial_balance(
        company=company, date_from=date(2024, 5, 1), date_to=date(2024, 5, 31)
    )

    rent = next(row for row in trial_balance.rows if row.name == "Rent")
    assert (rent.opening_paise, rent.debit_paise, rent.closing_paise) == (10000, 2000, 12000)
    assert all(row.account_id is not None for row in trial_balance.rows)


def test_include_zero_lists_every_account_of_the_chart(company):
    trial_balance = build_trial_balance(
        company=company, date_from=date(2024, 4, 1), date_to=date(2025, 3, 31), include_zero=True
    )

    assert len(trial_balance.rows) == len(DEFAULT_CHART) + 1  # and the brought-forward row
    assert {row.closing_paise for row in trial_balance.rows} == {0}


def test_another_companys_postings_never_appear(company, admin_user, post):
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    cash, capital = (other.accounts.get(system_role=role).id for role in ("cash", "capital"))
    post_journal_entry(
        company=other,
        actor=admin_user,
        entry=EntryInput(
            entry_date=date(2024, 4, 1),
            lines=(
                LineInput(account_id=cash, debit=money("999.00")),
                LineInput(account_id=capital, credit=money("999.00")),
            ),
        ),
    )
    post(date(2024, 4, 1), [("cash", "1.00", ""), ("capital", "", "1.00")])

    trial_balance = build_trial_balance(
        company=company, date_from=date(2024, 4, 1), date_to=date(2025, 3, 31)
    )

    assert trial_balance.totals.debit_paise == 100
    assert {row.account_id for row in trial_balance.rows} <= set(
        company.accounts.values_list("id", flat=True)
    ) | {None}


def test_reads_a_fixed_number_of_queries_whatever_the_postings(
    company, post, django_assert_max_num_queries
):
    for day in range(1, 29):
        post(date(2024, 5, day), [("rent", "10.00", ""), ("cash", "", "10.00")])

    with django_assert_max_num_queries(4):
        build_trial_balance(company=company, date_from=date(2024, 5, 10), date_to=date(2024, 5, 20))


def test_rejects_a_period_that_ends_before_it_starts(company):
    with pytest.raises(InvalidReportPeriod):
        build_trial_balance(company=company, date_from=date(2024, 5, 2), date_to=date(2024, 5, 1))
