"""Members of the root conftest's company in each role, a second company with its own books,
and a few entries: capital brought in, rent paid, and a draft."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from bahi.identity.models import Membership, Role, User
from bahi.identity.permissions import MATRIX
from bahi.ledger.models import Account, JournalEntry
from bahi.ledger.services import create_company_with_books, post_journal_entry
from bahi.ledger.types import EntryInput, LineInput


def _member(company, username: str, role: str) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(username, f"{username}@example.in", "correct horse battery")
    Membership.objects.create(user=user, company=company, role=role)
    return user


@pytest.fixture
def accountant(company) -> User:
    return _member(company, "accountant", Role.ACCOUNTANT)


@pytest.fixture
def viewer(company) -> User:
    return _member(company, "viewer", Role.VIEWER)


@pytest.fixture
def signed_in(client, admin_user, company) -> Client:
    client.force_login(admin_user)
    return client


@pytest.fixture
def as_role(company, admin_user):  # type: ignore[no-untyped-def]
    """as_role("viewer") -> a client signed in as a member of the company in that role."""

    def sign_in(role: str) -> Client:
        user = admin_user if role == Role.ADMIN else _member(company, f"member-{role}", role)
        client = Client()
        client.force_login(user)
        return client

    return sign_in


ROLES = sorted(MATRIX)


@pytest.fixture
def other_company(db):  # type: ignore[no-untyped-def]
    owner = User.objects.create_user("rival", "rival@example.in", "correct horse battery")
    return create_company_with_books(
        owner=owner,
        legal_name="Verma Exports LLP",
        state_code="07",
        books_begin_date=date(2024, 4, 1),
    )


@pytest.fixture
def capital_entry(post) -> JournalEntry:
    return post(
        date(2024, 4, 1),
        [("bank", "1234567.89", ""), ("capital", "", "1234567.89")],
        narration="Capital brought in",
    )


@pytest.fixture
def rent_entry(post) -> JournalEntry:
    return post(
        date(2024, 5, 5),
        [("rent", "25000.00", ""), ("bank", "", "25000.00")],
        narration="Rent for May",
    )


def counts() -> tuple[int, int]:
    """(entries, accounts) of every company: a refused request changes neither."""
    return JournalEntry.objects.count(), Account.objects.count()


@pytest.fixture
def other_entry(other_company) -> JournalEntry:
    """A posted entry of the other company (its owner posts it)."""
    owner = Membership.objects.get(company=other_company).user
    cash = Account.objects.get(company=other_company, system_role="cash")
    capital = Account.objects.get(company=other_company, system_role="capital")
    return post_journal_entry(
        company=other_company,
        actor=owner,
        entry=EntryInput(
            entry_date=date(2024, 4, 2),
            narration="Verma capital",
            lines=(
                LineInput(account_id=cash.id, debit=Decimal("5000.00")),
                LineInput(account_id=capital.id, credit=Decimal("5000.00")),
            ),
        ),
    )
