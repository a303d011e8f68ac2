from decimal import Decimal

import pytest

from bahi.gst.words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (
            "1234567.89",
            "Rupees Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven "
            "and Eighty-Nine Paise Only",
        ),
        ("0.00", "Rupees Zero Only"),
        ("0.05", "Rupees Zero and Five Paise Only"),
        ("101", "Rupees One Hundred One Only"),
        ("110000", "Rupees One Lakh Ten Thousand Only"),
        ("10000000", "Rupees One Crore Only"),
        ("1000000000", "Rupees One Hundred Crore Only"),
        (
            "12345678901.01",
            "Rupees One Thousand Two Hundred Thirty-Four Crore Fifty-Six Lakh Seventy-Eight "
            "Thousand Nine Hundred One and One Paise Only",
        ),
        ("-5.50", "Minus Rupees Five and Fifty Paise Only"),
    ],
)
def test_amount_in_words_indian_style(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_tens_are_hyphenated_and_round_tens_are_not():
    assert number_in_words(40) == "Forty"
    assert number_in_words(99) == "Ninety-Nine"
    assert number_in_words(19) == "Nineteen"


def test_refuses_sub_paisa_amounts():
    with pytest.raises(ValueError, match="not an exact rupee amount"):
        amount_in_words(Decimal("1.005"))


def test_refuses_negative_numbers():
    with pytest.raises(ValueError, match="non-negative"):
        number_in_words(-1)
