"""The database refuses overlapping rates even when the loader is bypassed."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from bahi.gst.models import GstRate

pytestmark = pytest.mark.django_db


def _create(code, start, end):
    with transaction.atomic():
        return GstRate.objects.create(
            hsn_or_sac=code,
            rate_percent=Decimal("5"),
            valid_from=start,
            valid_to=end,
            description="Test goods",
            data_version="test",
        )


def test_insert_overlapping_an_open_interval_fails():
    _create("5555", date(2024, 4, 1), None)
    with pytest.raises(IntegrityError):
        _create("5555", date(2030, 1, 1), date(2031, 1, 1))
    assert GstRate.objects.filter(hsn_or_sac="5555").count() == 1


def test_adjacent_intervals_and_other_codes_are_accepted():
    _create("5555", date(2024, 4, 1), date(2025, 9, 22))
    _create("5555", date(2025, 9, 22), None)
    _create("555510", date(2024, 4, 1), None)
    assert GstRate.objects.filter(hsn_or_sac__startswith="5555").count() == 3


def test_update_into_an_overlap_fails():
    _create("5555", date(2024, 4, 1), date(2025, 9, 22))
    later = _create("5555", date(2025, 9, 22), None)
    later.valid_from = date(2025, 9, 21)
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()


def test_valid_to_must_follow_valid_from():
    with pytest.raises(IntegrityError):
        _create("5555", date(2024, 4, 1), date(2024, 4, 1))
