"""Changing and deleting accounts: what an account with entries may and may not become."""

from datetime import date

import pytest

from bahi.core.errors import InvalidInput, PermissionDenied
from bahi.identity.models import AuditRecord, Role, User
from bahi.identity.services import add_member
from bahi.ledger.errors import AccountInUse, DuplicateAccount, UnknownAccount
from bahi.ledger.models import Account
from bahi.ledger.services import (
    AccountChange,
    create_account,
    create_company_with_books,
    delete_account,
    update_account,
)

pytestmark = pytest.mark.django_db


def _change(account: Account, **fields: object) -> AccountChange:
    values = {
        "code": account.code,
        "name": account.name,
        "parent_id": account.parent_id,
        "is_group": account.is_group,
        "is_active": account.is_active,
        "schedule_iii": "",
    }
    return AccountChange(**(values | fields))  # type: ignore[arg-type]


@pytest.fixture
def tea(company, admin_user) -> Account:
    other_expenses = Account.objects.get(company=company, code="5500")
    return create_account(
        company=company, actor=admin_user, code="5596", name="Office tea", parent=other_expenses
    )


def test_an_unused_ledger_moves_to_another_nature_and_takes_its_schedule_iii_line(
    company, admin_user, tea
):
    advances = Account.objects.get(company=company, code="1150")
    moved = update_account(
        company=company,
        actor=admin_user,
        account_id=tea.pk,
        change=_change(tea, parent_id=advances.pk, name="Tea deposit"),
    )
    assert (moved.parent_id, moved.nature, moved.schedule_iii) == (
        advances.pk,
        "asset",
        "NCA_LOANS",
    )
    record = AuditRecord.objects.get(company=company, object_id=str(tea.pk), action="update")
    assert record.before["nature"] == "expense"
    assert record.after == {
        "code": "5596",
        "name": "Tea deposit",
        "parent": "1150",
        "is_group": False,
        "is_active": True,
        "nature": "asset",
        "schedule_iii": "NCA_LOANS",
    }


def test_a_used_ledger_keeps_its_nature_and_kind(company, admin_user, post, account):
    post(date(2024, 4, 2), [("rent", "100.00", ""), ("cash", "", "100.00")])
    rent = account("rent")
    assets = Account.objects.get(company=company, code="1200")
    with pytest.raises(AccountInUse) as moved:
        update_account(
            company=company,
            actor=admin_user,
            account_id=rent.pk,
            change=_change(rent, parent_id=assets.pk),
        )
    assert moved.value.details == {"field": "parent"}
    with pytest.raises(AccountInUse, match="Rent has entries: it stays a ledger"):
        update_account(
            company=company,
            actor=admin_user,
            account_id=rent.pk,
            change=_change(rent, is_group=True),
        )
    rent.refresh_from_db()
    assert (rent.parent.code, rent.is_group, rent.nature) == ("5500", False, "expense")
    # Renaming, recoding and deactivating are fine: the entries stay where they are.
    renamed = update_account(
        company=company,
        actor=admin_user,
        account_id=rent.pk,
        change=_change(rent, code="5511", name="Office rent", is_active=False),
    )
    assert (renamed.code, renamed.name, renamed.is_active) == ("5511", "Office rent", False)


def test_a_group_cannot_move_under_itself_or_its_own_accounts(company, admin_user):
    current = Account.objects.get(company=company, code="1200")
    cash_group = Account.objects.get(company=company, code="1210")
    for parent in (current, cash_group):
        with pytest.raises(InvalidInput, match="cannot be moved under itself"):
            update_account(
                company=company,
                actor=admin_user,
                account_id=current.pk,
                change=_change(current, parent_id=parent.pk),
            )


def test_a_group_with_accounts_under_it_stays_a_group(company, admin_user):
    cash_group = Account.objects.get(company=company, code="1210")
    with pytest.raises(AccountInUse, match="has accounts under it"):
        update_account(
            company=company,
            actor=admin_user,
            account_id=cash_group.pk,
            change=_change(cash_group, is_group=False),
        )


def test_codes_stay_unique_and_names_unique_in_their_group(company, admin_user, tea):
    with pytest.raises(DuplicateAccount) as code_clash:
        update_account(
            company=company, actor=admin_user, account_id=tea.pk, change=_change(tea, code="5510")
        )
    assert code_clash.value.details == {"field": "code"}
    with pytest.raises(DuplicateAccount) as name_clash:
        update_account(
            company=company, actor=admin_user, account_id=tea.pk, change=_change(tea, name="Rent")
        )
    assert name_clash.value.details == {"field": "name"}


def test_unused_accounts_are_deleted_with_a_record_used_ones_are_refused(
    company, admin_user, tea, post, account
):
    delete_account(company=company, actor=admin_user, account_id=tea.pk)
    assert not Account.objects.filter(pk=tea.pk).exists()
    record = AuditRecord.objects.get(company=company, object_id=str(tea.pk), action="delete")
    assert record.before["code"] == "5596"
    post(date(2024, 4, 2), [("rent", "100.00", ""), ("cash", "", "100.00")])
    staff_welfare = Account.objects.get(company=company, code="5220")
    delete_account(company=company, actor=admin_user, account_id=staff_welfare.pk)
    plain_rent = account("rent")
    with pytest.raises(AccountInUse):
        delete_account(company=company, actor=admin_user, account_id=plain_rent.pk)
    assert Account.objects.filter(pk=plain_rent.pk).exists()


def test_a_viewer_changes_nothing_and_another_companys_account_is_unknown(company, admin_user, tea):
    viewer = User.objects.create_user("viewer", "viewer@example.in", "x" * 16)
    add_member(company=company, user=viewer, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        update_account(
            company=company, actor=viewer, account_id=tea.pk, change=_change(tea, name="Chai")
        )
    with pytest.raises(PermissionDenied):
        delete_account(company=company, actor=viewer, account_id=tea.pk)
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    with pytest.raises(UnknownAccount):
        update_account(company=other, actor=admin_user, account_id=tea.pk, change=_change(tea))
    tea.refresh_from_db()
    assert tea.name == "Office tea"
