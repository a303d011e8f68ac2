from datetime import date

import pytest

from bahi.reports.selectors import build_profit_and_loss

pytestmark = pytest.mark.django_db


def test_compares_with_the_same_period_a_year_earlier(company, post):
    post(date(2024, 5, 3), [("cash", "1000.00", ""), ("sales", "", "1000.00")])
    post(date(2024, 5, 4), [("salaries", "400.00", ""), ("cash", "", "400.00")])
    post(date(2025, 5, 3), [("cash", "1500.00", ""), ("sales", "", "1500.00")])
    post(date(2025, 5, 9), [("current_tax", "150.00", ""), ("cash", "", "150.00")])
    post(date(2025, 6, 1), [("cash", "9.00", ""), ("sales", "", "9.00")])  # after the period

    statement = build_profit_and_loss(
        company=company, date_from=date(2025, 5, 1), date_to=date(2025, 5, 31)
    )

    assert (statement.previous_from, statement.previous_to) == (date(2024, 5, 1), date(2024, 5, 31))
    figures = {
        figure.label: (figure.amount_paise, figure.previous_paise)
        for figure in (
            statement.revenue,
            statement.total_income,
            *statement.expenses.lines,
            statement.expenses.total,
            statement.profit_before_tax,
            statement.tax,
            statement.profit,
        )
    }
    assert figures == {
        "Revenue from operations": (150000, 100000),
        "Total income": (150000, 100000),
        "Employee benefits expense": (0, 40000),
        "Total expenses": (0, 40000),
        "Profit before tax": (150000, 60000),
        "Tax expense": (15000, 0),
        "Profit for the period": (135000, 60000),
    }


def test_income_returned_reads_as_negative_income(company, post):
    post(date(2024, 5, 3), [("sales", "25.00", ""), ("cash", "", "25.00")])

    statement = build_profit_and_loss(
        company=company, date_from=date(2024, 5, 1), date_to=date(2024, 5, 31), compare=False
    )

    assert statement.revenue.amount_paise == -2500
    assert statement.profit.amount_paise == -2500
    assert statement.expenses.lines == ()


def test_reads_a_fixed_number_of_queries(company, post, django_assert_max_num_queries):
    post(date(2024, 5, 3), [("cash", "1000.00", ""), ("sales", "", "1000.00")])

    with django_assert_max_num_queries(5):
        build_profit_and_loss(
            company=company, date_from=date(2024, 5, 1), date_to=date(2024, 5, 31)
        )
