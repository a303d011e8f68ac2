"""Every change to the books leaves an edit-log record in the same transaction (MCA rule)."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.identity.audit import verify_audit_chain
from bahi.identity.models import AuditRecord
from bahi.ledger.errors import UnbalancedEntry
from bahi.ledger.services import (
    post_journal_entries_bulk,
    reverse_journal_entry,
    set_lock_date,
)
from bahi.ledger.types import EntryInput, LineInput

pytestmark = pytest.mark.django_db


def _trail(company):
    return list(
        AuditRecord.objects.filter(company=company)
        .order_by("sequence")
        .values_list("action", "object_type")
    )


def test_posting_reversing_and_locking_are_recorded_in_order(post, company, admin_user):
    entry = post(date(2024, 4, 2), [("rent", "12000.00", ""), ("cash", "", "12000.00")])
    reverse_journal_entry(
        company=company,
        actor=admin_user,
        entry_id=entry.id,
        reversal_date=date(2024, 4, 3),
        reason="duplicate",
    )
    set_lock_date(company=company, actor=admin_user, lock_date=date(2024, 4, 30))
    assert _trail(company) == [
        ("create", "identity.company"),
        ("post", "ledger.journalentry"),
        ("reverse", "ledger.journalentry"),
        ("lock", "identity.company"),
    ]
    posted = AuditRecord.objects.get(company=company, sequence=2)
    assert posted.actor == admin_user
    assert posted.object_id == str(entry.id)
    assert posted.after["voucher"] == "JV/2024-25/000001"
    assert posted.after["lines"] == [
        [entry.lines.get(line_no=1).account_id, None, 1200000, 0, ""],
        [entry.lines.get(line_no=2).account_id, None, 0, 1200000, ""],
    ]
    assert verify_audit_chain(company=company).ok


def test_a_refused_posting_leaves_no_record(post, company):
    with pytest.raises(UnbalancedEntry):
        post(date(2024, 4, 2), [("rent", "1.00", ""), ("cash", "", "2.00")])
    assert _trail(company) == [("create", "identity.company")]


def test_an_import_records_each_batchs_voucher_range_and_content_hash(company, admin_user, account):
    lines = (
        LineInput(account_id=account("rent").id, debit=Decimal("5.00")),
        LineInput(account_id=account("cash").id, credit=Decimal("5.00")),
    )
    entries = [EntryInput(entry_date=date(2024, 4, 1 + n % 28), lines=lines) for n in range(5)]
    entries += [EntryInput(entry_date=date(2025, 4, 1), lines=lines)]
    post_journal_entries_bulk(company=company, actor=admin_user, entries=entries, batch_size=4)
    imports = AuditRecord.objects.filter(company=company, action="import").order_by("sequence")
    assert [record.object_id for record in imports] == [
        "JV/2024-25/000001-000004",
        "JV/2024-25/000005-000005",
        "JV/2025-26/000001-000001",
    ]
    assert [record.after["count"] for record in imports] == [4, 1, 1]
    assert all(len(record.after["content_sha256"]) == 64 for record in imports)
    assert verify_audit_chain(company=company).ok
