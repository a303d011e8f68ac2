"""Postings leave their side effects (webhooks) in the outbox, in the posting's transaction."""

from datetime import date
from decimal import Decimal

import pytest

from bahi.ledger.errors import UnbalancedEntry
from bahi.ledger.services import post_journal_entries_bulk, reverse_journal_entry
from bahi.ledger.types import EntryInput, LineInput
from bahi.notifications.models import OutboxEvent

pytestmark = pytest.mark.django_db


def test_posting_and_reversing_emit_outbox_events(company, admin_user, post):
    entry = post(date(2024, 4, 2), [("cash", "100.00", ""), ("capital", "", "100.00")])
    reversal = reverse_journal_entry(
        company=company,
        actor=admin_user,
        entry_id=entry.id,
        reversal_date=date(2024, 4, 3),
        reason="typo",
    )
    events = OutboxEvent.objects.filter(company=company).order_by("pk")
    assert [(e.kind, e.payload["entry_id"], e.payload["total_paise"]) for e in events] == [
        ("entry.posted", entry.id, 10000),
        ("entry.reversed", reversal.id, 10000),
    ]
    assert events[1].payload["reverses"] == entry.id


def test_a_refused_posting_emits_nothing(company, post):
    with pytest.raises(UnbalancedEntry):
        post(date(2024, 4, 2), [("cash", "100.00", ""), ("capital", "", "99.00")])
    assert not OutboxEvent.objects.filter(company=company).exists()


def test_an_import_emits_one_event_per_batch(company, admin_user, account):
    lines = (
        LineInput(account_id=account("rent").id, debit=Decimal("5.00")),
        LineInput(account_id=account("cash").id, credit=Decimal("5.00")),
    )
    entries = [EntryInput(entry_date=date(2024, 4, 2), lines=lines) for _ in range(5)]
    post_journal_entries_bulk(company=company, actor=admin_user, entries=entries, batch_size=2)
    events = OutboxEvent.objects.filter(company=company, kind="entries.imported").order_by("pk")
    assert [event.payload["count"] for event in events] == [2, 2, 1]
