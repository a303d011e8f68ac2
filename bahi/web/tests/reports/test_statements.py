from datetime import date

import pytest

from bahi.web.dashboard.links import ledger_url
from bahi.web.tests.reports.conftest import PAGE_QUERIES, QUARTER, ROLES
from bahi.web.tests.reports.pages import links, rows

pytestmark = pytest.mark.django_db
PL_URL = "/reports/profit-and-loss/"
BS_URL = "/reports/balance-sheet/"
SURPLUS = "Surplus in the statement of profit and loss"
NEXT_QUARTER = {"date_from": "2025-04-01", "date_to": "2025-06-30"}


@pytest.fixture
def next_year(books, post):
    """The same quarter a year on: a cash sale of 50,000 and professional fees of 2,000."""
    post(date(2025, 5, 15), [("cash", "50000.00", ""), ("sales", "", "50000.00")])
    post(date(2025, 6, 10), [("professional_fees", "2000.00", ""), ("cash", "", "2000.00")])


def test_profit_and_loss_in_schedule_iii_order_with_the_previous_period(signed_in, next_year):
    page = signed_in.get(PL_URL, NEXT_QUARTER).content.decode()
    assert "<h1>Statement of profit and loss</h1>" in page
    assert rows(page, "profit-and-loss-table") == [
        ["Particulars", "01-04-2025 to 30-06-2025", "01-04-2024 to 30-06-2024"],
        ["I. Revenue from operations", "₹50,000.00", "₹1,80,000.00"],
        ["4110 Sales - goods", "₹50,000.00", "₹1,80,000.00"],
        ["II. Other income", "₹0.00", "₹0.00"],
        ["III. Total income (I + II)", "₹50,000.00", "₹1,80,000.00"],
        ["IV. Expenses"],
        ["Purchases of stock-in-trade", "₹0.00", "₹40,000.00"],
        ["5110 Purchases - goods", "₹0.00", "₹40,000.00"],
        ["Other expenses", "₹2,000.00", "₹15,000.00"],
        ["5510 Rent", "₹0.00", "₹15,000.00"],
        ["5540 Professional fees", "₹2,000.00", "₹0.00"],
        ["Total expenses (IV)", "₹2,000.00", "₹55,000.00"],
        ["V. Profit before tax (III - IV)", "₹48,000.00", "₹1,25,000.00"],
        ["VI. Tax expense", "₹0.00", "₹0.00"],
        ["VII. Profit for the period (V - VI)", "₹48,000.00", "₹1,25,000.00"],
    ]


def test_each_account_of_the_statement_opens_its_ledger_for_that_columns_period(
    signed_in, next_year, account
):
    page = signed_in.get(PL_URL, NEXT_QUARTER).content.decode()
    sales = account("sales").id
    assert links(page, "profit-and-loss-table", "4110 Sales - goods") == [
        ledger_url(sales, date(2025, 4, 1), date(2025, 6, 30)),
        ledger_url(sales, date(2024, 4, 1), date(2024, 6, 30)),
    ]
    assert links(page, "profit-and-loss-table", "Other expenses") == [None, None]
    ledger = signed_in.get(ledger_url(sales, date(2024, 4, 1), date(2024, 6, 30))).content
    assert "₹1,80,000.00 Cr" in ledger.decode().split('id="ledger-closing"', 1)[1]


