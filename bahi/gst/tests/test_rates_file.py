"""Reading and checking rate files; the shipped rates_v1.json must always parse."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.gst.errors import InvalidRateData, OverlappingRate
from bahi.gst.rates_file import RateRow, check_no_overlap, parse_rates, read_rates_file


def _row(**overrides):
    row = {
        "hsn_or_sac": "5555",
        "rate_percent": "12",
        "cess_percent": "0",
        "valid_from": "2024-04-01",
        "valid_to": "2025-09-22",
        "description": "Test goods",
    }
    return row | overrides


def _rate(code, start, end):
    return RateRow(code, Decimal(5), Decimal(0), start, end, "x")


def test_shipped_file_parses_and_has_rates_either_side_of_22_september_2025():
    version, rows = read_rates_file("rates_v1.json")
    assert version == "rates_v1"
    cement = [row for row in rows if row.hsn_or_sac == "2523"]
    assert [(r.rate_percent, r.valid_from, r.valid_to) for r in cement] == [
        (Decimal("28"), date(2024, 4, 1), date(2025, 9, 22)),
        (Decimal("18"), date(2025, 9, 22), None),
    ]
    assert all(row.source for row in rows)


def test_parses_a_row_exactly():
    _, rows = parse_rates({"version": "t", "rates": [_row(rate_percent="0.125", valid_to=None)]})
    assert rows == (
        RateRow("5555", Decimal("0.125"), Decimal("0"), date(2024, 4, 1), None, "Test goods"),
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"hsn_or_sac": "5A"}, "rate row 1, hsn_or_sac: '5A' is not 2 to 8 digits"),
        ({"rate_percent": 12.5}, "rate row 1, rate_percent: 12.5 is not a percentage"),
        ({"rate_percent": "101"}, "rate row 1, rate_percent: '101' is not a percentage"),
        ({"cess_percent": "1.00001"}, "rate row 1, cess_percent: '1.00001' has more than 4"),
        ({"valid_from": "22-09-2025"}, "rate row 1, valid_from: '22-09-2025' is not a date"),
        ({"valid_to": "2024-04-01"}, "rate row 1, valid_to: 2024-04-01 is not after valid_from"),
        ({"description": " "}, "rate row 1, description: empty"),
    ],
)
def test_rejects_bad_rows_naming_row_and_field(override, message):
    with pytest.raises(InvalidRateData, match=message):
        parse_rates({"version": "t", "rates": [_row(**override)]})


def test_rejects_missing_field():
    row = _row()
    del row["valid_to"]
    with pytest.raises(InvalidRateData, match="rate row 1, valid_to: missing"):
        parse_rates({"version": "t", "rates": [row]})


def test_rejects_file_without_version_or_rates():
    with pytest.raises(InvalidRateData, match="no 'version'"):
        parse_rates({"rates": [_row()]})
    with pytest.raises(InvalidRateData, match="no 'rates' list"):
        parse_rates({"version": "t", "rates": []})


def test_rejects_overlapping_rows_of_one_code():
    rows = [_row(), _row(valid_from="2025-09-21", valid_to=None)]
    with pytest.raises(
        OverlappingRate,
        match=r"rate row 2: 5555 \[2025-09-21, open\) overlaps 5555 \[2024-04-01, 2025-09-22\)",
    ):
        parse_rates({"version": "t", "rates": rows})


def test_adjacent_half_open_intervals_and_other_codes_do_not_overlap():
    check_no_overlap(
        [
            _rate("5555", date(2024, 4, 1), date(2025, 9, 22)),
            _rate("5555", date(2025, 9, 22), None),
            _rate("555510", date(2024, 4, 1), None),
        ]
    )


def test_checks_overlap_against_existing_rows():
    with pytest.raises(OverlappingRate, match="rate row 1"):
        check_no_overlap(
            [_rate("5555", date(2030, 1, 1), None)], [_rate("5555", date(2024, 4, 1), None)]
        )
