"""The database refuses to corrupt the books even when the application is bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from bahi.ledger.models import JournalEntry

pytestmark = pytest.mark.django_db


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def posted(post):
    return post(date(2024, 4, 2), [("cash", "100.00", ""), ("capital", "", "100.00")])


def test_raw_update_of_a_posted_line_fails(posted):
    with pytest.raises(IntegrityError, match="posted journal entry"):
        _raw(
            "UPDATE ledger_journalline SET debit_paise = debit_paise * 2 "
            "WHERE entry_id = %s AND debit_paise > 0",
            [posted.id],
        )


def test_raw_delete_of_a_posted_line_fails(posted):
    with pytest.raises(IntegrityError, match="posted journal entry"):
        _raw("DELETE FROM ledger_journalline WHERE entry_id = %s", [posted.id])


def test_raw_insert_of_a_line_into_a_posted_entry_fails(posted, account):
    with pytest.raises(IntegrityError, match="posted journal entry"):
        _raw(
            "INSERT INTO ledger_journalline (company_id, entry_id, line_no, entry_date, "
            "account_id, debit_paise, credit_paise, description) "
            "VALUES (%s, %s, 9, %s, %s, 100, 0, '')",
            [posted.company_id, posted.id, "2024-04-02", account("cash").id],
        )


def test_raw_update_or_delete_of_a_posted_entry_fails(posted):
    with pytest.raises(IntegrityError, match="posted journal entry cannot be changed"):
        _raw("UPDATE ledger_journalentry SET narration = 'edited' WHERE id = %s", [posted.id])
    with pytest.raises(IntegrityError, match="posted journal entry cannot be deleted"):
        _raw("DELETE FROM ledger_journalentry WHERE id = %s", [posted.id])


_INSERT_ENTRY = (
    "INSERT INTO ledger_journalentry (id, company_id, series, fiscal_year, number, entry_date, "
    "narration, status, total_paise, source_type, source_id, created_at) "
    "VALUES (%s, %s, 'JV', '2024-25', 99, %s, '', %s, %s, '', '', %s)"
)
_INSERT_LINE = (
    "INSERT INTO ledger_journalline (company_id, entry_id, line_no, entry_date, account_id, "
    "debit_paise, credit_paise, description) VALUES (%s, %s, %s, %s, %s, %s, %s, '')"
)
_UNUSED_ID = 900_000


def _insert_posted(company, lines, total_paise, status="posted"):
    """Lines first, then their entry inserted already posted (the bulk path), in one
    transaction; lines are (account id, debit, credit)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for line_no, (account_id, debit, credit) in enumerate(lines, start=1):
            cursor.execute(
                _INSERT_LINE,
                [company.id, _UNUSED_ID, line_no, "2024-04-02", account_id, debit, credit],
            )
        cursor.execute(
            _INSERT_ENTRY,
            [_UNUSED_ID, company.id, "2024-04-02", status, total_paise, "2024-04-02 00:00:00"],
        )


def test_entry_inserted_posted_without_lines_is_refused(company):
    with pytest.raises(IntegrityError, match="unbalanced"):
        _insert_posted(company, [], 0)


def test_entry_inserted_posted_with_unbalanced_lines_is_refused(company, account):
    lines = [(account("cash").id, 10000, 0), (account("capital").id, 0, 9999)]
    with pytest.raises(IntegrityError, match="unbalanced"):
        _insert_posted(company, lines, 10000)
    assert not JournalEntry.objects.filter(pk=_UNUSED_ID).exists()


def test_entry_inserted_posted_with_a_line_on_a_group_is_refused(company, account):
    group = account("bank_accounts").id
    with pytest.raises(IntegrityError, match="group account"):
        _insert_posted(company, [(group, 10000, 0), (account("capital").id, 0, 10000)], 10000)


def test_entry_inserted_posted_with_balanced_lines_posts_and_updates_totals(company, account):
    from bahi.ledger.selectors import build_balances_as_of

    _insert_posted(
        company, [(account("cash").id, 10000, 0), (account("capital").id, 0, 10000)], 10000
    )

    balances = build_balances_as_of(company=company, as_of=date(2024, 4, 2))
    assert balances[account("cash").id].net_paise == 10000
    assert balances[account("capital").id].net_paise == -10000


