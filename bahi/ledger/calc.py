"""Pure posting rules: no ORM, no Django. Each check raises the named DomainError."""

from collections.abc import Mapping
from datetime import date

from bahi.core.errors import InvalidInput
from bahi.core.fiscal import fiscal_year_of
from bahi.core.formatting import format_date
from bahi.core.money import ZERO, from_paise, to_paise
from bahi.ledger.errors import (
    AccountNotPostable,
    DateOutsideBooks,
    InactiveAccount,
    InvalidLineAmount,
    PartyRequired,
    PeriodLocked,
    TooFewLines,
    UnbalancedEntry,
    UnknownAccount,
    UnknownParty,
)
from bahi.ledger.types import AccountInfo, BooksWindow, CheckedEntry, EntryInput, LineInput

# Column sizes (models.py), checked here so both databases refuse the same input the same way.
MAX_DESCRIPTION = 200
HEADER_LIMITS = (("series", 10), ("idempotency_key", 64), ("source_type", 40), ("source_id", 64))
# ₹10 lakh crore on one line: far beyond any SME's books, far below a 64-bit column's limit.
MAX_LINE_PAISE = 10**15


def check_header_lengths(entry: EntryInput) -> None:
    for field, limit in HEADER_LIMITS:
        value = getattr(entry, field)
        if value is not None and len(value) > limit:
            raise InvalidInput(
                f"{field.replace('_', ' ')} is longer than {limit} characters",
                details={"field": field},
            )


def line_paise(line: LineInput, index: int) -> tuple[int, int]:
    """(debit, credit) in paise; exactly one positive, no sub-paisa digits."""
    try:
        # A zero side is the common case: skip its conversion (this runs for every line).
        debit = to_paise(line.debit) if line.debit else 0
        credit = to_paise(line.credit) if line.credit else 0
    except (ValueError, TypeError) as error:
        raise InvalidLineAmount(f"line {index}: {error}", details={"line": index}) from error
    if max(debit, credit) > MAX_LINE_PAISE:
        raise InvalidLineAmount(
            f"line {index}: {max(line.debit, line.credit)} is more than one line can carry",
            details={"line": index},
        )
    if debit < 0 or credit < 0 or (debit > 0) == (credit > 0):
        raise InvalidLineAmount(
            f"line {index}: give either a debit or a credit, positive (got debit {line.debit}, "
            f"credit {line.credit})",
            details={"line": index},
        )
    return debit, credit


def check_window(entry_date_value: date, window: BooksWindow) -> None:
    if entry_date_value < window.books_begin_date:
        raise DateOutsideBooks(
            f"{format_date(entry_date_value)} is before the books begin "
            f"({format_date(window.books_begin_date)})",
            details={"entry_date": entry_date_value.isoformat()},
        )
    if window.lock_date is not None and entry_date_value <= window.lock_date:
        raise PeriodLocked(
            f"the books are closed up to {format_date(window.lock_date)}: "
            f"{format_date(entry_date_value)} cannot be posted",
            details={
                "entry_date": entry_date_value.isoformat(),
                "lock_date": window.lock_date.isoformat(),
            },
        )


def check_account(line: LineInput, index: int, accounts: Mapping[int, AccountInfo]) -> None:
    account = accounts.get(line.account_id)
    if account is None:
        raise UnknownAccount(
            f"line {index}: account {line.account_id} does not exist in this company",
            details={"line": index},
        )
    if account.is_group:
        raise AccountNotPostable(
            f"line {index}: {account.name} is a group; post to one of its ledgers",
            details={"line": index},
        )
    if not account.is_active:
        raise InactiveAccount(f"line {index}: {account.name} is inactive", details={"line": index})
    if account.is_control and line.party_id is None:
        raise PartyRequired(
            f"line {index}: {account.name} is a control account; name the party",
            details={"line": index},
        )


def check_entry(
    entry: EntryInput,
    *,
    accounts: Mapping[int, AccountInfo],
    party_ids: frozenset[int] | set[int],
    window: BooksWindow,
) -> CheckedEntry:
    """Every rule a posting must meet, checked before anything is written."""
    if len(entry.lines) < 2:
        raise TooFewLines("a journal entry needs at least two lines")
    check_header_lengths(entry)
    check_window(entry.entry_date, window)
    checked = CheckedEntry(
        source=entry,
        fiscal_year=fiscal_year_of(entry.entry_date, start_month=window.fy_start_month).label,
        total_paise=0,
    )
    debit_total = credit_total = 0
    for index, line in enumerate(entry.lines, start=1):
        debit, credit = line_paise(line, index)
        check_account(line, index, accounts)
        if len(line.description) > MAX_DESCRIPTION:
            raise InvalidInput(
                f"line {index}: the description is longer than {MAX_DESCRIPTION} characters",
                details={"line": index, "field": "description"},
            )
        if line.party_id is not None and line.party_id not in party_ids:
            raise UnknownParty(
                f"line {index}: party {line.party_id} does not exist in this company",
                details={"line": index},
            )
        debit_total += debit
        credit_total += credit
        checked.lines.append((line.account_id, line.party_id, debit, credit, line.description))
    if debit_total != credit_total:
        raise UnbalancedEntry(
            f"debits ({from_paise(debit_total)}) do not equal credits ({from_paise(credit_total)})",
            details={
                "debit": str(from_paise(debit_total)),
                "credit": str(from_paise(credit_total)),
            },
        )
    checked.total_paise = debit_total
    return checked


def mirror_lines(lines: list[LineInput]) -> tuple[LineInput, ...]:
    """The lines of a reversal: every debit becomes a credit and the other way round."""
    return tuple(
        LineInput(
            account_id=line.account_id,
            party_id=line.party_id,
            debit=line.credit,
            credit=line.debit,
            description=line.description,
        )
        for line in lines
    )


__all__ = ["ZERO", "check_entry", "line_paise", "mirror_lines"]
