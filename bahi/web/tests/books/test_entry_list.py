"""The journal entry list: filters, pagination, partials for HTMX, roles and companies."""

import re
from datetime import date

import pytest

from bahi.identity.models import Role
from bahi.ledger.drafts import save_draft_entry
from bahi.ledger.services import create_party
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db


def _vouchers(page: str) -> list[str]:
    return re.findall(r'<td><a href="/books/entries/\d+/">([^<]+)</a></td>', page)


@pytest.fixture
def books(capital_entry, rent_entry, company, admin_user, account, post):
    customer = create_party(
        company=company, actor=admin_user, name="Mehta Stores", is_customer=True
    )
    sale = post(
        date(2024, 6, 10),
        [("sundry_debtors", "11800.00", "", customer.id), ("sales", "", "11800.00")],
        narration="Sale to Mehta Stores",
    )
    draft = save_draft_entry(
        company=company,
        actor=admin_user,
        entry=EntryInput(
            entry_date=date(2024, 6, 20),
            narration="Telephone bill, to check",
            lines=(LineInput(account_id=account("cash").id, credit=500),),
        ),
    )
    return {"customer": customer, "sale": sale, "draft": draft}


def test_entries_are_listed_newest_first_with_amounts_in_rupees(signed_in, books):
    page = signed_in.get("/books/entries/").content.decode()
    draft = books["draft"]
    assert _vouchers(page) == [
        f"Draft #{draft.pk}",
        "JV/2024-25/000003",
        "JV/2024-25/000002",
        "JV/2024-25/000001",
    ]
    assert '<td class="num amount">₹12,34,567.89</td>' in page
    assert '<td class="num amount">₹11,800.00</td>' in page
    assert "<td><time>01-04-2024</time></td>" in page
    assert "4 entries" in page


def test_filters_narrow_by_date_account_party_status_and_voucher(signed_in, books, company):
    cases = [
        ({"date_from": "01-05-2024", "date_to": "31-05-2024"}, ["JV/2024-25/000002"]),
        ({"account": "5510 · Rent"}, ["JV/2024-25/000002"]),
        ({"account": "1221"}, ["JV/2024-25/000002", "JV/2024-25/000001"]),
        ({"party": "Mehta Stores"}, ["JV/2024-25/000003"]),
        ({"status": "draft"}, [f"Draft #{books['draft'].pk}"]),
        ({"voucher": "JV/2024-25/000001"}, ["JV/2024-25/000001"]),
        ({"voucher": "2"}, ["JV/2024-25/000002"]),
    ]
    for query, expected in cases:
        assert _vouchers(signed_in.get("/books/entries/", query).content.decode()) == expected


def test_an_unknown_account_in_the_filter_is_an_error_on_that_field(signed_in, books):
    response = signed_in.get("/books/entries/", {"account": "9999"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_account_error"' in page
    assert "No account &#x27;9999&#x27; here: pick one from the list" in page
    assert _vouchers(page) == []


def test_an_htmx_request_gets_the_filters_and_results_only(signed_in, books):
    response = signed_in.get("/books/entries/", {"status": "posted"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div id="entry-browser"' in page
    assert "<h1>" not in page
    assert '<option value="posted" selected>Posted</option>' in page
    assert len(_vouchers(page)) == 3
    invalid = signed_in.get("/books/entries/", {"party": "Nobody"}, HTTP_HX_REQUEST="true")
    assert invalid.status_code == 422
    assert 'id="id_party_error"' in invalid.content.decode()


def test_the_list_pages_fifty_entries_at_a_time(signed_in, post):
    for day in range(1, 53):
        post(date(2024, 4, 1 + day % 28), [("cash", "1.00", ""), ("capital", "", "1.00")])
    first = signed_in.get("/books/entries/").content.decode()
    assert len(_vouchers(first)) == 50
    assert "Page 1 of 2" in first
    second = signed_in.get("/books/entries/", {"page": "2"}).content.decode()
    assert len(_vouchers(second)) == 2
    assert 'href="?page=1"' in second


def test_a_viewer_reads_the_list_without_a_new_entry_button(as_role, books):
    page = as_role(Role.VIEWER).get("/books/entries/").content.decode()
    assert len(_vouchers(page)) == 4
    assert "New entry" not in page


def test_another_companys_entries_are_not_listed(signed_in, books, other_entry):
    page = signed_in.get("/books/entries/").content.decode()
    assert len(_vouchers(page)) == 4
    assert "Verma capital" not in page
    assert "₹5,000.00" not in page


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/books/entries/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_busy_accounts_entries_are_found_the_same_way_as_a_rare_ones(
    signed_in, books, monkeypatch
):
    from bahi.web.books import selectors

    query = {"account": "1221"}
    rare = _vouchers(signed_in.get("/books/entries/", query).content.decode())
    monkeypatch.setattr(selectors, "FEW_LINES", 1)  # the bank's two lines now count as many
    busy = _vouchers(signed_in.get("/books/entries/", query).content.decode())
    assert rare == busy == ["JV/2024-25/000002", "JV/2024-25/000001"]
    party = _vouchers(signed_in.get("/books/entries/", {"party": "Mehta Stores"}).content.decode())
    assert party == ["JV/2024-25/000003"]