def test_entry_cannot_be_inserted_with_an_unknown_status(company):
    with pytest.raises(IntegrityError, match="inserted as drafts, or posted"):
        _insert_posted(company, [], 0, status="approved")


def test_line_cannot_be_added_to_an_entry_inserted_posted(company, account):
    _insert_posted(company, [(account("cash").id, 100, 0), (account("capital").id, 0, 100)], 100)
    with pytest.raises(IntegrityError, match="posted journal entry"):
        _raw(_INSERT_LINE, [company.id, _UNUSED_ID, 3, "2024-04-02", account("cash").id, 1, 0])


def _draft_with_lines(company, account, debit_paise, credit_paise, total_paise=None):
    draft = JournalEntry.objects.create(
        company=company,
        fiscal_year="2024-25",
        number=500,
        entry_date=date(2024, 4, 2),
        total_paise=total_paise or debit_paise,
    )
    draft.lines.create(
        company=company,
        line_no=1,
        entry_date=draft.entry_date,
        account=account("cash"),
        debit_paise=debit_paise,
    )
    draft.lines.create(
        company=company,
        line_no=2,
        entry_date=draft.entry_date,
        account=account("capital"),
        credit_paise=credit_paise,
    )
    return draft


def test_unbalanced_draft_cannot_become_posted(company, account):
    draft = _draft_with_lines(company, account, 10000, 9999)
    with pytest.raises(IntegrityError, match="unbalanced"):
        _raw("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft.id])


def test_header_total_must_match_the_lines(company, account):
    draft = _draft_with_lines(company, account, 10000, 10000, total_paise=1)
    with pytest.raises(IntegrityError, match="unbalanced"):
        _raw("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft.id])


def test_balanced_draft_posts_through_raw_sql_and_updates_totals(company, account):
    draft = _draft_with_lines(company, account, 10000, 10000)
    _raw("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft.id])
    from bahi.ledger.selectors import build_balances_as_of

    balances = build_balances_as_of(company=company, as_of=date(2024, 4, 2))
    assert balances[account("cash").id].net_paise == 10000


def test_posting_into_locked_period_fails_in_the_database(company, account):
    from bahi.identity.models import Company

    Company.objects.filter(pk=company.pk).update(lock_date=date(2024, 4, 30))
    draft = _draft_with_lines(company, account, 10000, 10000)
    with pytest.raises(IntegrityError, match="lock date"):
        _raw("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft.id])


def test_line_must_have_exactly_one_positive_side(company, account):
    draft = JournalEntry.objects.create(
        company=company, fiscal_year="2024-25", entry_date=date(2024, 4, 2)
    )
    with pytest.raises(IntegrityError):
        _raw(
            "INSERT INTO ledger_journalline (company_id, entry_id, line_no, entry_date, "
            "account_id, debit_paise, credit_paise, description) "
            "VALUES (%s, %s, 1, %s, %s, 100, 100, '')",
            [company.id, draft.id, "2024-04-02", account("cash").id],
        )


def test_the_database_refuses_a_reversal_link_to_another_companys_entry(post, admin_user):
    from bahi.ledger.services import create_company_with_books

    theirs = post(date(2024, 4, 2), [("cash", "1.00", ""), ("capital", "", "1.00")])
    other = create_company_with_books(
        owner=admin_user, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    draft = JournalEntry.objects.create(
        company=other,
        fiscal_year="2024-25",
        number=1,
        entry_date=date(2024, 4, 3),
        total_paise=100,
        reverses=theirs,
    )
    draft.lines.create(
        company=other,
        line_no=1,
        entry_date=draft.entry_date,
        account=other.accounts.get(system_role="cash"),
        debit_paise=100,
    )
    draft.lines.create(
        company=other,
        line_no=2,
        entry_date=draft.entry_date,
        account=other.accounts.get(system_role="capital"),
        credit_paise=100,
    )
    with pytest.raises(IntegrityError, match="same company"):
        _raw("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft.id])
