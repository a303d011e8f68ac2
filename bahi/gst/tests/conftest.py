import pytest

from bahi.gst.rates_file import read_rates_file
from bahi.gst.services import load_rates


@pytest.fixture(autouse=True)
def _rates_v1_present(request):
    """The rates the data migration loads. A test elsewhere that commits (transactional_db) is
    cleaned up by emptying every table, data migrations' rows included, so reload them then."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from bahi.gst.models import GstRate

    if not GstRate.objects.filter(data_version="rates_v1").exists():
        version, rows = read_rates_file("rates_v1.json")
        load_rates(rows=rows, data_version=version)
