"""The journal entry form: posting, drafts, the balance rule, errors on the line at fault,
double submits, roles and companies."""

from datetime import date

import pytest

from bahi.identity.models import Role
from bahi.ledger.models import EntryStatus, JournalEntry, JournalLine
from bahi.ledger.services import create_party, set_lock_date
from bahi.web.tests.books.conftest import counts

pytestmark = pytest.mark.django_db


def entry_form(lines: list[tuple[str, str, str, str]], **header: str) -> dict[str, str]:
    """lines: (account, party, debit, credit) rows as typed in the form."""
    data = {
        "entry_date": "12-06-2024",
        "narration": "Office rent for June",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
        "action": "post",
        **header,
    }
    for index, (account, party, debit, credit) in enumerate(lines):
        data |= {
            f"lines-{index}-account": account,
            f"lines-{index}-party": party,
            f"lines-{index}-debit": debit,
            f"lines-{index}-credit": credit,
        }
    return data


RENT = [("5510 · Rent", "", "1,25,000.50", ""), ("1221", "", "", "125000.50"), ("", "", "", "")]


def test_the_empty_form_has_two_lines_a_line_template_and_todays_date(signed_in):
    page = signed_in.get("/books/entries/new/").content.decode()
    assert 'name="lines-TOTAL_FORMS" value="2"' in page
    assert 'id="id_lines-1-account"' in page
    assert 'id="id_lines-__prefix__-account"' in page
    assert '<option value="1211 · Cash"></option>' in page
    assert '<option value="1210 · Cash-in-hand">' not in page  # groups take no entries
    assert 'data-idempotency-key=""' in page
    assert (
        '<label class="visually-hidden" for="id_lines-0-debit">'
        "Line <span data-line-number>1</span> debit</label>" in page
    )


def test_a_balanced_entry_is_posted_and_blank_lines_are_ignored(signed_in, company, account):
    response = signed_in.post("/books/entries/new/", entry_form(RENT, idempotency_key="k" * 36))
    entry = JournalEntry.objects.get(company=company, narration="Office rent for June")
    assert response.status_code == 303
    assert response["Location"] == f"/books/entries/{entry.pk}/"
    assert (entry.status, entry.voucher_number, entry.total_paise) == (
        EntryStatus.POSTED,
        "JV/2024-25/000001",
        12500050,
    )
    assert entry.entry_date == date(2024, 6, 12)
    lines = list(JournalLine.objects.filter(entry=entry).order_by("line_no"))
    assert [(line.account_id, line.debit_paise, line.credit_paise) for line in lines] == [
        (account("rent").id, 12500050, 0),
        (account("bank").id, 0, 12500050),
    ]


def test_an_unbalanced_entry_is_refused_and_nothing_is_written(signed_in):
    before = counts()
    lines = [("5510", "", "1000.00", ""), ("1221", "", "", "999.99")]
    response = signed_in.post("/books/entries/new/", entry_form(lines))
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "Debits (₹1,000.00) and credits (₹999.99) differ by ₹0.01: the entry cannot be posted "
        "until they balance." in page
    )
    assert 'value="999.99"' in page  # what was typed comes back
    assert '<output id="difference" aria-label="Difference">₹0.01</output>' in page
    assert counts() == before


def test_the_same_form_submitted_twice_posts_once(signed_in, company):
    form = entry_form(RENT, idempotency_key="0b6e3a52-9d1c-4f7e-8a11-2c3d4e5f6a7b")
    first = signed_in.post("/books/entries/new/", form)
    second = signed_in.post("/books/entries/new/", form)
    assert first["Location"] == second["Location"]
    assert JournalEntry.objects.filter(company=company).count() == 1


def test_line_errors_are_shown_on_the_line_and_field_at_fault(signed_in):
    before = counts()
    lines = [("9999", "", "10.00", ""), ("1221", "", "10.00", "10.00"), ("", "", "5.005", "")]
    page = signed_in.post("/books/entries/new/", entry_form(lines)).content.decode()
    assert "No account &#x27;9999&#x27; here: pick one from the list" in page
    assert 'id="id_lines-1-credit_error"' in page
    assert "A line is either a debit or a credit, not both" in page
    assert 'id="id_lines-2-debit_error"' in page
    assert "Enter an amount in rupees with at most two decimals" in page
    assert 'id="id_lines-2-account_error"' in page
    assert counts() == before


def test_a_control_account_without_a_party_is_an_error_on_that_lines_party(
    signed_in, company, admin_user
):
    create_party(company=company, actor=admin_user, name="Mehta Stores", is_customer=True)
    lines = [("4110", "", "", "500.00"), ("1230", "", "500.00", "")]
    before = counts()
    response = signed_in.post("/books/entries/new/", entry_form(lines))
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_lines-1-party_error"' in page
    assert "line 2: Sundry debtors is a control account; name the party" in page
    assert counts() == before
    lines[1] = ("1230", "mehta stores", "500.00", "")
    assert signed_in.post("/books/entries/new/", entry_form(lines)).status_code == 303


