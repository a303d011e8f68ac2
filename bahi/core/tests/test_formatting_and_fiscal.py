from datetime import date
from decimal import Decimal

import pytest

from bahi.core.fiscal import fiscal_year_of
from bahi.core.formatting import format_date, format_inr


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234567.89", "₹12,34,567.89"),
        ("999", "₹999.00"),
        ("1000", "₹1,000.00"),
        ("100000", "₹1,00,000.00"),
        ("-12345678.5", "-₹1,23,45,678.50"),
        ("0", "₹0.00"),
    ],
)
def test_format_inr_groups_in_lakhs_and_crores(amount, text):
    assert format_inr(Decimal(amount)) == text


def test_fiscal_year_runs_april_to_march():
    year = fiscal_year_of(date(2026, 3, 31))
    assert (year.start, year.end, year.label) == (date(2025, 4, 1), date(2026, 3, 31), "2025-26")
    assert fiscal_year_of(date(2026, 4, 1)).label == "2026-27"
    assert fiscal_year_of(date(2026, 4, 1)).previous().label == "2025-26"


def test_fiscal_year_can_follow_the_calendar():
    assert fiscal_year_of(date(2026, 6, 1), start_month=1).label == "2026"


def test_dates_are_shown_day_month_year():
    assert format_date(date(2026, 11, 24)) == "24-11-2026"
