"""The dashboard's small trading quarter (bahi.web.tests.dashboard.sample_books: books from
1 Apr 2024; capital, cash drawn, four sales, a receipt, a purchase and rent up to 30 Jun 2024),
read by the report pages; a signed-in admin; members of other roles and of another company."""

from collections.abc import Callable
from datetime import date

import pytest

from bahi.identity.models import Company, Membership, Role, User
from bahi.ledger.models import Account, Party
from bahi.ledger.services import create_company_with_books, create_party
from bahi.web.tests.dashboard.sample_books import post_sample_books

QUARTER = {"date_from": "2024-04-01", "date_to": "2024-06-30"}
# Queries of any signed-in page before its own: the session (read, and saved for the idle
# timeout), the user, the membership, the navigation's company list and unread alerts.
PAGE_QUERIES = 8


@pytest.fixture
def books(company, admin_user, post) -> dict[str, object]:
    def party(name: str, **kwargs: object) -> Party:
        return create_party(company=company, actor=admin_user, name=name, **kwargs)  # type: ignore[arg-type]

    return post_sample_books(post, party)


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def member(company) -> Callable[[str], User]:
    """member(Role.VIEWER) -> a user with that role in the company."""

    def make(role: str) -> User:
        user = User.objects.create_user(f"{role}-user", f"{role}@example.in", "pass words here")
        Membership.objects.create(user=user, company=company, role=role)
        return user

    return make


@pytest.fixture
def other_company(db) -> Company:
    """Another company (its own owner and chart), with a party of its own."""
    owner = User.objects.create_user("other", "other@example.in", "pass words here")
    other = create_company_with_books(
        owner=owner, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    create_party(company=other, actor=owner, name="Bengaluru Buyer", is_customer=True)
    return other


@pytest.fixture
def foreign_ids(other_company) -> dict[str, int]:
    return {
        "account": Account.objects.get(company=other_company, system_role="sundry_debtors").id,
        "party": Party.objects.get(company=other_company).id,
    }


ROLES = [Role.ADMIN, Role.ACCOUNTANT, Role.VIEWER]