def test_a_date_in_locked_books_is_an_error_on_the_date(signed_in, company, admin_user):
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 6, 30))
    before = counts()
    page = signed_in.post("/books/entries/new/", entry_form(RENT)).content.decode()
    assert 'id="id_entry_date_error"' in page
    assert "the books are closed up to 30-06-2024: 12-06-2024 cannot be posted" in page
    assert counts() == before


def test_a_draft_may_be_saved_unbalanced_edited_and_then_posted(signed_in, company):
    unbalanced = [("5510", "", "900.00", ""), ("1221", "", "", "800.00")]
    response = signed_in.post("/books/entries/new/", entry_form(unbalanced, action="draft"))
    draft = JournalEntry.objects.get(company=company)
    assert response["Location"] == f"/books/entries/{draft.pk}/edit/"
    assert (draft.status, draft.number) == (EntryStatus.DRAFT, None)
    page = signed_in.get(response["Location"]).content.decode()
    assert 'value="5510 · Rent"' in page
    assert 'value="800.00"' in page
    # Posting the edited draft: refused while unbalanced, posted once it balances.
    refused = signed_in.post(response["Location"], entry_form(unbalanced))
    assert refused.status_code == 422
    balanced = [("5510", "", "900.00", ""), ("1221", "", "", "900.00")]
    posted = signed_in.post(response["Location"], entry_form(balanced))
    assert posted["Location"] == f"/books/entries/{draft.pk}/"
    draft.refresh_from_db()
    assert (draft.status, draft.voucher_number, draft.total_paise) == (
        EntryStatus.POSTED,
        "JV/2024-25/000001",
        90000,
    )


def test_a_draft_is_posted_or_deleted_from_its_page(signed_in, company):
    balanced = [("5510", "", "900.00", ""), ("1221", "", "", "900.00")]
    signed_in.post("/books/entries/new/", entry_form(balanced, action="draft"))
    signed_in.post("/books/entries/new/", entry_form(balanced, action="draft", narration="2nd"))
    first, second = JournalEntry.objects.filter(company=company).order_by("id")
    page = signed_in.get(f"/books/entries/{first.pk}/").content.decode()
    assert f"<h1>Draft #{first.pk}</h1>" in page
    assert signed_in.post(f"/books/entries/{first.pk}/post/").status_code == 303
    first.refresh_from_db()
    assert first.voucher_number == "JV/2024-25/000001"
    assert signed_in.post(f"/books/entries/{second.pk}/delete/").status_code == 303
    assert not JournalEntry.objects.filter(pk=second.pk).exists()
    # A posted entry is never edited or deleted.
    assert signed_in.post(f"/books/entries/{first.pk}/delete/").status_code == 303
    assert JournalEntry.objects.filter(pk=first.pk).exists()
    assert signed_in.get(f"/books/entries/{first.pk}/edit/")["Location"] == (
        f"/books/entries/{first.pk}/"
    )


def test_a_viewer_may_not_open_or_submit_the_form(as_role):
    client = as_role(Role.VIEWER)
    assert client.get("/books/entries/new/").status_code == 403
    before = counts()
    assert client.post("/books/entries/new/", entry_form(RENT)).status_code == 403
    assert counts() == before


def test_an_accountant_posts_entries(as_role, company):
    response = as_role(Role.ACCOUNTANT).post("/books/entries/new/", entry_form(RENT))
    assert response.status_code == 303
    assert JournalEntry.objects.filter(company=company, status=EntryStatus.POSTED).count() == 1


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ACCOUNTANT])
def test_another_companys_draft_is_not_found(as_role, role, other_company):
    theirs = JournalEntry.objects.create(
        company=other_company, fiscal_year="2024-25", entry_date=date(2024, 5, 1)
    )
    client = as_role(role)
    before = counts()
    assert client.get(f"/books/entries/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/books/entries/{theirs.pk}/edit/", entry_form(RENT)).status_code == 404
    assert client.post(f"/books/entries/{theirs.pk}/post/").status_code == 404
    assert client.post(f"/books/entries/{theirs.pk}/delete/").status_code == 404
    assert counts() == before


def test_an_account_of_another_company_cannot_be_named(signed_in, other_company):
    before = counts()
    lines = [("Verma Exports cash", "", "10.00", ""), ("1221", "", "", "10.00")]
    page = signed_in.post("/books/entries/new/", entry_form(lines)).content.decode()
    assert 'id="id_lines-0-account_error"' in page
    assert counts() == before
