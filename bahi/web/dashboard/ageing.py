"""Receivables and payables aged from the ledger, first in first out.

Every party line on the debtors (creditors) control account counts, whether it came from an
invoice, a journal voucher or an opening balance, so the figures agree with the party's ledger.
A party's balance is taken to be made of its newest bills: payments settle the oldest first, as
Tally ages parties kept without bill-wise details.

The lines before the recent months (the year and the 90 days the buckets look at) only ever give
each party one sum, and posted lines are never changed or deleted (the database refuses): so
those sums are cached, keyed on the control account's own debit and credit totals before that
day. Any posting dated before it raises a total and so changes the key. A page then reads only
the recent lines: three small queries per side, whatever the age of the books.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Q, Sum, When

from bahi.core.fiscal import month_start
from bahi.identity.models import Company
from bahi.ledger.models import AccountPeriodTotal, EntryStatus, Grain, JournalEntry, JournalLine

BUCKETS = ("0-30", "31-60", "61-90", "90+")
# Days old (as_of minus the entry date) of the first three buckets; older is "90+".
_WINDOWS = ((0, 30), (31, 60), (61, 90))
CACHE_SECONDS = 24 * 3600


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


def _lines(company: Company, account_id: int, date_from: date | None, date_to: date) -> Any:
    """Posted party lines of the account dated within the range. Drafts are left out by id (a
    lookup of the entry per line would cost more than the lines); only drafts in the range."""
    lines = JournalLine.objects.filter(
        company=company, account_id=account_id, party__isnull=False, entry_date__lte=date_to
    )
    drafts = JournalEntry.objects.filter(
        company=company, status=EntryStatus.DRAFT, entry_date__lte=date_to
    )
    if date_from is not None:
        lines = lines.filter(entry_date__gte=date_from)
        drafts = drafts.filter(entry_date__gte=date_from)
    return lines.exclude(entry_id__in=drafts.values("id")).values("party_id").order_by()


def _before(field: str, day: date, column: str = "entry_date") -> Sum:
    condition = Q(**{f"{column}__lt": day})
    return Sum(Case(When(condition, then=F(field)), default=0, output_field=IntegerField()))


def brought_forward(
    company: Company, account_id: int, cutoffs: tuple[date, ...]
) -> dict[date, dict[int, tuple[int, int]]]:
    """Per cutoff (the first of a month) and party, (debits, credits) of the party's posted
    lines on the account dated before it; cached until a posting dated before the cutoff
    changes the account's totals. One query for the totals, one scan for what is not cached."""
    last = max(cutoffs)
    totals = AccountPeriodTotal.objects.filter(
        company=company, account_id=account_id, grain=Grain.MONTH, period_start__lt=last
    ).aggregate(
        **{f"d{k}": _before("debit_paise", day, "period_start") for k, day in enumerate(cutoffs)},
        **{f"c{k}": _before("credit_paise", day, "period_start") for k, day in enumerate(cutoffs)},
    )
    keys = {
        day: f"bahi-dashboard-bf:{company.pk}:{account_id}:{day.isoformat()}:"
        f"{totals[f'd{k}'] or 0}:{totals[f'c{k}'] or 0}"
        for k, day in enumerate(cutoffs)
    }
    found: dict[date, dict[int, tuple[int, int]]] = {
        day: sums for day in cutoffs if (sums := cache.get(keys[day])) is not None
    }
    missing = [day for day in cutoffs if day not in found]
    if missing:
        rows = _lines(company, account_id, None, max(missing) - timedelta(days=1)).annotate(
            **{f"d{k}": _before("debit_paise", day) for k, day in enumerate(missing)},
            **{f"c{k}": _before("credit_paise", day) for k, day in enumerate(missing)},
        )
        scanned: dict[date, dict[int, tuple[int, int]]] = {day: {} for day in missing}
        for row in rows:
            for k, day in enumerate(missing):
                if row[f"d{k}"] or row[f"c{k}"]:
                    scanned[day][row["party_id"]] = (int(row[f"d{k}"]), int(row[f"c{k}"]))
        for day, sums in scanned.items():
            cache.set(keys[day], sums, timeout=CACHE_SECONDS)
        found.update(scanned)
    return found


def _recent(
    company: Company, account_id: int, cutoff: date, as_of: date, year_start: date, payable: bool
) -> dict[int, dict[str, Any]]:
    """Per party, over the lines from `cutoff` to `as_of`: billed, settled, billed in the year
    and billed in each of the first three buckets' windows (w0, w1, w2)."""
    billed, settled = (
        ("credit_paise", "debit_paise") if payable else ("debit_paise", "credit_paise")
    )
    windows = {
        f"w{k}": _window_sum(billed, as_of - timedelta(days=newest), as_of - timedelta(days=oldest))
        for k, (newest, oldest) in enumerate(_WINDOWS)
    }
    rows = _lines(company, account_id, cutoff, as_of).annotate(
        billed=Sum(billed),
        settled=Sum(settled),
        year=_window_sum(billed, as_of, year_start),
        **windows,
    )
    return {row["party_id"]: row for row in rows}


def party_ageing(
    *,
    company: Company,
    account_id: int,
    as_of: date,
    year_start: date,
    payable: bool,
    names: Mapping[int, str],
) -> AgeingSummary:
    """Ageing of every party with a balance on the control account at the end of `as_of`.
    `payable` reads credits as the bills (creditors) instead of debits (debtors); `names` are the
    company's party names by id."""
    # Lines from the first of the month the oldest bucket starts in are read; older ones come
    # as cached sums per party, and the year's billing before that day as the difference of
    # two such sums when the year began earlier.
    cutoff = month_start(as_of - timedelta(days=_WINDOWS[-1][1]))
    rows = _recent(company, account_id, cutoff, as_of, year_start, payable)
    sums = brought_forward(company, account_id, tuple({cutoff, min(year_start, cutoff)}))
    earlier = sums[cutoff]
    side = 1 if payable else 0
    billed_earlier: dict[int, int] = {}
    if year_start < cutoff:
        before_year = sums[year_start]
        billed_earlier = {
            party_id: sums[side] - before_year.get(party_id, (0, 0))[side]
            for party_id, sums in earlier.items()
        }
    parties = []
    for party_id in rows.keys() | earlier.keys():
        debit, credit = earlier.get(party_id, (0, 0))
        opening = credit - debit if payable else debit - credit
        row = rows.get(party_id, {})
        parties.append(_party_row(party_id, opening, billed_earlier.get(party_id, 0), row, names))
    parties.sort(key=lambda party: party.party_name)
    return AgeingSummary(tuple(p for p in parties if p.total_paise or p.year_billed_paise))


def _party_row(
    party_id: int,
    opening: int,
    billed_earlier: int,
    row: Mapping[str, Any],
    names: Mapping[int, str],
) -> PartyAgeing:
    """`opening`: the balance brought forward, owed the usual way; `billed_earlier`: billed in
    the year before the recent lines; `row`: the recent lines."""
    balance = opening + int(row.get("billed") or 0) - int(row.get("settled") or 0)
    recent = tuple(int(row.get(f"w{k}") or 0) for k in range(len(_WINDOWS)))
    buckets = split_fifo(max(balance, 0), (*recent, 0))
    return PartyAgeing(
        party_id=party_id,
        party_name=names[party_id],
        buckets_paise=(buckets[0], buckets[1], buckets[2], buckets[3]),
        advance_paise=max(-balance, 0),
        year_billed_paise=billed_earlier + int(row.get("year") or 0),
    )
