"""The chart of accounts pages: the tree, creating and changing accounts, per role and company."""

import re

import pytest

from bahi.identity.models import AuditRecord, Role
from bahi.ledger.models import Account
from bahi.web.tests.books.conftest import counts

pytestmark = pytest.mark.django_db


def _form(parent: Account, **fields: str) -> dict[str, object]:
    return {"is_group": "0", "parent": parent.pk, "schedule_iii": "", "is_active": "on", **fields}


def test_the_tree_lists_groups_then_their_ledgers_with_schedule_iii_lines(signed_in, company):
    page = signed_in.get("/books/accounts/").content.decode()
    assert "<h1>Chart of accounts</h1>" in page
    names = re.findall(r'<th scope="row" class="tree-name depth-(\d)">([^<]+)</th>', page)
    start = names.index(("1", "Current assets"))
    assert names[start : start + 4] == [
        ("1", "Current assets"),
        ("2", "Cash-in-hand"),
        ("3", "Cash"),
        ("2", "Bank accounts"),
    ]
    cash_id = Account.objects.get(company=company, system_role="cash").pk
    cash = re.search(rf'<tr id="account-{cash_id}" class="" data-depth="3">.*?</tr>', page, re.S)
    assert cash is not None
    assert "<td>Ledger</td>" in cash.group(0)
    assert "Cash and cash equivalents" in cash.group(0)
    assert '<td class="code">1211</td>' in cash.group(0)
    assert len(names) == Account.objects.filter(company=company).count()


def test_a_viewer_sees_the_tree_without_new_or_edit_links(as_role, company):
    page = as_role(Role.VIEWER).get("/books/accounts/").content.decode()
    assert "<h1>Chart of accounts</h1>" in page
    assert "New account" not in page
    assert ">Edit<" not in page


def test_an_accountant_creates_a_ledger_under_a_group(as_role, company, account):
    other_expenses = Account.objects.get(company=company, code="5500")
    response = as_role(Role.ACCOUNTANT).post(
        "/books/accounts/new/", _form(other_expenses, code="5596", name="Office tea")
    )
    assert response.status_code == 303
    assert response["Location"] == "/books/accounts/"
    created = Account.objects.get(company=company, code="5596")
    assert (created.name, created.parent_id, created.is_group) == (
        "Office tea",
        other_expenses.pk,
        False,
    )
    assert (created.nature, created.schedule_iii) == ("expense", "PL_OTHER_EXPENSES")
    assert AuditRecord.objects.filter(
        company=company, object_type="ledger.account", object_id=str(created.pk), action="create"
    ).exists()


def test_a_duplicate_code_is_shown_on_the_code_field_and_nothing_is_written(signed_in, company):
    parent = Account.objects.get(company=company, code="5500")
    before = counts()
    response = signed_in.post("/books/accounts/new/", _form(parent, code="1211", name="Petty cash"))
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_code_error"><li>an account with code 1211 already exists'
        in page
    )
    assert counts() == before


def test_missing_fields_are_reported_on_each_field(signed_in, company):
    before = counts()
    response = signed_in.post("/books/accounts/new/", {"is_group": "0"})
    assert response.status_code == 422
    page = response.content.decode()
    for field in ("parent", "code", "name"):
        assert f'id="id_{field}_error"' in page
    assert counts() == before


def test_a_viewer_may_not_create_accounts(as_role, company):
    client = as_role(Role.VIEWER)
    parent = Account.objects.get(company=company, code="5500")
    before = counts()
    assert client.get("/books/accounts/new/").status_code == 403
    response = client.post("/books/accounts/new/", _form(parent, code="5596", name="Tea"))
    assert response.status_code == 403
    assert counts() == before


def test_renaming_and_recoding_a_used_ledger_keeps_its_entries(signed_in, company, capital_entry):
    bank = Account.objects.get(company=company, system_role="bank")
    response = signed_in.post(
        f"/books/accounts/{bank.pk}/",
        _form(bank.parent, code="1225", name="HDFC current account"),
    )
    assert response.status_code == 303
    bank.refresh_from_db()
    assert (bank.code, bank.name, bank.is_active) == ("1225", "HDFC current account", True)
    assert bank.lines.count() == 1
    record = AuditRecord.objects.get(
        company=company, object_type="ledger.account", object_id=str(bank.pk), action="update"
    )
    assert record.before["code"] == "1221"
    assert record.after["code"] == "1225"


