"""Amounts, dates and names as the formats spell them (pure: no database)."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.ledger.formats.common import (
    ISO_DATE,
    ParsedPosting,
    beancount_component,
    complete_postings,
    format_amount,
    journal_component,
    parse_amount,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INR 1,234.50", "1234.50"),
        ("₹1,234.50", "1234.50"),
        ("1234.50 INR", "1234.50"),
        ("-INR 100", "-100.00"),
        ("INR -100", "-100.00"),
        ("-₹12,34,567.89", "-1234567.89"),
        ("Rs. 5", "5.00"),
        ('"INR" 7.5', "7.50"),
        ("42", "42.00"),
        (".5", "0.50"),
    ],
)
def test_parses_rupee_amounts_exactly(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("USD 10", "commodity USD is not INR: Bahi keeps books in rupees only"),
        ("10 EUR", "commodity EUR is not INR: Bahi keeps books in rupees only"),
        ("1.001", "bad amount '1.001': more than two decimal places"),
        ("1,2", "bad amount '1,2'"),
        ("--5", "bad amount '--5'"),
        ("INR 5 INR", "bad amount 'INR 5 INR'"),
        ("(1+2) INR", "bad amount '(1+2) INR'"),
    ],
)
def test_refuses_bad_amounts_with_the_reason(text, reason):
    with pytest.raises(ValueError, match="^") as raised:
        parse_amount(text)
    assert str(raised.value) == reason


def test_formats_paise_without_grouping():
    assert [format_amount(p) for p in (0, 5, -5, 123456, -100000000)] == [
        "0.00",
        "0.05",
        "-0.05",
        "1234.56",
        "-1000000.00",
    ]


def test_parses_dates_and_names_impossible_ones():
    assert parse_date("2024/4/1", (ISO_DATE,), "YYYY-MM-DD") == date(2024, 4, 1)
    with pytest.raises(ValueError, match="'2024-02-30' is not a valid date"):
        parse_date("2024-02-30", (ISO_DATE,), "YYYY-MM-DD")


def test_infers_the_omitted_amount_and_drops_zero_postings():
    postings = [
        ParsedPosting(2, "Expenses:Rent", Decimal("100.00")),
        ParsedPosting(3, "Expenses:Misc", Decimal("0.00")),
        ParsedPosting(4, "Assets:Cash", None),
    ]

    completed = complete_postings(postings)

    assert [(p.line, p.amount) for p in completed] == [
        (2, Decimal("100.00")),
        (4, Decimal("-100.00")),
    ]


def test_names_become_valid_components():
    assert beancount_component("Sundry debtors") == "Sundry-debtors"
    assert beancount_component("Input SGST / UTGST") == "Input-SGST-UTGST"
    assert beancount_component("café  owner's") == "Cafe-owner-s"
    assert beancount_component("मेहता") == ""
    assert journal_component("Gupta & Sons: Wholesale;  Pune") == "Gupta & Sons- Wholesale, Pune"
