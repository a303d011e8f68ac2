"""General (and party) ledger and day book: posted lines in order, one page at a time.

Pages are keyed on the index order, (entry_date, entry_id, line_no) for a ledger and
(entry_date, id) for the day book, so page N costs what page 1 costs. A ledger cursor also carries
the running balance, so the next page continues it without summing the lines before it.
"""

from datetime import date, timedelta

from django.db.models import Max, Q, QuerySet, Sum

from bahi.core.errors import InvalidInput
from bahi.core.fiscal import FiscalYear, fiscal_year_of, month_start
from bahi.identity.models import Company
from bahi.ledger.models import (
    Account,
    AccountPeriodTotal,
    EntryStatus,
    Grain,
    JournalEntry,
    JournalLine,
    Party,
)
from bahi.reports.calc import PROFIT_AND_LOSS_NATURES
from bahi.reports.cursor import cursor_date, cursor_int, decode_cursor, encode_cursor
from bahi.reports.errors import InvalidReportPeriod, ReportAccountNotFound
from bahi.reports.types import DayBook, DayBookEntry, DayBookLine, GeneralLedger, LedgerLine

ONE_DAY = timedelta(days=1)
MAX_LIMIT = 1000
COUNTER_NAMES_SHOWN = 2


def _check_page(date_from: date, date_to: date, limit: int) -> None:
    if date_from > date_to:
        raise InvalidReportPeriod(
            f"the period starts ({date_from.isoformat()}) after it ends ({date_to.isoformat()})"
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")


def _ledger_account(company: Company, account_id: int) -> Account:
    account = Account.objects.filter(company=company, pk=account_id).first()
    if account is None:
        raise ReportAccountNotFound(f"account {account_id} does not exist in this company")
    if account.is_group:
        raise InvalidInput(f"{account.name} is a group; choose one of its ledgers")
    return account


def _party(company: Company, party_id: int | None) -> Party | None:
    if party_id is None:
        return None
    party = Party.objects.filter(company=company, pk=party_id).first()
    if party is None:
        raise ReportAccountNotFound(f"party {party_id} does not exist in this company")
    return party


def _net_as_of(company: Company, account_id: int, as_of: date) -> int:
    """The account's debit-positive balance at the end of `as_of`, from the period totals:
    whole months before as_of's month, then its days (one indexed query)."""
    first = month_start(as_of)
    totals = AccountPeriodTotal.objects.filter(company=company, account_id=account_id).filter(
        Q(grain=Grain.MONTH, period_start__lt=first)
        | Q(grain=Grain.DAY, period_start__gte=first, period_start__lte=as_of)
    )
    sums = totals.aggregate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
    return int(sums["debit"] or 0) - int(sums["credit"] or 0)


def _party_net(
    company: Company, account_id: int, party_id: int, floor: date | None, before: date
) -> int:
    """SUM over the party's posted lines on the account from `floor` to the day before
    `before` (index line_party)."""
    lines = _posted_lines(company, account_id, party_id).filter(entry_date__lt=before)
    if floor is not None:
        lines = lines.filter(entry_date__gte=floor)
    sums = lines.aggregate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
    return int(sums["debit"] or 0) - int(sums["credit"] or 0)


def _balance_before(
    company: Company, account: Account, party_id: int | None, floor: date | None, before: date
) -> int:
    """The balance at the start of `before`, counted from `floor` (the financial year's start for
    an income or expense account, as in the trial balance) or from the beginning."""
    if party_id is not None:
        return _party_net(company, account.id, party_id, floor, before)
    balance = _net_as_of(company, account.id, before - ONE_DAY)
    if floor is not None:
        balance -= _net_as_of(company, account.id, floor - ONE_DAY)
    return balance


def _opening_and_closing(
    company: Company, account: Account, party_id: int | None, date_from: date, date_to: date
) -> tuple[int, int]:
    floor = None
    if account.nature in PROFIT_AND_LOSS_NATURES:
        floor = fiscal_year_of(date_from, start_month=company.fy_start_month).start
    opening = _balance_before(company, account, party_id, floor, date_from)
    return opening, _balance_before(company, account, party_id, floor, date_to + ONE_DAY)


def _posted_lines(company: Company, account_id: int, party_id: int | None) -> QuerySet[JournalLine]:
    lines = JournalLine.objects.filter(
        company=company, account_id=account_id, entry__status=EntryStatus.POSTED
    )
    if party_id is not None:
        lines = lines.filter(party_id=party_id)
    return lines


def build_general_ledger(
    *,
    company: Company,
    account_id: int,
    date_from: date,
    date_to: date,
    party_id: int | None = None,
    after: str | None = None,
    limit: int = 100,
) -> GeneralLedger:
    """One page of the posted lines of an account (or of one party on it) in [date_from, date_to]
    by (entry_date, entry_id, line_no), with a debit-positive running balance; `after` is the
    previous page's `next_cursor`. Income and expense accounts count from the start of the
    financial year of date_from, as the trial balance does. At most seven queries a page.
    Raises ReportAccountNotFound, InvalidInput, InvalidReportPeriod, InvalidCursor."""
    _check_page(date_from, date_to, limit)
    account = _ledger_account(company, account_id)
    party = _party(company, party_id)
    opening, closing = _opening_and_closing(company, account, party_id, date_from, date_to)
    lines = _posted_lines(company, account.id, party_id).filter(entry_date__lte=date_to)
    carried = opening
    if after is None:
        lines = lines.filter(entry_date__gte=date_from)
    else:
        lines, carried = _continue_after(lines, after, account.id, party_id, date_from)
    page = list(
        lines.select_related("entry", "party").order_by("entry_date", "entry_id", "line_no")[
            : limit + 1
        ]
    )
    ledger_lines = _ledger_lines(company, account.id, page[:limit], carried)
    next_cursor = _next_cursor(account.id, party_id, ledger_lines) if len(page) > limit else None
    return GeneralLedger(
        company_id=company.id,
        account_id=account.id,
        account_code=account.code,
        account_name=account.name,
        party_id=party_id,
        party_name=party.name if party else "",
        date_from=date_from,
        date_to=date_to,
        opening_paise=opening,
        carried_paise=carried,
        closing_paise=closing,
        lines=tuple(ledger_lines),
        next_cursor=next_cursor,
    )


def _next_cursor(account_id: int, party_id: int | None, lines: list[LedgerLine]) -> str:
    last = lines[-1]
    position = (last.entry_date.isoformat(), last.entry_id, last.line_no, last.balance_paise)
    return encode_cursor("ledger", account_id, party_id, *position)


def _continue_after(
    lines: QuerySet[JournalLine], after: str, account_id: int, party_id: int | None, floor: date
) -> tuple[QuerySet[JournalLine], int]:
    """The lines from `floor` after the cursor's position, and the running balance the cursor
    carries."""
    values = decode_cursor(after, "ledger", 6)
    if values[:2] != [account_id, party_id]:
        raise InvalidInput("the page cursor belongs to another ledger")
    day, entry_id = cursor_date(values[2]), cursor_int(values[3])
    line_no, carried = cursor_int(values[4]), cursor_int(values[5])
    # The redundant lower bound lets the database seek the index instead of scanning the
    # period for the OR below. One lower bound only: given two (the period's start and the
    # cursor's day) SQLite skip-scans the index and sorts every line of the period left.
    lines = lines.filter(entry_date__gte=max(day, floor)).filter(
        Q(entry_date__gt=day)
        | Q(entry_date=day, entry_id__gt=entry_id)
        | Q(entry_date=day, entry_id=entry_id, line_no__gt=line_no)
    )
    return lines, carried


def _ledger_lines(
    company: Company, account_id: int, page: list[JournalLine], carried: int
) -> list[LedgerLine]:
    counters = _counter_accounts(company, account_id, {line.entry_id for line in page})
    balance = carried
    result = []
    for line in page:
        balance += line.debit_paise - line.credit_paise
        result.append(
            LedgerLine(
                entry_id=line.entry_id,
                line_no=line.line_no,
                entry_date=line.entry_date,
                voucher_number=line.entry.voucher_number,
                narration=line.entry.narration,
                description=line.description,
                party_name=line.party.name if line.party else "",
                counter_accounts=counters.get(line.entry_id, ""),
                debit_paise=line.debit_paise,
                credit_paise=line.credit_paise,
                balance_paise=balance,
            )
        )
    return result


def _counter_accounts(company: Company, account_id: int, entry_ids: set[int]) -> dict[int, str]:
    """Per entry, the other accounts it posts to: "Cash" or "Cash, Input CGST +2" (one query)."""
    if not entry_ids:
        return {}
    names: dict[int, list[str]] = {}
    rows = (
        JournalLine.objects.filter(company=company, entry_id__in=entry_ids)
        .exclude(account_id=account_id)
        .order_by("entry_id", "line_no")
        .values_list("entry_id", "account__name")
    )
    for entry_id, name in rows:
        seen = names.setdefault(entry_id, [])
        if name not in seen:
            seen.append(name)
    summary = {}
    for entry_id, seen in names.items():
        text = ", ".join(seen[:COUNTER_NAMES_SHOWN])
        if len(seen) > COUNTER_NAMES_SHOWN:
            text += f" +{len(seen) - COUNTER_NAMES_SHOWN}"
        summary[entry_id] = text
    return summary


def build_day_book(
    *,
    company: Company,
    date_from: date,
    date_to: date | None = None,
    after: str | None = None,
    limit: int = 100,
) -> DayBook:
    """One page of the posted entries of a day (or of [date_from, date_to]) ordered by
    (entry_date, id), each with its lines. Two queries per page (index entry_daybook).
    Raises InvalidReportPeriod, InvalidInput, InvalidCursor."""
    date_to = date_from if date_to is None else date_to
    _check_page(date_from, date_to, limit)
    entries = JournalEntry.objects.filter(
        company=company, status=EntryStatus.POSTED, entry_date__lte=date_to
    )
    if after is None:
        entries = entries.filter(entry_date__gte=date_from)
    else:
        day_value, id_value = decode_cursor(after, "daybook", 2)
        day, entry_id = cursor_date(day_value), cursor_int(id_value)
        # One lower bound, as in _continue_after.
        entries = entries.filter(entry_date__gte=max(day, date_from)).filter(
            Q(entry_date__gt=day) | Q(entry_date=day, id__gt=entry_id)
        )
    page = list(entries.order_by("entry_date", "id")[: limit + 1])
    has_more = len(page) > limit
    page = page[:limit]
    lines_by_entry = _day_book_lines(company, [entry.id for entry in page])
    result = tuple(
        DayBookEntry(
            entry_id=entry.id,
            entry_date=entry.entry_date,
            voucher_number=entry.voucher_number,
            narration=entry.narration,
            total_paise=entry.total_paise,
            reverses_id=entry.reverses_id,
            lines=tuple(lines_by_entry.get(entry.id, ())),
        )
        for entry in page
    )
    next_cursor = None
    if has_more:
        next_cursor = encode_cursor("daybook", page[-1].entry_date.isoformat(), page[-1].id)
    return DayBook(company.id, date_from, date_to, result, next_cursor)


def _day_book_lines(company: Company, entry_ids: list[int]) -> dict[int, list[DayBookLine]]:
    """The lines of the page's entries, in one query."""
    if not entry_ids:
        return {}
    lines_by_entry: dict[int, list[DayBookLine]] = {}
    lines = (
        JournalLine.objects.filter(company=company, entry_id__in=entry_ids)
        .select_related("account", "party")
        .order_by("entry_id", "line_no")
    )
    for line in lines:
        lines_by_entry.setdefault(line.entry_id, []).append(
            DayBookLine(
                line_no=line.line_no,
                account_code=line.account.code,
                account_name=line.account.name,
                party_name=line.party.name if line.party else "",
                description=line.description,
                debit_paise=line.debit_paise,
                credit_paise=line.credit_paise,
            )
        )
    return lines_by_entry


def get_default_year(*, company: Company, today: date) -> FiscalYear:
    """The financial year reports open on: that of the latest posted entry, else of `today`."""
    latest = JournalEntry.objects.filter(company=company, status=EntryStatus.POSTED).aggregate(
        latest=Max("entry_date")
    )["latest"]
    return fiscal_year_of(latest or today, start_month=company.fy_start_month)


def get_account_by_code(*, company: Company, code: str) -> Account:
    account = Account.objects.filter(company=company, code=code).first()
    if account is None:
        raise ReportAccountNotFound(f"no account with code {code!r} in {company.legal_name}")
    return account


def get_party_by_name(*, company: Company, name: str) -> Party:
    party = Party.objects.filter(company=company, name=name).first()
    if party is None:
        raise ReportAccountNotFound(f"no party named {name!r} in {company.legal_name}")
    return party
