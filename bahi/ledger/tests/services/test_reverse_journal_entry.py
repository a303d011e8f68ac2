from datetime import date

import pytest

from bahi.ledger.errors import EntryAlreadyReversed, EntryNotFound, PeriodLocked
from bahi.ledger.selectors import build_balances_as_of
from bahi.ledger.services import reverse_journal_entry, set_lock_date

pytestmark = pytest.mark.django_db


def test_reversal_mirrors_the_lines_and_nets_every_account_to_zero(post, company, admin_user):
    original = post(
        date(2024, 4, 2),
        [("rent", "12000.00", ""), ("cash", "", "12000.00")],
        narration="April rent",
    )
    reversal = reverse_journal_entry(
        company=company,
        actor=admin_user,
        entry_id=original.id,
        reversal_date=date(2024, 4, 5),
        reason="posted twice",
    )
    assert reversal.reverses == original
    assert reversal.narration == "Reversal of JV/2024-25/000001: posted twice"
    assert list(reversal.lines.order_by("line_no").values_list("debit_paise", "credit_paise")) == [
        (0, 1200000),
        (1200000, 0),
    ]
    balances = build_balances_as_of(company=company, as_of=date(2024, 4, 30))
    assert {movement.net_paise for movement in balances.values()} == {0}


def test_an_entry_is_reversed_only_once(post, company, admin_user):
    original = post(date(2024, 4, 2), [("rent", "1.00", ""), ("cash", "", "1.00")])
    reverse_journal_entry(
        company=company,
        actor=admin_user,
        entry_id=original.id,
        reversal_date=date(2024, 4, 5),
        reason="wrong",
    )
    with pytest.raises(EntryAlreadyReversed):
        reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=date(2024, 4, 6),
            reason="again",
        )


def test_reversal_in_a_locked_period_is_refused(post, company, admin_user):
    original = post(date(2024, 4, 2), [("rent", "1.00", ""), ("cash", "", "1.00")])
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 4, 30))
    with pytest.raises(PeriodLocked):
        reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=date(2024, 4, 30),
            reason="late",
        )


def test_cannot_reverse_another_companys_entry(post, admin_user):
    from bahi.ledger.services import create_company_with_books

    original = post(date(2024, 4, 2), [("rent", "1.00", ""), ("cash", "", "1.00")])
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    with pytest.raises(EntryNotFound):
        reverse_journal_entry(
            company=other,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=date(2024, 4, 5),
            reason="not mine",
        )


def test_a_retried_reversal_with_its_key_returns_the_reversal(post, company, admin_user):
    original = post(date(2024, 4, 2), [("rent", "1.00", ""), ("cash", "", "1.00")])

    def reverse():
        return reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=date(2024, 4, 5),
            reason="wrong",
            idempotency_key="undo-rent",
        )

    assert reverse().pk == reverse().pk


def test_a_reversal_cannot_predate_the_entry(post, company, admin_user):
    from bahi.core.errors import InvalidInput

    original = post(date(2024, 4, 10), [("rent", "1.00", ""), ("cash", "", "1.00")])
    with pytest.raises(InvalidInput, match="cannot be dated before"):
        reverse_journal_entry(
            company=company,
            actor=admin_user,
            entry_id=original.id,
            reversal_date=date(2024, 4, 9),
            reason="wrong",
        )


def test_posting_cannot_claim_to_reverse_another_companys_entry(post, company, admin_user):
    from decimal import Decimal

    from bahi.core.errors import InvalidInput
    from bahi.ledger.services import create_company_with_books, post_journal_entry
    from bahi.ledger.types import EntryInput, LineInput

    theirs = post(date(2024, 4, 2), [("rent", "1.00", ""), ("cash", "", "1.00")])
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    lines = (
        LineInput(account_id=other.accounts.get(system_role="cash").id, debit=Decimal(1)),
        LineInput(account_id=other.accounts.get(system_role="rent").id, credit=Decimal(1)),
    )
    with pytest.raises(InvalidInput, match="reverse_journal_entry"):
        post_journal_entry(
            company=other,
            actor=admin_user,
            entry=EntryInput(entry_date=date(2024, 4, 3), lines=lines, reverses_id=theirs.id),
        )
