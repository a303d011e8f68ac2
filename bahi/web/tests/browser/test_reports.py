"""The report pages in Chromium: drill down from the trial balance, read the balance sheet on a
phone, print without the navigation."""

import pytest

from bahi.ledger.services import create_party
from bahi.web.tests.browser.conftest import PHONE
from bahi.web.tests.dashboard.sample_books import post_sample_books

pytestmark = pytest.mark.django_db(transaction=True)
QUARTER = "date_from=2024-04-01&date_to=2024-06-30"


@pytest.fixture
def books(company, admin_user, post):
    def party(name: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return create_party(company=company, actor=admin_user, name=name, **kwargs)  # type: ignore[arg-type]

    return post_sample_books(post, party)


def test_a_trial_balance_figure_opens_the_ledger_behind_it(visit, admin_user, books):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto(f"/reports/trial-balance/?{QUARTER}")
    row = page.locator("#trial-balance-table tr", has_text="1230 Sundry debtors")
    assert row.locator("td").nth(3).inner_text() == "₹94,400.00 Dr"
    session.screenshot("trial-balance")
    row.locator("td").nth(3).locator("a").click()
    page.wait_for_url("**/reports/general-ledger/**")
    assert page.inner_text("h1") == "General ledger: 1230 Sundry debtors"
    assert page.inner_text("#ledger-closing td.num") == "₹94,400.00 Dr"
    assert page.locator("#ledger-table tbody tr").count() == 6  # opening and five lines
    # The print button appears once its script runs; printing leaves out navigation and forms.
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("body > header").is_visible()
    assert not page.locator("#period-form").is_visible()
    assert page.locator(".report-company").is_visible()
    assert page.eval_on_selector("#ledger-table thead", "e => getComputedStyle(e).display") == (
        "table-header-group"
    )
    session.screenshot("ledger-print")
    assert session.errors == []


def test_picking_a_financial_year_applies_it(visit, admin_user, books):
    session = visit()
    session.sign_in_as(admin_user)
    page = session.page
    page.goto(f"/reports/profit-and-loss/?{QUARTER}")
    page.select_option("#year-picker", label="FY 2024-25")
    page.wait_for_url("**date_to=2025-03-31")
    assert page.inner_text(".report-period") == "01-04-2024 to 31-03-2025"
    assert session.errors == []


def test_the_balance_sheet_reads_on_a_phone(visit, admin_user, books):
    session = visit(viewport=PHONE)
    session.sign_in_as(admin_user)
    page = session.page
    page.goto("/reports/balance-sheet/?as_of=2024-06-30")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table_width = page.eval_on_selector(
        "#balance-sheet-table", "t => t.getBoundingClientRect().right"
    )
    assert table_width <= PHONE["width"]  # both columns of figures without sideways scrolling
    total = page.locator("#balance-sheet-table tr.total").last  # total assets
    assert total.locator("th").inner_text() == "TOTAL"
    assert total.locator("td").first.inner_text() == "₹7,04,600.00"
    session.screenshot("balance-sheet-phone")
    assert session.errors == []
