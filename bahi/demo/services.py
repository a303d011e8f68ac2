"""Create demo companies: a chart, parties and generated books, posted in one transaction."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from bahi.core.fiscal import fiscal_year_of
from bahi.demo.chart import install_demo_chart
from bahi.demo.generator import generate_entries
from bahi.demo.identifiers import make_gstin
from bahi.identity.models import Company, User
from bahi.ledger.services import create_company_with_books, post_journal_entries_bulk

DEMO_LEGAL_NAME = "Sharma Traders Private Limited"
DEMO_STATE_CODE = "27"  # Maharashtra
DEMO_PAN = "AAPCS1234F"
DEMO_ENTRIES = 3000
DEMO_YEARS = 1
DEMO_SEED = 2024


@dataclass(frozen=True)
class DemoCompany:
    company: Company
    entries_posted: int


def demo_books_begin(*, today: date, years: int) -> date:
    """1 April `years` financial years before the current one: the books end where it begins."""
    current = fiscal_year_of(today)
    return current.start.replace(year=current.start.year - years)


def create_demo_company(
    *,
    owner: User,
    books_begin_date: date,
    legal_name: str = DEMO_LEGAL_NAME,
    entries: int = DEMO_ENTRIES,
    years: int = DEMO_YEARS,
    seed: int = DEMO_SEED,
    registration: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> DemoCompany:
    """A company owned by `owner` with ~200 accounts, 100 parties and `entries` generated entries
    over `years` years from `books_begin_date`. All of it or nothing (one transaction).
    `registration` numbers the GSTIN when the same PAN has several demo companies."""
    with transaction.atomic():
        company = create_company_with_books(
            owner=owner,
            legal_name=legal_name,
            state_code=DEMO_STATE_CODE,
            books_begin_date=books_begin_date,
            gstin=make_gstin(DEMO_STATE_CODE, DEMO_PAN, registration),
            pan=DEMO_PAN,
        )
        chart = install_demo_chart(company=company, actor=owner, seed=seed)
        posted = post_journal_entries_bulk(
            company=company,
            actor=owner,
            entries=generate_entries(chart, count=entries, years=years, seed=seed),
            on_progress=on_progress,
        )
    return DemoCompany(company=company, entries_posted=posted)
