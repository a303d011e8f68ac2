"""Writes for GST reference data. Rates are statutory, shared by every company."""

from collections.abc import Sequence

from django.db import transaction

from bahi.gst.models import GstRate
from bahi.gst.rates_file import RateRow, check_no_overlap


def _existing_rows(rate_model: type[GstRate], codes: set[str]) -> list[RateRow]:
    return [
        RateRow(
            hsn_or_sac=rate.hsn_or_sac,
            rate_percent=rate.rate_percent,
            cess_percent=rate.cess_percent,
            valid_from=rate.valid_from,
            valid_to=rate.valid_to,
            description=rate.description,
        )
        for rate in rate_model.objects.filter(hsn_or_sac__in=codes)
    ]


@transaction.atomic
def load_rates(
    *, rows: Sequence[RateRow], data_version: str, rate_model: type[GstRate] = GstRate
) -> int:
    """Insert rate rows from a data file; returns how many were written.

    All or nothing: raises OverlappingRate (naming the row) if a row overlaps another row of the
    file or one already stored; the database refuses overlaps too. `rate_model` lets a data
    migration pass its historical model."""
    existing = _existing_rows(rate_model, {row.hsn_or_sac for row in rows})
    check_no_overlap(rows, existing)
    rate_model.objects.bulk_create(
        rate_model(
            hsn_or_sac=row.hsn_or_sac,
            rate_percent=row.rate_percent,
            cess_percent=row.cess_percent,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            description=row.description,
            source=row.source,
            data_version=data_version,
        )
        for row in rows
    )
    return len(rows)