def test_balance_sheet_as_at_a_day_with_the_same_day_a_year_earlier(signed_in, next_year):
    page = signed_in.get(BS_URL, {"as_of": "2025-06-30"}).content.decode()
    assert '<p class="report-period">As at 30-06-2025</p>' in page
    assert rows(page, "balance-sheet-table") == [
        ["Particulars", "As at 30-06-2025", "As at 30-06-2024"],
        ["I. EQUITY AND LIABILITIES"],
        ["(1) Shareholders' funds"],
        ["(a) Share capital", "₹5,00,000.00", "₹5,00,000.00"],
        ["3100 Capital", "₹5,00,000.00", "₹5,00,000.00"],
        ["(b) Reserves and surplus", "₹1,73,000.00", "₹1,25,000.00"],
        [f"{SURPLUS}: opening balance", "₹1,25,000.00", "₹0.00"],
        [f"{SURPLUS}: profit for the year", "₹48,000.00", "₹1,25,000.00"],
        ["Total shareholders' funds", "₹6,73,000.00", "₹6,25,000.00"],
        ["(2) Non-current liabilities"],
        ["Total non-current liabilities", "₹0.00", "₹0.00"],
        ["(3) Current liabilities"],
        ["(a) Trade payables", "₹47,200.00", "₹47,200.00"],
        ["2210 Sundry creditors", "₹47,200.00", "₹47,200.00"],
        ["(b) Other current liabilities", "₹32,400.00", "₹32,400.00"],
        ["2221 Output CGST", "₹16,200.00", "₹16,200.00"],
        ["2222 Output SGST / UTGST", "₹16,200.00", "₹16,200.00"],
        ["Total current liabilities", "₹79,600.00", "₹79,600.00"],
        ["TOTAL", "₹7,52,600.00", "₹7,04,600.00"],
        ["II. ASSETS"],
        ["(1) Non-current assets"],
        ["Total non-current assets", "₹0.00", "₹0.00"],
        ["(2) Current assets"],
        ["(a) Trade receivables", "₹94,400.00", "₹94,400.00"],
        ["1230 Sundry debtors", "₹94,400.00", "₹94,400.00"],
        ["(b) Cash and cash equivalents", "₹6,51,000.00", "₹6,03,000.00"],
        ["1211 Cash", "₹53,000.00", "₹5,000.00"],
        ["1221 Bank account", "₹5,98,000.00", "₹5,98,000.00"],
        ["(c) Other current assets", "₹7,200.00", "₹7,200.00"],
        ["1253 Input IGST", "₹7,200.00", "₹7,200.00"],
        ["Total current assets", "₹7,52,600.00", "₹7,04,600.00"],
        ["TOTAL", "₹7,52,600.00", "₹7,04,600.00"],
    ]  # fmt: skip


def test_a_balance_opens_its_ledger_from_the_start_of_that_year(signed_in, next_year, account):
    page = signed_in.get(BS_URL, {"as_of": "2025-06-30"}).content.decode()
    cash = account("cash").id
    assert links(page, "balance-sheet-table", "1211 Cash") == [
        ledger_url(cash, date(2025, 4, 1), date(2025, 6, 30)),
        ledger_url(cash, date(2024, 4, 1), date(2024, 6, 30)),
    ]
    # The surplus rows stand for no single account.
    assert links(page, "balance-sheet-table", f"{SURPLUS}: opening balance") == [None, None]
    ledger = signed_in.get(ledger_url(cash, date(2025, 4, 1), date(2025, 6, 30))).content
    assert "₹53,000.00 Dr" in ledger.decode().split('id="ledger-closing"', 1)[1]


def test_the_balance_sheet_year_picker_names_the_day(signed_in, books):
    page = signed_in.get(BS_URL).content.decode()
    assert "As at 31-03-2025" in page
    assert '<select id="year-picker" name="as_of">' in page
    assert '<option value="2025-03-31" selected>FY 2024-25</option>' in page


def test_the_profit_and_loss_opens_on_the_year_to_date(signed_in, books):
    page = signed_in.get(PL_URL).content.decode()
    assert '<p class="report-period">01-04-2024 to 31-03-2025</p>' in page
    assert "01-04-2023 to 31-03-2024" in page  # the previous year beside it


@pytest.mark.parametrize("role", ROLES)
def test_every_member_may_read_the_statements(client, books, member, role):
    client.force_login(member(role))
    assert "₹1,25,000.00" in client.get(PL_URL, QUARTER).content.decode()
    assert "₹7,04,600.00" in client.get(BS_URL, {"as_of": "2024-06-30"}).content.decode()


def test_an_unreadable_day_is_refused(signed_in, books):
    response = signed_in.get(BS_URL, {"as_of": "yesterday"})
    assert response.status_code == 400
    assert "as_of: &#x27;yesterday&#x27; is not a date" in response.content.decode()


def test_each_statement_is_read_in_a_fixed_number_of_queries(
    signed_in, books, django_assert_num_queries
):
    signed_in.get(PL_URL, QUARTER)
    with django_assert_num_queries(PAGE_QUERIES + 5):  # chart, two balances for each period
        signed_in.get(PL_URL, QUARTER)
    with django_assert_num_queries(PAGE_QUERIES + 5):  # chart, two balances for each day
        signed_in.get(BS_URL, {"as_of": "2024-06-30"})
