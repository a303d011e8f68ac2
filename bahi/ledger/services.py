"""Writes to the books. Every function here is atomic and checks its rules before writing;
the database re-checks the ledger invariants (see migrations/0002_ledger_triggers)."""

from dataclasses import replace
from datetime import date

from django.db import transaction

from bahi.core.errors import InvalidInput
from bahi.identity.audit import record_change
from bahi.identity.models import Company, User
from bahi.identity.permissions import Action, ensure_can
from bahi.identity.services import create_company
from bahi.ledger.account_edits import (
    AccountChange,
    check_new_values,
    delete_account,
    update_account,
)
from bahi.ledger.chart import DEFAULT_CHART
from bahi.ledger.models import Account, Party
from bahi.ledger.parties import add_party, update_party
from bahi.ledger.posting import (
    BULK_BATCH,
    books_window,
    post_journal_entries_bulk,
    post_journal_entry,
    reverse_journal_entry,
)
from bahi.ledger.types import PartyDetails

# --- companies and the chart of accounts -------------------------------------------------------


@transaction.atomic
def create_company_with_books(
    *,
    owner: User,
    legal_name: str,
    state_code: str,
    books_begin_date: date,
    gstin: str = "",
    pan: str = "",
    fy_start_month: int = 4,
) -> Company:
    """A new company, its owner as admin, and the default Indian chart of accounts."""
    company = create_company(
        owner=owner,
        legal_name=legal_name,
        state_code=state_code,
        books_begin_date=books_begin_date,
        gstin=gstin,
        pan=pan,
        fy_start_month=fy_start_month,
    )
    install_default_chart(company=company)
    record_change(
        company=company,
        actor=owner,
        action="create",
        object_type="identity.company",
        object_id=company.id,
        after={
            "legal_name": company.legal_name,
            "state_code": company.state_code,
            "gstin": company.gstin,
            "books_begin_date": company.books_begin_date.isoformat(),
            "fy_start_month": company.fy_start_month,
            "chart": "default Indian chart",
            # The owner's membership is created with the company: its record is this one.
            "owner": {"user_id": owner.pk, "email": owner.email, "role": "admin"},
        },
    )
    return company


def install_default_chart(*, company: Company) -> None:
    by_code: dict[str, Account] = {}
    for code, name, parent_code, nature, is_group, schedule, is_control, role in DEFAULT_CHART:
        parent = by_code.get(parent_code)
        by_code[code] = Account.objects.create(
            company=company,
            parent=parent,
            code=code,
            name=name,
            nature=nature or (parent.nature if parent else ""),
            is_group=is_group,
            schedule_iii=schedule or (parent.schedule_iii if parent else ""),
            is_control=is_control,
            system_role=role,
        )


@transaction.atomic
def create_account(
    *,
    company: Company,
    actor: User,
    code: str,
    name: str,
    parent: Account,
    is_group: bool = False,
    schedule_iii: str = "",
    is_control: bool = False,
) -> Account:
    """A ledger or group under `parent`; nature is the parent's, Schedule III line inherited
    unless given. Raises DuplicateAccount, InvalidInput."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_ACCOUNTS)
    if parent.company_id != company.id or not parent.is_group:
        raise InvalidInput(
            f"{parent.name} is not a group of this company's chart", details={"field": "parent"}
        )
    new = AccountChange(code=code, name=name, parent_id=parent.pk, is_group=is_group)
    check_new_values(company, replace(new, schedule_iii=schedule_iii))
    account = Account.objects.create(
        company=company,
        parent=parent,
        code=code,
        name=name,
        nature=parent.nature,
        is_group=is_group,
        schedule_iii=schedule_iii or parent.schedule_iii,
        is_control=is_control,
    )
    _record_created(
        company,
        actor,
        "ledger.account",
        account.id,
        {
            "code": code,
            "name": name,
            "parent": parent.code,
            "is_group": is_group,
            "schedule_iii": account.schedule_iii,
            "is_control": is_control,
        },
    )
    return account


def create_party(
    *,
    company: Company,
    actor: User,
    name: str,
    is_customer: bool = False,
    is_supplier: bool = False,
    gstin: str = "",
    state_code: str = "",
) -> Party:
    """A party with the basic fields; `add_party` (bahi.ledger.parties) takes every master field.
    The GST treatment is inferred (a GSTIN: regular; state 96: overseas; else unregistered)."""
    details = PartyDetails(
        name=name,
        is_customer=is_customer,
        is_supplier=is_supplier,
        gstin=gstin,
        state_code=state_code,
    )
    return add_party(company=company, actor=actor, details=details)


@transaction.atomic
def set_lock_date(*, company: Company, actor: User, lock_date: date | None) -> Company:
    """Close the books up to `lock_date` (None reopens them). Admins only."""
    ensure_can(actor=actor, company=company, action=Action.MANAGE_COMPANY)
    before = Company.objects.filter(pk=company.pk).values_list("lock_date", flat=True).get()
    Company.objects.filter(pk=company.pk).update(lock_date=lock_date)
    record_change(
        company=company,
        actor=actor,
        action="lock" if lock_date is not None else "reopen",
        object_type="identity.company",
        object_id=company.id,
        before={"lock_date": before.isoformat() if before else None},
        after={"lock_date": lock_date.isoformat() if lock_date else None},
    )
    company.lock_date = lock_date
    return company


def _record_created(
    company: Company, actor: User, object_type: str, object_id: int, after: dict[str, object]
) -> None:
    record_change(
        company=company,
        actor=actor,
        action="create",
        object_type=object_type,
        object_id=object_id,
        after=after,
    )


# --- posting (bahi.ledger.posting; re-exported so callers import writes from one place) -----

__all__ = [
    "BULK_BATCH",
    "AccountChange",
    "books_window",
    "create_account",
    "create_company_with_books",
    "add_party",
    "create_party",
    "delete_account",
    "install_default_chart",
    "post_journal_entries_bulk",
    "post_journal_entry",
    "reverse_journal_entry",
    "set_lock_date",
    "update_account",
    "update_party",
]
