from datetime import date, timedelta
from decimal import Decimal

import pytest

from bahi.core.errors import DomainError, PermissionDenied
from bahi.identity.models import Role, User
from bahi.identity.services import add_member
from bahi.ledger.errors import IdempotencyConflict, PeriodLocked, UnbalancedEntry, UnknownAccount
from bahi.ledger.models import AccountPeriodTotal, JournalEntry, JournalLine, VoucherSequence
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import post_journal_entries_bulk, set_lock_date
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db

APRIL_2 = date(2024, 4, 2)


@pytest.fixture
def rent_paid(account):
    """rent_paid(i) -> row i of an import: rent Dr, cash Cr, i paise each, narrated 'row i'."""
    rent, cash = account("rent").id, account("cash").id

    def build(position, entry_date=APRIL_2, key=None, credit_paise=None):
        amount = Decimal(position) / 100
        credit = amount if credit_paise is None else Decimal(credit_paise) / 100
        return EntryInput(
            entry_date=entry_date,
            narration=f"row {position}",
            idempotency_key=key,
            lines=(
                LineInput(account_id=rent, debit=amount),
                LineInput(account_id=cash, credit=credit),
            ),
        )

    return build


@pytest.fixture
def bulk(company, admin_user):
    def run(entries, **kwargs):
        return post_journal_entries_bulk(
            company=company, actor=admin_user, entries=entries, **kwargs
        )

    return run


def _numbers_by_row(fiscal_year=None):
    entries = JournalEntry.objects.all()
    if fiscal_year is not None:
        entries = entries.filter(fiscal_year=fiscal_year)
    return {
        int(narration.removeprefix("row ")): number
        for narration, number in entries.values_list("narration", "number")
    }


def _books_snapshot():
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        sorted(
            AccountPeriodTotal.objects.values_list(
                "account_id", "grain", "period_start", "debit_paise", "credit_paise"
            )
        ),
        sorted(VoucherSequence.objects.values_list("series", "fiscal_year", "last_number")),
    )


def test_posts_thousands_of_entries_in_input_order(bulk, rent_paid, company, account):
    posted = bulk(rent_paid(position) for position in range(1, 2501))
    assert posted == 2500
    assert JournalLine.objects.count() == 5000
    assert _numbers_by_row() == {position: position for position in range(1, 2501)}
    total = sum(range(1, 2501))  # 3,126,250 paise
    balances = build_balances_as_of(company=company, as_of=APRIL_2)
    assert balances[account("rent").id].net_paise == 3126250 == total
    assert balances[account("cash").id].net_paise == -3126250
    assert verify_books(company=company) == []


@pytest.mark.parametrize("batch_size", [2000, 500])
def test_an_unbalanced_entry_names_its_position_and_nothing_is_written(
    bulk, rent_paid, post, batch_size
):
    post(APRIL_2, [("cash", "10.00", ""), ("capital", "", "10.00")])
    before = _books_snapshot()
    entries = [rent_paid(position) for position in range(1, 2001)]
    entries[1499] = rent_paid(1500, credit_paise=1499)
    with pytest.raises(UnbalancedEntry) as raised:
        bulk(entries, batch_size=batch_size)
    assert raised.value.details["entry"] == 1500
    assert raised.value.message.startswith("entry 1500: debits (15.00) do not equal")
    assert _books_snapshot() == before
    assert VoucherSequence.objects.get().last_number == 1


def test_any_posting_rule_reports_the_entry_position(bulk, rent_paid, company, admin_user):
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 4, 30))
    entries = [rent_paid(position, entry_date=date(2024, 5, 1)) for position in range(1, 11)]
    entries[6] = rent_paid(7, entry_date=date(2024, 4, 30))
    with pytest.raises(PeriodLocked) as raised:
        bulk(entries, batch_size=3)
    assert raised.value.details["entry"] == 7
    assert raised.value.details["lock_date"] == "2024-04-30"
    entries[6] = EntryInput(
        entry_date=date(2024, 5, 1),
        lines=(LineInput(account_id=999999, debit=Decimal(1)), *entries[6].lines[1:]),
    )
    with pytest.raises(UnknownAccount, match=r"^entry 7: line 1: account 999999 does not exist"):
        bulk(entries, batch_size=3)
    assert JournalEntry.objects.count() == 0


def test_rerunning_an_import_skips_entries_already_posted(bulk, rent_paid):
    assert bulk(rent_paid(position, key=f"import-{position}") for position in range(1, 101)) == 100
    again = bulk(rent_paid(position, key=f"import-{position}") for position in range(1, 151))
    assert again == 50
    assert JournalEntry.objects.count() == 150
    assert _numbers_by_row() == {position: position for position in range(1, 151)}
    assert bulk([rent_paid(position, key=f"import-{position}") for position in (1, 2)]) == 0


def test_the_same_key_twice_in_one_batch_is_a_conflict_and_nothing_is_written(bulk, rent_paid):
    entries = [rent_paid(position, key=f"import-{position}") for position in range(1, 11)]
    entries[8] = rent_paid(9, key="import-3")
    with pytest.raises(IdempotencyConflict):
        bulk(entries)
    assert _books_snapshot() == (0, 0, [], [])


