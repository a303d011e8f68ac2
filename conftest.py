"""Fixtures shared by every app's tests: a company with the default chart, its admin, and a
`post` helper that posts a balanced entry from (role, debit, credit) rows."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bahi.identity.models import Company, User
from bahi.ledger.models import Account, JournalEntry
from bahi.ledger.services import create_company_with_books, post_journal_entry
from bahi.ledger.types import EntryInput, LineInput

BOOKS_BEGIN = date(2024, 4, 1)


@pytest.fixture(autouse=True)
def _gst_rates_survive_flushes(request: pytest.FixtureRequest) -> None:
    """Transactional tests (browser and thread tests) end by flushing every table, the GST rates
    the data migration loaded included: the next database test in the process gets them back,
    so no test depends on which tests ran before it in its process."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None:
        transactional = transactional or bool(
            marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        )
    elif "db" not in names and not transactional:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from bahi.gst.models import GstRate
    from bahi.gst.rates_file import read_rates_file
    from bahi.gst.services import load_rates

    if not GstRate.objects.filter(data_version="rates_v1").exists():
        version, rows = read_rates_file("rates_v1.json")
        load_rates(rows=rows, data_version=version)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_user("owner", "owner@example.in", "correct horse battery")


@pytest.fixture
def company(admin_user) -> Company:
    return create_company_with_books(
        owner=admin_user,
        legal_name="Sharma Traders Pvt Ltd",
        state_code="27",
        books_begin_date=BOOKS_BEGIN,
    )


@pytest.fixture
def account(company) -> Callable[[str], Account]:
    """account("cash") -> the company's account with that system role."""

    def find(role: str) -> Account:
        return Account.objects.get(company=company, system_role=role)

    return find


PostRow = tuple[str, str, str] | tuple[str, str, str, int]


@pytest.fixture
def post(company, admin_user, account) -> Callable[..., JournalEntry]:
    """post(date, [("cash", "100.00", ""), ("capital", "", "100.00")]) posts a journal entry;
    a fourth item in a row is a party id."""

    def do_post(entry_date: date, rows: list[PostRow], **kwargs: object) -> JournalEntry:
        lines = tuple(
            LineInput(
                account_id=account(row[0]).id,
                debit=Decimal(row[1] or "0"),
                credit=Decimal(row[2] or "0"),
                party_id=row[3] if len(row) > 3 else None,
            )  # type: ignore[misc]
            for row in rows
        )
        return post_journal_entry(
            company=company,
            actor=admin_user,
            entry=EntryInput(entry_date=entry_date, lines=lines, **kwargs),
        )

    return do_post
