from datetime import date
from decimal import Decimal

import pytest

from bahi.gst.errors import OverlappingRate
from bahi.gst.models import GstRate
from bahi.gst.rates_file import RateRow
from bahi.gst.services import load_rates

pytestmark = pytest.mark.django_db


def _rate(code, start, end, rate="5"):
    return RateRow(code, Decimal(rate), Decimal("0"), start, end, "Test goods", "test source")


def test_data_migration_loaded_every_row_of_rates_v1():
    assert GstRate.objects.filter(data_version="rates_v1").count() == 21


def test_loads_rows_with_their_version():
    written = load_rates(
        rows=[
            _rate("5555", date(2024, 4, 1), date(2025, 9, 22), "12"),
            _rate("5555", date(2025, 9, 22), None),
        ],
        data_version="rates_test",
    )
    assert written == 2
    stored = GstRate.objects.filter(hsn_or_sac="5555").order_by("valid_from")
    assert [(r.rate_percent, r.valid_to, r.data_version, r.source) for r in stored] == [
        (Decimal("12.0000"), date(2025, 9, 22), "rates_test", "test source"),
        (Decimal("5.0000"), None, "rates_test", "test source"),
    ]


def test_refuses_a_row_overlapping_a_stored_one_and_writes_nothing():
    rows = [
        _rate("5555", date(2020, 1, 1), date(2021, 1, 1)),
        _rate("2523", date(2025, 1, 1), None),
    ]
    with pytest.raises(OverlappingRate, match=r"rate row 2: 2523 \[2025-01-01, open\) overlaps"):
        load_rates(rows=rows, data_version="rates_test")
    assert not GstRate.objects.filter(data_version="rates_test").exists()
