from datetime import date

from bahi.web.dashboard.links import report_url


def test_a_report_link_carries_its_period_as_iso_dates():
    url = report_url("dashboard", as_of=date(2025, 3, 31), party=None)
    assert url == "/dashboard/?as_of=2025-03-31"


def test_a_figure_whose_report_page_is_not_installed_gets_no_link():
    assert report_url("books:no-such-report", as_of=date(2025, 3, 31)) is None
