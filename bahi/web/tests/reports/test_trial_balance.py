import re
from datetime import date

import pytest

from bahi.identity.models import User
from bahi.web.dashboard.links import ledger_url
from bahi.web.tests.reports.conftest import PAGE_QUERIES, QUARTER, ROLES
from bahi.web.tests.reports.pages import links, row_of, rows

pytestmark = pytest.mark.django_db
URL = "/reports/trial-balance/"


def test_the_trial_balance_shows_each_account_with_group_subtotals(signed_in, books):
    page = signed_in.get(URL, QUARTER).content.decode()
    assert "<h1>Trial balance</h1>" in page
    assert '<p class="report-period">01-04-2024 to 30-06-2024</p>' in page
    table = "trial-balance-table"
    assert row_of(page, table, "1211 Cash") == [
        "1211 Cash", "₹0.00", "₹20,000.00", "₹15,000.00", "₹5,000.00 Dr"
    ]  # fmt: skip
    assert row_of(page, table, "1230 Sundry debtors") == [
        "1230 Sundry debtors", "₹0.00", "₹2,12,400.00", "₹1,18,000.00", "₹94,400.00 Dr"
    ]  # fmt: skip
    assert row_of(page, table, "2220 GST output liability") == [
        "2220 GST output liability", "₹0.00", "₹0.00", "₹32,400.00", "₹32,400.00 Cr"
    ]  # fmt: skip
    assert row_of(page, table, "1200 Current assets")[1:] == [
        "₹0.00", "₹8,57,600.00", "₹1,53,000.00", "₹7,04,600.00 Dr"
    ]  # fmt: skip
    assert rows(page, table)[-2:] == [
        ["Total debit", "₹0.00 Dr", "₹9,12,600.00", "", "₹7,59,600.00 Dr"],
        ["Total credit", "₹0.00 Cr", "", "₹9,12,600.00", "₹7,59,600.00 Cr"],
    ]


def test_a_later_start_brings_the_balances_forward(signed_in, books):
    page = signed_in.get(URL, {"date_from": "2024-06-01", "date_to": "2024-06-30"}).content
    cells = row_of(page.decode(), "trial-balance-table", "1221 Bank account")
    # 5,00,000 in and 20,000 drawn before June; 1,18,000 received in June.
    assert cells[1:] == ["₹4,80,000.00 Dr", "₹1,18,000.00", "₹0.00", "₹5,98,000.00 Dr"]


def test_every_ledger_figure_opens_its_general_ledger_for_the_same_period(
    signed_in, books, account
):
    page = signed_in.get(URL, QUARTER).content.decode()
    debtors = account("sundry_debtors")
    expected = ledger_url(debtors.id, date(2024, 4, 1), date(2024, 6, 30))
    assert links(page, "trial-balance-table", "1230 Sundry debtors") == [expected] * 4
    # A group has no ledger of its own: its subtotals are plain figures.
    assert links(page, "trial-balance-table", "1200 Current assets") == [None] * 4
    ledger = signed_in.get(expected).content.decode()
    assert "General ledger: 1230 Sundry debtors" in ledger
    assert "₹94,400.00 Dr" in ledger.split('id="ledger-closing"', 1)[1]


def test_books_without_postings_say_there_is_nothing_to_show(signed_in, company):
    page = signed_in.get(URL, QUARTER).content.decode()
    assert "No account has a balance or a posting for 01-04-2024 to 30-06-2024" in page
    assert 'id="trial-balance-table"' not in page


def test_without_dates_it_opens_on_the_year_of_the_latest_entry(signed_in, books):
    page = signed_in.get(URL).content.decode()
    assert '<p class="report-period">01-04-2024 to 31-03-2025</p>' in page
    assert '<option value="2025-03-31" selected>FY 2024-25</option>' in page


def test_picking_a_financial_year_moves_to_that_years_dates(signed_in, books):
    response = signed_in.get(URL, {"year": "2025-03-31"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?date_from=2024-04-01&date_to=2025-03-31"


def test_an_unreadable_date_is_refused_naming_the_field(signed_in, books):
    response = signed_in.get(URL, {"date_from": "31-13-2024", "date_to": "2024-06-30"})
    assert response.status_code == 400
    assert "date_from: &#x27;31-13-2024&#x27; is not a date" in response.content.decode()


def test_indian_dates_are_read_too(signed_in, books):
    page = signed_in.get(URL, {"date_from": "01-06-2024", "date_to": "30-06-2024"}).content
    assert b'<p class="report-period">01-06-2024 to 30-06-2024</p>' in page


def test_a_period_ending_before_it_starts_is_refused(signed_in, books):
    response = signed_in.get(URL, {"date_from": "2024-06-30", "date_to": "2024-04-01"})
    assert response.status_code == 400
    assert "the period starts (2024-06-30) after it ends (2024-04-01)" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_member_may_read_the_trial_balance(client, books, member, role):
    client.force_login(member(role))
    response = client.get(URL, QUARTER)
    assert response.status_code == 200
    assert "₹94,400.00 Dr" in response.content.decode()


def test_a_member_of_another_company_sees_only_their_own_books(client, books, other_company):
    client.force_login(User.objects.get(username="other"))
    page = client.get(URL, QUARTER).content.decode()
    assert '<p class="report-company">Other Co</p>' in page
    assert "₹94,400.00" not in page
    assert "No account has a balance" in page


def test_signed_out_visitors_are_sent_to_sign_in(client, books):
    response = client.get(URL, QUARTER)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/reports/trial-balance/")


def test_a_user_without_a_company_is_told_so(client):
    client.force_login(User.objects.create_user("newcomer", "n@example.in", "pass words here"))
    assert "not a member of any company" in client.get(URL).content.decode()


def test_the_page_is_read_in_a_fixed_number_of_queries(signed_in, books, django_assert_num_queries):
    signed_in.get(URL, QUARTER)
    # Eight for every signed-in page (session read and save, user, membership, the navigation's
    # companies and alerts), three for the report: the chart and two sets of balances.
    with django_assert_num_queries(PAGE_QUERIES + 3):
        signed_in.get(URL, QUARTER)


def test_the_page_runs_no_inline_script_or_style(signed_in, books):
    page = signed_in.get(URL, QUARTER).content.decode()
    assert "style=" not in page
    assert re.search(r"<[^>]+\son[a-z]+=", page) is None
    assert all("src=" in tag.split(">", 1)[0] for tag in page.split("<script")[1:])
