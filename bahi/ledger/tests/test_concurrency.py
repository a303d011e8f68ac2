"""Concurrent posters against one company: numbers stay gapless and unique, a reversal or an
idempotency key wins exactly once, and nothing deadlocks.

PostgreSQL only: each thread needs its own connection to a database the others can see, and the
SQLite test database lives in one connection's memory. (On SQLite, BEGIN IMMEDIATE serialises
whole write transactions, so these races cannot happen there.)
"""

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction

from bahi.ledger.errors import EntryAlreadyReversed
from bahi.ledger.models import JournalEntry, VoucherSequence
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import (
    post_journal_entries_bulk,
    post_journal_entry,
    reverse_journal_entry,
)
from bahi.ledger.types import EntryInput, LineInput

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: threads cannot share SQLite's in-memory test database",
    ),
    pytest.mark.django_db(transaction=True),
]

APRIL_2 = date(2024, 4, 2)
WAIT_SECONDS = 10


def _in_threads(*calls):
    """Run each call in its own thread (own connection, closed at the end); return each call's
    result or the exception it raised, in order."""

    def run(call):
        try:
            return call()
        except Exception as error:  # noqa: BLE001  (the test inspects what each thread raised)
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _wait_until_sessions_wait_on_a_lock(count):
    """Poll until `count` other sessions of this database are blocked on a lock."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"no {count} session(s) blocked on a lock within {WAIT_SECONDS}s")


@pytest.fixture
def rent_entry(account):
    rent, cash = account("rent").id, account("cash").id

    def build(paise, entry_date=APRIL_2, key=None):
        amount = Decimal(paise) / 100
        return EntryInput(
            entry_date=entry_date,
            idempotency_key=key,
            lines=(
                LineInput(account_id=rent, debit=amount),
                LineInput(account_id=cash, credit=amount),
            ),
        )

    return build


def test_concurrent_posters_get_gapless_unique_numbers(company, admin_user, account, rent_entry):
    threads, per_thread = 6, 15
    start = threading.Barrier(threads)

    def poster(thread_no):
        def run():
            start.wait(WAIT_SECONDS)
            return [
                post_journal_entry(
                    company=company, actor=admin_user, entry=rent_entry(thread_no * 100 + i)
                ).number
                for i in range(1, per_thread + 1)
            ]

        return run

    results = _in_threads(*(poster(thread_no) for thread_no in range(1, threads + 1)))
    numbers = sorted(number for result in results for number in result)
    assert numbers == list(range(1, threads * per_thread + 1))
    assert VoucherSequence.objects.get().last_number == threads * per_thread
    expected = sum(t * 100 + i for t in range(1, threads + 1) for i in range(1, per_thread + 1))
    assert build_balances_as_of(company=company, as_of=APRIL_2)[account("rent").id].net_paise == (
        expected
    )
    assert verify_books(company=company) == []


def test_two_racing_reversals_of_one_entry_let_exactly_one_win(company, admin_user, post):
    original = post(APRIL_2, [("rent", "500.00", ""), ("cash", "", "500.00")])
    start = threading.Barrier(2)

    def reverse():
        start.wait(WAIT_SECONDS)
        return reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=APRIL_2,
            reason="duplicate",
        )

    results = _in_threads(reverse, reverse)
    winners = [result for result in results if isinstance(result, JournalEntry)]
    losers = [result for result in results if isinstance(result, EntryAlreadyReversed)]
    assert (len(winners), len(losers)) == (1, 1)
    assert JournalEntry.objects.filter(reverses=original).get().pk == winners[0].pk
    assert verify_books(company=company) == []


def test_a_reversal_waiting_on_another_sees_it_and_refuses(company, admin_user, post):
    """The second reversal blocks on the first's row lock, then finds it committed."""
    original = post(APRIL_2, [("rent", "500.00", ""), ("cash", "", "500.00")])
    first_reversed, release = threading.Event(), threading.Event()

    def reverse():
        return reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=APRIL_2,
            reason="duplicate",
        )

    def first():
        with transaction.atomic():
            reversal = reverse()
            first_reversed.set()
            release.wait(WAIT_SECONDS)
        return reversal

    def second():
        first_reversed.wait(WAIT_SECONDS)
        return reverse()

    def referee():
        first_reversed.wait(WAIT_SECONDS)
        _wait_until_sessions_wait_on_a_lock(1)
        release.set()

    winner, loser, _ = _in_threads(first, second, referee)
    assert isinstance(winner, JournalEntry)
    assert isinstance(loser, EntryAlreadyReversed)
    assert JournalEntry.objects.count() == 2


def test_a_post_racing_on_the_same_idempotency_key_returns_the_first_entry(
    company, admin_user, rent_entry
):
    """The second request passes the 'already posted?' check before the first commits, waits
    for the voucher number, then clashes on the key: it must return the first entry."""
    first_posted, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            entry = post_journal_entry(
                company=company, actor=admin_user, entry=rent_entry(100, key="pay-7")
            )
            first_posted.set()
            release.wait(WAIT_SECONDS)
        return entry

    def second():
        first_posted.wait(WAIT_SECONDS)
        return post_journal_entry(
            company=company, actor=admin_user, entry=rent_entry(100, key="pay-7")
        )

    def referee():
        first_posted.wait(WAIT_SECONDS)
        _wait_until_sessions_wait_on_a_lock(1)
        release.set()

    original, retry, _ = _in_threads(first, second, referee)
    assert isinstance(original, JournalEntry), original
    assert isinstance(retry, JournalEntry), retry
    assert retry.pk == original.pk
    assert JournalEntry.objects.count() == 1
    assert VoucherSequence.objects.get().last_number == 1
    follower = post_journal_entry(company=company, actor=admin_user, entry=rent_entry(1))
    assert follower.number == 2


def test_many_posts_of_one_idempotency_key_post_one_entry(company, admin_user, rent_entry):
    threads = 5
    start = threading.Barrier(threads)

    def post_once():
        start.wait(WAIT_SECONDS)
        return post_journal_entry(
            company=company, actor=admin_user, entry=rent_entry(250, key="import-1")
        )

    results = _in_threads(*([post_once] * threads))
    assert all(isinstance(result, JournalEntry) for result in results), results
    assert {result.pk for result in results} == {JournalEntry.objects.get().pk}
    assert VoucherSequence.objects.get().last_number == 1


@pytest.mark.slow
def test_imports_crossing_a_year_end_in_opposite_orders_do_not_deadlock(
    company, admin_user, rent_entry
):
    march, april = date(2025, 3, 31), date(2025, 4, 1)
    between_batches = threading.Barrier(2)

    def pause(_count):
        # Both imports hold their first year's sequence here; a fixed engine serialises them,
        # so the barrier then times out and both carry on.
        with contextlib.suppress(threading.BrokenBarrierError):
            between_batches.wait(2)

    def run_import(first_date, second_date):
        def run():
            return post_journal_entries_bulk(
                company=company,
                actor=admin_user,
                entries=[rent_entry(1, first_date), rent_entry(2, second_date)],
                batch_size=1,
                on_progress=pause,
            )

        return run

    results = _in_threads(run_import(march, april), run_import(april, march))
    assert results == [2, 2]
    assert sorted(VoucherSequence.objects.values_list("fiscal_year", "last_number")) == [
        ("2024-25", 2),
        ("2025-26", 2),
    ]
