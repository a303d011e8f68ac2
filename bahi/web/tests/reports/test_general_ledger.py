from datetime import date

import pytest
from django.urls import reverse

from bahi.ledger.models import Account, JournalEntry
from bahi.web.books.reports import ledger_views
from bahi.web.tests.reports.conftest import PAGE_QUERIES, QUARTER, ROLES
from bahi.web.tests.reports.pages import rows, table

pytestmark = pytest.mark.django_db
URL = "/reports/general-ledger/"
SALE = "Sales - goods, Output CGST +1 ({}) Sale to {}"
DEBTOR_LINES = [
    ["10-04-2024", "JV/2024-25/000003", SALE.format("Pune Hardware", "Pune Hardware"),
     "₹1,18,000.00", "", "₹1,18,000.00 Dr"],
    ["20-05-2024", "JV/2024-25/000004", SALE.format("Pune Hardware", "Pune Hardware"),
     "₹59,000.00", "", "₹1,77,000.00 Dr"],
    ["01-06-2024", "JV/2024-25/000007", "Bank account (Pune Hardware)",
     "", "₹1,18,000.00", "₹59,000.00 Dr"],
    ["25-06-2024", "JV/2024-25/000005", SALE.format("Pune Hardware", "Pune Hardware"),
     "₹23,600.00", "", "₹82,600.00 Dr"],
    ["28-06-2024", "JV/2024-25/000006", SALE.format("Nashik Steel", "Nashik Steel"),
     "₹11,800.00", "", "₹94,400.00 Dr"],
]  # fmt: skip


@pytest.fixture
def debtors(account) -> Account:
    return account("sundry_debtors")


def test_the_ledger_lists_each_line_with_a_running_balance(signed_in, books, debtors):
    page = signed_in.get(URL, {"account": debtors.id, **QUARTER}).content.decode()
    assert "<h1>General ledger: 1230 Sundry debtors</h1>" in page
    assert rows(page, "ledger-table") == [
        ["Date", "Voucher", "Particulars", "Debit", "Credit", "Balance"],
        ["Opening balance", "₹0.00"],
        *DEBTOR_LINES,
        ["Closing balance at 30-06-2024", "₹94,400.00 Dr"],
    ]


def test_a_later_start_opens_with_the_balance_brought_in(signed_in, books, debtors):
    query = {"account": debtors.id, "date_from": "2024-06-01", "date_to": "2024-06-30"}
    page = signed_in.get(URL, query).content.decode()
    found = rows(page, "ledger-table")
    assert found[1] == ["Opening balance", "₹1,77,000.00 Dr"]
    assert found[2:-1] == DEBTOR_LINES[2:]


def test_one_partys_ledger_on_the_control_account(signed_in, books, debtors):
    query = {"account": debtors.id, "party": books["pune"].id, **QUARTER}
    page = signed_in.get(URL, query).content.decode()
    assert "General ledger: 1230 Sundry debtors · Pune Hardware" in page
    found = rows(page, "ledger-table")
    assert [row[-1] for row in found[2:]] == [
        "₹1,18,000.00 Dr", "₹1,77,000.00 Dr", "₹59,000.00 Dr", "₹82,600.00 Dr",
        "₹82,600.00 Dr",  # closing
    ]  # fmt: skip
    assert f'<option value="{books["pune"].id}" selected>Pune Hardware</option>' in page


def test_pages_follow_one_another_by_cursor(signed_in, books, debtors, monkeypatch):
    monkeypatch.setattr(ledger_views, "LEDGER_PAGE", 2)
    page = signed_in.get(URL, {"account": debtors.id, **QUARTER}).content.decode()
    assert rows(page, "ledger-table")[2:4] == DEBTOR_LINES[:2]
    assert 'id="first-page"' not in page
    second = signed_in.get(_next(page)).content.decode()
    found = rows(second, "ledger-table")
    assert found[1] == ["Brought forward", "₹1,77,000.00 Dr"]
    assert found[2:4] == DEBTOR_LINES[2:4]
    third = signed_in.get(_next(second)).content.decode()
    assert rows(third, "ledger-table")[2:] == [
        DEBTOR_LINES[4],
        ["Closing balance at 30-06-2024", "₹94,400.00 Dr"],
    ]
    assert 'id="next-page"' not in third
    assert (
        f'href="{URL}?account={debtors.id}&amp;date_from=2024-04-01&amp;date_to=2024-06-30"'
        in (third.split('id="first-page"', 1)[0])
    )


