"""get_rate over the rows the data migration loaded from rates_v1.json."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.gst.calc import LineInput, Supply, compute_document_tax
from bahi.gst.errors import InvalidHsnCode, RateNotFound
from bahi.gst.models import GstRate
from bahi.gst.selectors import get_rate

pytestmark = pytest.mark.django_db


def _tax_on(hsn_code, on, taxable_value):
    rate = get_rate(hsn_code, on)
    line = LineInput(Decimal(taxable_value), rate.rate_percent, rate.cess_percent)
    return compute_document_tax(Supply("27", "27"), [line])


def test_cement_sold_on_21_and_22_september_2025_is_taxed_at_old_and_new_rates():
    before = _tax_on("25232910", date(2025, 9, 21), "10000.00")
    after = _tax_on("25232910", date(2025, 9, 22), "10000.00")
    assert (before.cgst, before.sgst, before.invoice_value) == (
        Decimal("1400.00"),
        Decimal("1400.00"),
        Decimal("12800.00"),
    )
    assert (after.cgst, after.sgst, after.invoice_value) == (
        Decimal("900.00"),
        Decimal("900.00"),
        Decimal("11800.00"),
    )


def test_compensation_cess_ends_on_22_september_2025():
    assert get_rate("22021010", date(2025, 9, 21)).cess_percent == Decimal("12")
    after = get_rate("22021010", date(2025, 9, 22))
    assert (after.rate_percent, after.cess_percent) == (Decimal("40"), Decimal("0"))


def test_most_specific_prefix_wins():
    assert get_rate("71023910", date(2025, 10, 1)).rate_percent == Decimal("1.5")
    assert get_rate("71021000", date(2025, 10, 1)).rate_percent == Decimal("0.25")
    assert get_rate("710239", date(2025, 10, 1)).hsn_or_sac == "710239"


def test_valid_to_is_exclusive_and_valid_from_inclusive():
    GstRate.objects.create(
        hsn_or_sac="5555",
        rate_percent=Decimal("12"),
        valid_from=date(2024, 4, 1),
        valid_to=date(2024, 5, 1),
        description="Test goods",
        data_version="test",
    )
    assert get_rate("5555", date(2024, 4, 1)).rate_percent == Decimal("12")
    assert get_rate("5555", date(2024, 4, 30)).rate_percent == Decimal("12")
    with pytest.raises(RateNotFound, match="no GST rate for HSN/SAC 5555 on 2024-05-01"):
        get_rate("5555", date(2024, 5, 1))


def test_no_rate_before_coverage_starts():
    with pytest.raises(RateNotFound) as caught:
        get_rate("2523", date(2024, 3, 31))
    assert caught.value.details == {"hsn_code": "2523", "on": "2024-03-31"}


def test_rejects_malformed_codes():
    with pytest.raises(InvalidHsnCode, match="'25-23' is not 2 to 8 digits"):
        get_rate("25-23", date(2025, 10, 1))


def test_reads_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        get_rate("25232910", date(2025, 10, 1))
