"""Changing and deleting accounts of the chart. Creating one is services.create_account.

The rules keep past reports true: an account with posted or draft lines keeps its kind (group or
ledger) and its nature (asset, liability ...), is never deleted, and may be renamed, recoded,
deactivated or moved to another group of the same nature. A group with accounts under it stays
a group. Every change is written to the edit log in its own transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import ProtectedError

from bahi.core.errors import InvalidInput
from bahi.identity.audit import record_change
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.ledger.errors import AccountInUse, DuplicateAccount, UnknownAccount
from bahi.ledger.models import Account, JournalLine
from bahi.ledger.schedule_iii import BY_CODE


@dataclass(frozen=True)
class AccountChange:
    """The new values of an account's editable fields ("" Schedule III: the parent's line)."""

    code: str
    name: str
    parent_id: int
    is_group: bool
    is_active: bool = True
    schedule_iii: str = ""


def _snapshot(account: Account) -> dict[str, object]:
    return {
        "code": account.code,
        "name": account.name,
        "parent": account.parent.code if account.parent else None,
        "is_group": account.is_group,
        "is_active": account.is_active,
        "nature": account.nature,
        "schedule_iii": account.schedule_iii,
    }


def _locked_account(company: Company, account_id: int) -> Account:
    account = (
        # of=self: PostgreSQL cannot lock the parent's side of the outer join (the top groups).
        Account.objects.select_for_update(of=("self",))
        .select_related("parent")
        .filter(company=company, pk=account_id)
        .first()
    )
    if account is None:
        raise UnknownAccount(f"account {account_id} does not exist in this company")
    return account


def _new_parent(company: Company, account: Account, parent_id: int) -> Account:
    """The group the account moves under: of this company, and not the account or below it."""
    parent = Account.objects.filter(company=company, pk=parent_id, is_group=True).first()
    if parent is None:
        raise InvalidInput("the parent must be a group of this chart", details={"field": "parent"})
    ancestor: Account | None = parent
    while ancestor is not None:
        if ancestor.pk == account.pk:
            raise InvalidInput(
                f"{account.name} cannot be moved under itself or one of its own accounts",
                details={"field": "parent"},
            )
        ancestor = ancestor.parent
    return parent


def _check_kind_and_nature(account: Account, change: AccountChange, parent: Account) -> None:
    has_lines = JournalLine.objects.filter(company_id=account.company_id, account=account).exists()
    has_children = Account.objects.filter(parent=account).exists()
    if change.is_group != account.is_group:
        if has_lines:
            kind = "group" if account.is_group else "ledger"
            raise AccountInUse(
                f"{account.name} has entries: it stays a {kind}",
                details={"field": "is_group"},
            )
        if has_children:
            raise AccountInUse(
                f"{account.name} has accounts under it: it stays a group",
                details={"field": "is_group"},
            )
        if account.system_role:
            raise AccountInUse(
                f"{account.name} is a system account: its kind cannot change",
                details={"field": "is_group"},
            )
    if parent.nature != account.nature and (has_lines or has_children):
        raise AccountInUse(
            f"{account.name} is used: it can only move to a group of the same nature "
            f"({account.get_nature_display()}), or past reports would change",
            details={"field": "parent"},
        )


def check_new_values(
    company: Company, change: AccountChange, account_id: int | None = None
) -> None:
    """Code unique in the chart, name unique in its group, a known Schedule III line (or none).
    Raises DuplicateAccount, InvalidInput; details name the field."""
    others = Account.objects.filter(company=company)
    if account_id is not None:
        others = others.exclude(pk=account_id)
    if others.filter(code=change.code).exists():
        raise DuplicateAccount(
            f"an account with code {change.code} already exists", details={"field": "code"}
        )
    if others.filter(parent_id=change.parent_id, name=change.name).exists():
        raise DuplicateAccount(
            f"an account named {change.name!r} already exists in that group",
            details={"field": "name"},
        )
    if change.schedule_iii and change.schedule_iii not in BY_CODE:
        raise InvalidInput(
            f"unknown Schedule III line {change.schedule_iii!r}", details={"field": "schedule_iii"}
        )


@transaction.atomic
def update_account(
    *, company: Company, actor: User, account_id: int, change: AccountChange
) -> Account:
    """Rename, recode, move, (de)activate or change the kind of an account.

    Locks the account's row. Raises PermissionDenied, UnknownAccount, InvalidInput,
    DuplicateAccount and AccountInUse (details name the field at fault)."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    account = _locked_account(company, account_id)
    parent = _new_parent(company, account, change.parent_id)
    _check_kind_and_nature(account, change, parent)
    check_new_values(company, change, account.pk)
    before = _snapshot(account)
    account.code, account.name, account.parent = change.code, change.name, parent
    account.is_group, account.is_active = change.is_group, change.is_active
    account.nature = parent.nature
    account.schedule_iii = change.schedule_iii or parent.schedule_iii
    account.save()
    record_change(
        company=company,
        actor=actor,
        action="update",
        object_type="ledger.account",
        object_id=account.pk,
        before=before,
        after=_snapshot(account),
    )
    return account


@transaction.atomic
def delete_account(*, company: Company, actor: User, account_id: int) -> None:
    """Delete an account nothing refers to: no lines (posted or draft), no accounts under it,
    not a system account and not named by any document. Raises PermissionDenied,
    UnknownAccount, AccountInUse."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    account = _locked_account(company, account_id)
    if account.system_role:
        raise AccountInUse(f"{account.name} is a system account and cannot be deleted")
    if JournalLine.objects.filter(company=company, account=account).exists():
        raise AccountInUse(f"{account.name} has entries: deactivate it instead")
    if Account.objects.filter(parent=account).exists():
        raise AccountInUse(f"{account.name} has accounts under it")
    before = _snapshot(account)
    account_pk = account.pk
    try:
        with transaction.atomic():
            account.delete()
    except ProtectedError as error:
        raise AccountInUse(f"{account.name} is named by other records: deactivate it") from error
    record_change(
        company=company,
        actor=actor,
        action="delete",
        object_type="ledger.account",
        object_id=account_pk,
        before=before,
    )


__all__ = ["AccountChange", "check_new_values", "delete_account", "update_account"]