def _next(page: str) -> str:
    return (
        page.split('id="next-page"', 1)[0]
        .rsplit('href="', 1)[1]
        .split('"', 1)[0]
        .replace("&amp;", "&")
    )


def test_each_line_leads_to_its_journal_entry(signed_in, books, debtors):
    page = signed_in.get(URL, {"account": debtors.id, **QUARTER}).content.decode()
    receipt_id = JournalEntry.objects.get(company=debtors.company, number=7).id
    entry_url = reverse("books:entry-detail", args=[receipt_id])
    assert f'<a href="{entry_url}">JV/2024-25/000007</a>' in table(page, "ledger-table")


def test_a_period_without_lines_keeps_its_balance(signed_in, books, account):
    query = {"account": account("capital").id, "date_from": "2024-05-01", "date_to": "2024-05-31"}
    found = rows(signed_in.get(URL, query).content.decode(), "ledger-table")
    assert found[1:] == [
        ["Opening balance", "₹5,00,000.00 Cr"],
        ["No entries on this account between these dates; the balance stands as it was."],
        ["Closing balance at 31-05-2024", "₹5,00,000.00 Cr"],
    ]


def test_without_an_account_the_page_asks_for_one(signed_in, books):
    page = signed_in.get(URL).content.decode()
    assert "Choose an account above" in page
    assert 'id="ledger-table"' not in page
    assert '<option value="">Choose an account</option>' in page


def test_the_year_picker_keeps_the_account(signed_in, books, debtors):
    response = signed_in.get(URL, {"account": debtors.id, "year": "2025-03-31"})
    assert response["Location"] == (
        f"{URL}?account={debtors.id}&date_from=2024-04-01&date_to=2025-03-31"
    )


def test_an_account_of_another_company_is_not_found(signed_in, books, foreign_ids):
    response = signed_in.get(URL, {"account": foreign_ids["account"], **QUARTER})
    assert response.status_code == 404


def test_a_party_of_another_company_is_not_found(signed_in, books, debtors, foreign_ids):
    query = {"account": debtors.id, "party": foreign_ids["party"], **QUARTER}
    assert signed_in.get(URL, query).status_code == 404
    # Nor without an account chosen yet.
    assert signed_in.get(URL, {"party": foreign_ids["party"]}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_another_companys_account_is_not_found_for_any_role(
    client, books, member, role, foreign_ids
):
    client.force_login(member(role))
    assert client.get(URL, {"account": foreign_ids["account"]}).status_code == 404
    own = Account.objects.get(company=books["pune"].company, system_role="cash")
    assert client.get(URL, {"account": own.id}).status_code == 200


def test_a_group_has_no_ledger_of_its_own(signed_in, books, company):
    group = Account.objects.get(company=company, code="1200")
    response = signed_in.get(URL, {"account": group.id, **QUARTER})
    assert response.status_code == 400
    assert "Current assets is a group; choose one of its ledgers" in response.content.decode()


def test_an_account_that_is_not_an_id_is_refused(signed_in, books):
    response = signed_in.get(URL, {"account": "cash"})
    assert response.status_code == 400
    assert "account: &#x27;cash&#x27; is not an id" in response.content.decode()


def test_a_tampered_cursor_is_refused(signed_in, books, debtors):
    response = signed_in.get(URL, {"account": debtors.id, "after": "bm9wZQ", **QUARTER})
    assert response.status_code == 400


def test_the_page_is_read_in_a_fixed_number_of_queries(
    signed_in, books, debtors, django_assert_num_queries
):
    query = {"account": debtors.id, **QUARTER}
    signed_in.get(URL, query)
    # The pickers (chart, parties), then the ledger: account, opening and closing balances,
    # the page of lines with entries and parties, the entries' other accounts.
    with django_assert_num_queries(PAGE_QUERIES + 2 + 5):
        signed_in.get(URL, query)


def test_the_dashboards_ledger_link_opens_this_page(signed_in, books, debtors):
    from bahi.web.dashboard.links import ledger_url

    url = ledger_url(debtors.id, date(2024, 4, 1), date(2024, 6, 30), books["pune"].id)
    assert url is not None
    assert "Pune Hardware" in signed_in.get(url).content.decode()


def test_names_in_the_pickers_are_escaped(signed_in, books, company, admin_user, debtors):
    from bahi.ledger.services import create_party

    create_party(company=company, actor=admin_user, name='<b>"Quotes" & Co</b>')
    page = signed_in.get(URL, {"account": debtors.id}).content.decode()
    assert "&lt;b&gt;&quot;Quotes&quot; &amp; Co&lt;/b&gt;</option>" in page
    assert "<b>" not in page
