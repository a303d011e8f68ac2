"""get_rates: the rates of several codes (an invoice's lines) in one query."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.gst.errors import InvalidHsnCode, RateNotFound
from bahi.gst.selectors import get_rate, get_rates

pytestmark = pytest.mark.django_db
ON = date(2025, 10, 1)


def test_get_rates_gives_each_code_what_get_rate_gives_in_one_query(django_assert_num_queries):
    codes = ["2523", "71023910", "9983", " 0406 ", "2523"]

    with django_assert_num_queries(1):
        rates = get_rates(codes, ON)

    assert list(rates) == ["2523", "71023910", "9983", "0406"]
    assert rates == {code: get_rate(code, ON) for code in rates}
    assert rates["71023910"].hsn_or_sac == "710239"  # the longest matching prefix


def test_get_rates_names_the_first_code_without_a_rate(django_assert_num_queries):
    with pytest.raises(RateNotFound, match="HSN/SAC 2402 on 2025-10-01"):
        get_rates(["2523", "2402", "0406"], ON)  # tobacco's 40% starts on 1 Feb 2026

    with pytest.raises(InvalidHsnCode), django_assert_num_queries(0):
        get_rates(["2523", "25A3"], ON)


def test_no_codes_need_no_query(django_assert_num_queries):
    """Every line with its own rate: nothing to look up (`IN ()` is an error on PostgreSQL)."""
    with django_assert_num_queries(0):
        assert get_rates([], date(2025, 10, 1)) == {}


def test_rates_come_back_as_exact_decimals_and_dates():
    rate = get_rates(["2523"], date(2025, 10, 1))["2523"]
    assert rate.rate_percent == Decimal("18")
    assert isinstance(rate.rate_percent, Decimal)
    assert type(rate.valid_from) is date