def test_a_used_ledger_cannot_move_to_a_group_of_another_nature(signed_in, company, capital_entry):
    bank = Account.objects.get(company=company, system_role="bank")
    expenses = Account.objects.get(company=company, code="5500")
    response = signed_in.post(
        f"/books/accounts/{bank.pk}/", _form(expenses, code="1221", name="Bank account")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_parent_error"' in page
    assert "it can only move to a group of the same nature (Asset)" in page
    bank.refresh_from_db()
    assert bank.parent.code == "1220"


def test_a_used_ledger_cannot_become_a_group(signed_in, company, capital_entry):
    bank = Account.objects.get(company=company, system_role="bank")
    response = signed_in.post(
        f"/books/accounts/{bank.pk}/",
        {**_form(bank.parent, code="1221", name="Bank account"), "is_group": "1"},
    )
    assert response.status_code == 422
    assert 'id="id_is_group_error"' in response.content.decode()
    bank.refresh_from_db()
    assert bank.is_group is False


def test_an_unused_account_is_deleted_a_used_one_is_kept(signed_in, company, capital_entry):
    tea = Account.objects.create(
        company=company,
        parent=Account.objects.get(company=company, code="5500"),
        code="5596",
        name="Office tea",
        nature="expense",
    )
    assert signed_in.post(f"/books/accounts/{tea.pk}/delete/").status_code == 303
    assert not Account.objects.filter(pk=tea.pk).exists()
    capital = Account.objects.get(company=company, system_role="capital")
    response = signed_in.post(f"/books/accounts/{capital.pk}/delete/", follow=True)
    assert Account.objects.filter(pk=capital.pk).exists()
    assert "Capital is a system account and cannot be deleted" in response.content.decode()


def test_only_an_unused_account_offers_delete(signed_in, company, capital_entry):
    staff_welfare = Account.objects.get(company=company, code="5220")
    page = signed_in.get(f"/books/accounts/{staff_welfare.pk}/").content.decode()
    assert f'action="/books/accounts/{staff_welfare.pk}/delete/"' in page
    bank = Account.objects.get(company=company, system_role="bank")
    page = signed_in.get(f"/books/accounts/{bank.pk}/").content.decode()
    assert "/delete/" not in page
    assert 'id="no-delete"' in page


def test_the_edit_page_shows_the_current_values(signed_in, company):
    cash = Account.objects.get(company=company, system_role="cash")
    page = signed_in.get(f"/books/accounts/{cash.pk}/").content.decode()
    assert 'value="1211"' in page
    assert 'value="Cash"' in page
    assert f'<option value="{cash.parent_id}" selected>1210 · Cash-in-hand</option>' in page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ACCOUNTANT, Role.VIEWER])
def test_another_companys_account_is_not_found_for_any_role(as_role, role, other_company):
    theirs = Account.objects.get(company=other_company, system_role="cash")
    client = as_role(role)
    expected = 403 if role == Role.VIEWER else 404
    assert client.get(f"/books/accounts/{theirs.pk}/").status_code == expected
    before = counts()
    form = _form(theirs.parent, code="1299", name="Stolen")
    assert client.post(f"/books/accounts/{theirs.pk}/", form).status_code == expected
    assert client.post(f"/books/accounts/{theirs.pk}/delete/").status_code == expected
    assert counts() == before
    theirs.refresh_from_db()
    assert theirs.name == "Cash"


def test_a_group_of_another_company_is_not_a_parent_choice(signed_in, company, other_company):
    theirs = Account.objects.get(company=other_company, code="5500")
    before = counts()
    response = signed_in.post("/books/accounts/new/", _form(theirs, code="5596", name="Tea"))
    assert response.status_code == 422
    assert 'id="id_parent_error"' in response.content.decode()
    assert counts() == before
