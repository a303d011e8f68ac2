"""Receivables and payables aged from the ledger, first in first out.

Every party line on the debtors (creditors) control account counts, whether it came from an
invoice, a journal voucher or an opening balance, so the figures agree with the party's ledger.
A party's balance is taken to be made of its newest bills: payments settle the oldest first, as
Tally ages parties kept without bill-wise details. One grouped query per side.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, F, IntegerField, Q, Sum, When

from bahi.identity.models import Company
from bahi.ledger.models import EntryStatus, JournalLine

BUCKETS = ("0-30", "31-60", "61-90", "90+")
# Days old (as_of minus the entry date) of the first three buckets; older is "90+".
_WINDOWS = ((0, 30), (31, 60), (61, 90))


@dataclass(frozen=True)
class PartyAgeing:
    """One party's balance on one side, positive when it is owed the usual way (a customer owes
    us, we owe a supplier); `advance_paise` is a balance the other way (paid ahead)."""

    party_id: int
    party_name: str
    buckets_paise: tuple[int, int, int, int]
    advance_paise: int
    year_billed_paise: int

    @property
    def total_paise(self) -> int:
        return sum(self.buckets_paise) - self.advance_paise


@dataclass(frozen=True)
class AgeingSummary:
    parties: tuple[PartyAgeing, ...]

    @property
    def buckets_paise(self) -> tuple[int, ...]:
        return tuple(sum(p.buckets_paise[k] for p in self.parties) for k in range(len(BUCKETS)))

    @property
    def advance_paise(self) -> int:
        return sum(party.advance_paise for party in self.parties)

    @property
    def total_paise(self) -> int:
        return sum(self.buckets_paise) - self.advance_paise


def split_fifo(balance: int, newest_first: tuple[int, ...]) -> tuple[int, ...]:
    """Spread a positive balance over the billing windows, newest first; what the windows do not
    cover falls in the last (oldest) one. split_fifo(150, (100, 0, 80, 0)) == (100, 0, 50, 0)."""
    parts = []
    left = balance
    for billed in newest_first[:-1]:
        part = min(left, billed)
        parts.append(part)
        left -= part
    parts.append(left)
    return tuple(parts)


def _window_sum(field: str, newest: date, oldest: date | None) -> Sum:
    condition = Q(entry_date__lte=newest)
    if oldest is not None:
        condition &= Q(entry_date__gte=oldest)
    return Sum(Case(When(condition, then=F(field)), default=0, output_field=IntegerField()))


def party_ageing(
    *, company: Company, account_id: int, as_of: date, year_start: date, payable: bool
) -> AgeingSummary:
    """Ageing of every party with a balance on the control account at the end of `as_of`.
    `payable` reads credits as the bills (creditors) instead of debits (debtors)."""
    billed, settled = "debit_paise", "credit_paise"
    if payable:
        billed, settled = settled, billed
    windows = {
        f"w{k}": _window_sum(billed, as_of - timedelta(days=newest), as_of - timedelta(days=oldest))
        for k, (newest, oldest) in enumerate(_WINDOWS)
    }
    rows = (
        JournalLine.objects.filter(
            company=company,
            account_id=account_id,
            party__isnull=False,
            entry_date__lte=as_of,
            entry__status=EntryStatus.POSTED,
        )
        .values("party_id", "party__name")
        .annotate(
            billed=Sum(billed),
            settled=Sum(settled),
            year=_window_sum(billed, as_of, year_start),
            **windows,
        )
        .order_by()
    )
    parties = [_party_row(row) for row in rows]
    return AgeingSummary(tuple(p for p in parties if p.total_paise or p.year_billed_paise))


def _party_row(row: Mapping[str, Any]) -> PartyAgeing:
    balance = int(row["billed"] or 0) - int(row["settled"] or 0)
    recent = tuple(int(row[f"w{k}"] or 0) for k in range(len(_WINDOWS)))
    buckets = split_fifo(max(balance, 0), (*recent, 0))
    return PartyAgeing(
        party_id=int(row["party_id"]),
        party_name=str(row["party__name"]),
        buckets_paise=(buckets[0], buckets[1], buckets[2], buckets[3]),
        advance_paise=max(-balance, 0),
        year_billed_paise=int(row["year"] or 0),
    )
