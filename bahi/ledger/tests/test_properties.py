"""Properties of the journal engine over generated books (STYLE §9).

Each example runs inside a savepoint that is rolled back, so examples share the test's company
but never each other's entries. Hypothesis is derandomized: the same examples run every time.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bahi.core.money import from_paise
from bahi.ledger.chart import DEFAULT_CHART
from bahi.ledger.models import Account, JournalEntry, JournalLine
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import (
    post_journal_entries_bulk,
    post_journal_entry,
    reverse_journal_entry,
)
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BOOKS_BEGIN = date(2024, 4, 1)  # as in conftest's company
LAST_DAY = date(2025, 5, 31)  # the generated books cross the 31 March 2025 year end
POSTABLE_CODES = tuple(
    code
    for code, _, _, _, is_group, _, is_control, _ in DEFAULT_CHART
    if not (is_group or is_control)
)
MAX_LINE_PAISE = 10**10  # ₹10 crore a line

posting_dates = st.dates(min_value=BOOKS_BEGIN, max_value=LAST_DAY)
Row = tuple[str, int, int]  # (account code, debit paise, credit paise)


@st.composite
def balanced_entries(draw: st.DrawFn) -> tuple[date, tuple[Row, ...]]:
    """A date and 2-6 lines on random postable ledgers: 1-3 debits, and credits that split the
    same total at random cut points, in a random order."""
    debits = draw(st.lists(st.integers(1, MAX_LINE_PAISE), min_size=1, max_size=3))
    total = sum(debits)
    credit_count = draw(st.integers(1, min(3, total)))
    cuts = sorted(
        draw(
            st.lists(
                st.integers(1, max(1, total - 1)),
                min_size=credit_count - 1,
                max_size=credit_count - 1,
                unique=True,
            )
        )
    )
    credits = [high - low for low, high in zip([0, *cuts], [*cuts, total], strict=True)]
    codes = draw(
        st.lists(
            st.sampled_from(POSTABLE_CODES),
            min_size=len(debits) + len(credits),
            max_size=len(debits) + len(credits),
        )
    )
    rows = [
        (code, amount, 0) for code, amount in zip(codes[: len(debits)], debits, strict=True)
    ] + [(code, 0, amount) for code, amount in zip(codes[len(debits) :], credits, strict=True)]
    return draw(posting_dates), tuple(draw(st.permutations(rows)))


# ("post", (date, rows)) or ("reverse", which earlier posting, reversal date); reversals rarer.
operations = st.lists(
    st.one_of(
        balanced_entries().map(lambda entry: ("post", entry)),
        balanced_entries().map(lambda entry: ("post", entry)),
        st.tuples(st.just("reverse"), st.integers(0, 20), posting_dates),
    ),
    max_size=8,
)


def _entry_input(ids_by_code, entry_date, rows, narration=""):
    return EntryInput(
        entry_date=entry_date,
        narration=narration,
        lines=tuple(
            LineInput(
                account_id=ids_by_code[code], debit=from_paise(debit), credit=from_paise(credit)
            )
            for code, debit, credit in rows
        ),
    )


def _rolled_back(run):
    """Run inside a savepoint and undo everything it wrote; return what it returned."""
    with transaction.atomic():
        result = run()
        transaction.set_rollback(True)
    return result


@pytest.fixture
def ids_by_code(company):
    return dict(Account.objects.filter(company=company).values_list("code", "id"))


def _lines_summed_up_to(company, as_of):
    sums = (
        JournalLine.objects.filter(company=company, entry__status="posted", entry_date__lte=as_of)
        .values("account_id")
        .annotate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
    )
    return {row["account_id"]: (row["debit"], row["credit"]) for row in sums}


def _numbers_by_year(company):
    numbers = defaultdict(list)
    for year, number in JournalEntry.objects.filter(company=company).values_list(
        "fiscal_year", "number"
    ):
        numbers[year].append(number)
    return {year: sorted(found) for year, found in numbers.items()}


def _apply(company, admin_user, ids_by_code, steps):
    posted, reversed_ids = [], set()
    for step in steps:
        if step[0] == "post":
            entry_date, rows = step[1]
            entry = _entry_input(ids_by_code, entry_date, rows)
            posted.append(post_journal_entry(company=company, actor=admin_user, entry=entry))
        elif posted and (target := posted[step[1] % len(posted)]).id not in reversed_ids:
            reverse_journal_entry(
                company=company,
                actor=admin_user,
                entry_id=target.id,
                reversal_date=max(step[2], target.entry_date),  # never before the original
                reason="property test",
            )
            reversed_ids.add(target.id)


@PROPERTY_SETTINGS
@given(steps=operations, probe_dates=st.lists(posting_dates, min_size=1, max_size=3))
def test_any_postings_keep_the_trial_balance_at_zero_and_the_totals_equal_the_lines(
    company, admin_user, ids_by_code, steps, probe_dates
):
    def run():
        _apply(company, admin_user, ids_by_code, steps)
        for as_of in [BOOKS_BEGIN, date(2025, 3, 31), LAST_DAY, *probe_dates]:
            balances = build_balances_as_of(company=company, as_of=as_of)
            assert sum(movement.net_paise for movement in balances.values()) == 0
            assert {
                account_id: (movement.debit_paise, movement.credit_paise)
                for account_id, movement in balances.items()
            } == _lines_summed_up_to(company, as_of)
        assert verify_books(company=company) == []
        for numbers in _numbers_by_year(company).values():
            assert numbers == list(range(1, len(numbers) + 1))

    _rolled_back(run)


@PROPERTY_SETTINGS
@given(
    entries=st.lists(balanced_entries(), min_size=1, max_size=6),
    reversal_date=posting_dates,
)
def test_reversing_every_entry_nets_every_account_to_zero(
    company, admin_user, ids_by_code, entries, reversal_date
):
    def run():
        posted = [
            post_journal_entry(
                company=company,
                actor=admin_user,
                entry=_entry_input(ids_by_code, entry_date, rows),
            )
            for entry_date, rows in entries
        ]
        for original in posted:
            reverse_journal_entry(
                company=company,
                actor=admin_user,
                entry_id=original.id,
                reversal_date=max(reversal_date, original.entry_date),
                reason="undo",
            )
        balances = build_balances_as_of(company=company, as_of=LAST_DAY)
        assert {movement.net_paise for movement in balances.values()} == {0}
        touched = {ids_by_code[code] for _, rows in entries for code, _, _ in rows}
        assert set(balances) == touched
        assert verify_books(company=company) == []

    _rolled_back(run)


def _books_after(company, posting):
    """Post with `posting`, then read the books back: balances at a few dates, and each entry's
    (narration, fiscal year, number, total)."""

    def run():
        posting()
        return (
            {
                as_of: build_balances_as_of(company=company, as_of=as_of)
                for as_of in (date(2024, 9, 30), date(2025, 3, 31), LAST_DAY)
            },
            sorted(
                JournalEntry.objects.filter(company=company).values_list(
                    "narration", "fiscal_year", "number", "total_paise", "status"
                )
            ),
            verify_books(company=company),
        )

    return _rolled_back(run)


@PROPERTY_SETTINGS
@given(entries=st.lists(balanced_entries(), min_size=1, max_size=12), batch_size=st.integers(1, 5))
def test_bulk_and_one_by_one_posting_give_the_same_books(
    company, admin_user, ids_by_code, entries, batch_size
):
    inputs = [
        _entry_input(ids_by_code, entry_date, rows, narration=f"entry {position:02d}")
        for position, (entry_date, rows) in enumerate(entries, start=1)
    ]

    def one_by_one():
        for entry in inputs:
            post_journal_entry(company=company, actor=admin_user, entry=entry)

    def in_bulk():
        posted = post_journal_entries_bulk(
            company=company, actor=admin_user, entries=iter(inputs), batch_size=batch_size
        )
        assert posted == len(inputs)

    single = _books_after(company, one_by_one)
    bulk = _books_after(company, in_bulk)
    assert bulk == single
    assert single[2] == []


def test_generated_entries_balance_to_the_paisa():
    """The generator itself: a guard that the properties above are fed balanced entries."""

    @PROPERTY_SETTINGS
    @given(entry=balanced_entries())
    def check(entry):
        _, rows = entry
        assert 2 <= len(rows) <= 6
        assert sum(debit for _, debit, _ in rows) == sum(credit for _, _, credit in rows)
        assert all((debit > 0) != (credit > 0) for _, debit, credit in rows)
        assert sum(from_paise(debit) for _, debit, _ in rows) % Decimal("0.01") == 0

    check()
