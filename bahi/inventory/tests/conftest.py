import pytest

from bahi.gst.models import GstRate
from bahi.gst.rates_file import read_rates_file
from bahi.gst.services import load_rates


@pytest.fixture(autouse=True)
def _rates_v1_present(db):
    """The rates the data migration loads (a transactional test elsewhere may have emptied them)."""
    if not GstRate.objects.filter(data_version="rates_v1").exists():
        version, rows = read_rates_file("rates_v1.json")
        load_rates(rows=rows, data_version=version)
