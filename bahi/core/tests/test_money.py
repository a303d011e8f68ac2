from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bahi.core.money import allocate, from_paise, money, round_money, to_paise


def test_money_parses_exact_amounts_with_indian_commas():
    assert money("12,34,567.89") == Decimal("1234567.89")
    assert money(5) == Decimal("5.00")


@pytest.mark.parametrize("bad", [0.1, "1.005", "abc", "NaN", "Infinity"])
def test_money_refuses_floats_sub_paisa_and_non_numbers(bad):
    with pytest.raises(ValueError, match="not"):
        money(bad)


def test_round_money_rounds_half_away_from_zero():
    assert round_money(Decimal("2.345")) == Decimal("2.35")
    assert round_money(Decimal("-2.345")) == Decimal("-2.35")


def test_paise_round_trip_is_exact():
    assert to_paise(Decimal("1234567.89")) == 123456789
    assert from_paise(123456789) == Decimal("1234567.89")
    with pytest.raises(ValueError, match="not an exact rupee amount"):
        to_paise(Decimal("0.001"))


def test_allocate_gives_leftover_paise_to_largest_remainders():
    assert allocate(Decimal("100.00"), [Decimal(1)] * 3) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


@given(
    total_paise=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=20),
)
def test_allocate_always_sums_to_the_total(total_paise, weights):
    total = from_paise(total_paise)
    parts = allocate(total, [Decimal(w) for w in weights])
    assert sum(parts) == total
    assert all(part >= 0 for part in parts)