def test_voucher_numbers_stay_gapless_across_batches_and_financial_years(bulk, rent_paid, company):
    march_31 = date(2025, 3, 31)
    entries = [
        rent_paid(position, entry_date=march_31 + timedelta(days=position % 2))
        for position in range(1, 42)
    ]
    assert bulk(entries, batch_size=7) == 41
    assert bulk([rent_paid(42, entry_date=march_31), rent_paid(43, entry_date=march_31)]) == 2
    odd_rows = [*range(1, 42, 2)]  # 1 April 2025: the new year's series starts again at 1
    even_rows = [*range(2, 42, 2), 42, 43]
    assert _numbers_by_row("2025-26") == {row: n for n, row in enumerate(odd_rows, 1)}
    assert _numbers_by_row("2024-25") == {row: n for n, row in enumerate(even_rows, 1)}
    assert sorted(VoucherSequence.objects.values_list("fiscal_year", "last_number")) == [
        ("2024-25", 22),
        ("2025-26", 21),
    ]
    assert verify_books(company=company) == []


def test_progress_is_reported_per_batch_and_sums_to_the_entries_posted(bulk, rent_paid):
    calls: list[int] = []
    assert bulk((rent_paid(p) for p in range(1, 2501)), batch_size=1000, on_progress=calls.append)
    assert calls == [1000, 1000, 500]
    assert sum(calls) == JournalEntry.objects.count() == 2500


def test_an_empty_import_posts_nothing(bulk):
    calls: list[int] = []
    assert bulk([], on_progress=calls.append) == 0
    assert calls == []


def test_viewer_may_not_import(company, rent_paid):
    viewer = User.objects.create_user("viewer", "viewer@example.in", "pw")
    add_member(company=company, user=viewer, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        post_journal_entries_bulk(company=company, actor=viewer, entries=[rent_paid(1)])
    assert JournalEntry.objects.count() == 0


def test_a_rerun_import_names_the_bad_entry_by_its_position_in_the_input(bulk, rent_paid):
    bulk(rent_paid(position, key=f"import-{position}") for position in range(1, 101))
    entries = [rent_paid(position, key=f"import-{position}") for position in range(1, 151)]
    entries[119] = rent_paid(120, key="import-120", credit_paise=1)
    with pytest.raises(UnbalancedEntry) as raised:
        bulk(entries)
    assert raised.value.details["entry"] == 120


def test_the_same_key_twice_in_one_import_is_a_conflict_whatever_the_batches(bulk, rent_paid):
    entries = [rent_paid(1, key="import-1"), rent_paid(2, key="import-1")]
    with pytest.raises(IdempotencyConflict):
        bulk(entries, batch_size=1)


def test_two_entries_for_one_source_document_name_the_second(bulk, rent_paid):
    first, second = rent_paid(1), rent_paid(2)
    entries = [
        EntryInput(entry_date=APRIL_2, lines=first.lines, source_type="invoice", source_id="SI/1"),
        EntryInput(entry_date=APRIL_2, lines=second.lines, source_type="invoice", source_id="SI/1"),
    ]
    with pytest.raises(DomainError) as raised:
        bulk(entries)
    assert raised.value.details["entry"] == 2


def test_a_line_description_longer_than_the_column_is_refused_by_position(bulk, rent_paid):
    long = rent_paid(1)
    entry = EntryInput(
        entry_date=APRIL_2,
        lines=(
            LineInput(account_id=long.lines[0].account_id, debit=Decimal(1), description="x" * 201),
            LineInput(account_id=long.lines[1].account_id, credit=Decimal(1)),
        ),
    )
    with pytest.raises(DomainError) as raised:
        bulk([rent_paid(1), entry])
    assert raised.value.details == {"entry": 2, "line": 1, "field": "description"}


def test_imported_entries_take_ids_above_every_id_ever_used(bulk, rent_paid, company, post):
    """Bulk posting reserves entry ids before writing the lines that name them; an id freed by a
    deleted draft is never handed out again, and posting one by one carries on above them."""
    draft = JournalEntry.objects.create(
        company=company, fiscal_year="2024-25", entry_date=APRIL_2, total_paise=0
    )
    freed = draft.pk
    draft.delete()

    bulk([rent_paid(1), rent_paid(2), rent_paid(3)])
    after = post(APRIL_2, [("cash", "1.00", ""), ("capital", "", "1.00")])

    imported = sorted(JournalEntry.objects.exclude(pk=after.pk).values_list("pk", flat=True))
    assert imported[0] > freed
    assert imported == list(range(imported[0], imported[0] + 3))
    assert after.pk > imported[-1]
    lines = JournalLine.objects.filter(entry_id__in=imported).values_list("entry_id", "line_no")
    assert sorted(lines) == [(pk, no) for pk in imported for no in (1, 2)]


def test_garbage_collection_resumes_after_an_import_that_fails(bulk, rent_paid):
    import gc

    assert gc.isenabled()
    with pytest.raises(UnbalancedEntry):
        bulk([rent_paid(1), rent_paid(2, credit_paise=1)])
    assert gc.isenabled()
    assert bulk([rent_paid(3)]) == 1
    assert gc.isenabled()
