"""Pure report arithmetic: no ORM, no Django. Balances come in as debit-positive paise per account.

Profit and loss accounts are never closed by entries in these books; the reports roll them
instead: at the start of each financial year the accumulated balance of every income and expense
account moves (on paper) to the surplus in the statement of profit and loss. So a trial balance
shows income and expense accounts from the start of the financial year of its first day, with the
earlier years in one "Profit and loss brought forward" row, and the balance sheet shows the whole
accumulated profit under Reserves and surplus.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bahi.ledger.schedule_iii import BY_CODE, DEFAULT_BY_NATURE, LINES
from bahi.reports.types import (
    AccountFigure,
    Figure,
    ReportAccount,
    Section,
    TrialBalanceRow,
    TrialBalanceTotals,
)

PROFIT_AND_LOSS_NATURES = frozenset({"income", "expense"})
BROUGHT_FORWARD_NAME = "Profit and loss brought forward"
SURPLUS_OPENING_NAME = "Surplus in the statement of profit and loss: opening balance"
SURPLUS_PROFIT_NAME = "Surplus in the statement of profit and loss: profit for the year"
# Lines under these headings read credit-positive; all others debit-positive.
CREDIT_HEADINGS = frozenset(
    {"Income", "Shareholders' funds", "Non-current liabilities", "Current liabilities"}
)
EQUITY_AND_LIABILITY_HEADINGS = (
    "Shareholders' funds",
    "Non-current liabilities",
    "Current liabilities",
)
ASSET_HEADINGS = ("Non-current assets", "Current assets")
_BROUGHT_FORWARD_ID = 0  # ids of real accounts are positive


class Totals(Protocol):
    @property
    def debit_paise(self) -> int: ...

    @property
    def credit_paise(self) -> int: ...


def is_profit_and_loss(account: ReportAccount) -> bool:
    return account.nature in PROFIT_AND_LOSS_NATURES


def nets(balances: Mapping[int, Totals]) -> dict[int, int]:
    return {key: value.debit_paise - value.credit_paise for key, value in balances.items()}


def difference(later: Mapping[int, int], earlier: Mapping[int, int]) -> dict[int, int]:
    """Per-account movement between two as-of balances."""
    keys = set(later) | set(earlier)
    return {key: later.get(key, 0) - earlier.get(key, 0) for key in keys}


# --- trial balance -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sums:
    opening: int = 0
    debit: int = 0
    credit: int = 0
    closing: int = 0

    def __add__(self, other: "_Sums") -> "_Sums":
        return _Sums(
            self.opening + other.opening,
            self.debit + other.debit,
            self.credit + other.credit,
            self.closing + other.closing,
        )

    @property
    def is_zero(self) -> bool:
        return not (self.opening or self.debit or self.credit or self.closing)


def _ledger_sums(
    accounts: Sequence[ReportAccount],
    closing: Mapping[int, Totals],
    opening: Mapping[int, Totals],
    before_year: Mapping[int, Totals],
) -> dict[int, _Sums]:
    """Opening, period and closing figures per ledger, plus the brought-forward row."""
    sums: dict[int, _Sums] = {}
    brought_forward = 0
    empty = _Zero()
    for account in accounts:
        if account.is_group:
            continue
        close, open_ = closing.get(account.id, empty), opening.get(account.id, empty)
        base = 0
        if is_profit_and_loss(account):
            prior = before_year.get(account.id, empty)
            base = prior.debit_paise - prior.credit_paise
            brought_forward += base
        opening_net = open_.debit_paise - open_.credit_paise - base
        debit = close.debit_paise - open_.debit_paise
        credit = close.credit_paise - open_.credit_paise
        sums[account.id] = _Sums(opening_net, debit, credit, opening_net + debit - credit)
    sums[_BROUGHT_FORWARD_ID] = _Sums(brought_forward, 0, 0, brought_forward)
    return sums


class _Zero:
    debit_paise = 0
    credit_paise = 0


def _brought_forward_account(accounts: Sequence[ReportAccount]) -> ReportAccount:
    """The synthetic ledger standing beside Retained earnings (or at the top of the tree)."""
    retained = next((a for a in accounts if a.system_role == "retained_earnings"), None)
    return ReportAccount(
        id=_BROUGHT_FORWARD_ID,
        parent_id=retained.parent_id if retained else None,
        code="",
        name=BROUGHT_FORWARD_NAME,
        nature="equity",
        is_group=False,
        schedule_iii="EQ_RESERVES",
    )


def trial_balance(
    accounts: Sequence[ReportAccount],
    *,
    closing: Mapping[int, Totals],
    opening: Mapping[int, Totals],
    before_year: Mapping[int, Totals],
    include_zero: bool = False,
) -> tuple[tuple[TrialBalanceRow, ...], TrialBalanceTotals]:
    """Rows depth-first by code (each group before its children, with their subtotal) and the
    totals of the ledger rows. `closing` is as of the last day, `opening` as of the day before
    the first, `before_year` as of the day before the financial year of the first day began."""
    sums = _ledger_sums(accounts, closing, opening, before_year)
    every = [*accounts, _brought_forward_account(accounts)]
    children: dict[int | None, list[ReportAccount]] = defaultdict(list)
    for account in sorted(every, key=lambda a: (a.code == "", a.code)):
        children[account.parent_id].append(account)
    rows: list[TrialBalanceRow] = []
    for root in children[None]:
        _visit(root, 0, children, sums, rows, include_zero)
    return tuple(rows), _totals(sums.values())


def _visit(
    account: ReportAccount,
    depth: int,
    children: Mapping[int | None, list[ReportAccount]],
    sums: Mapping[int, _Sums],
    rows: list[TrialBalanceRow],
    include_zero: bool,
) -> _Sums:
    """Append the account's row (a group's after summing its subtree) and return its sums."""
    position = len(rows)
    if account.is_group:
        total = _Sums()
        for child in children.get(account.id, []):
            total = total + _visit(child, depth + 1, children, sums, rows, include_zero)
        if len(rows) == position and not include_zero:
            return total
        rows.insert(position, _row(account, depth, total))
        return total
    total = sums.get(account.id, _Sums())
    if include_zero or not total.is_zero:
        rows.append(_row(account, depth, total))
    return total


def _row(account: ReportAccount, depth: int, sums: _Sums) -> TrialBalanceRow:
    return TrialBalanceRow(
        account_id=account.id if account.id != _BROUGHT_FORWARD_ID else None,
        parent_id=account.parent_id,
        code=account.code,
        name=account.name,
        nature=account.nature,
        depth=depth,
        is_group=account.is_group,
        opening_paise=sums.opening,
        debit_paise=sums.debit,
        credit_paise=sums.credit,
        closing_paise=sums.closing,
    )


def _totals(ledgers: Iterable[_Sums]) -> TrialBalanceTotals:
    items = list(ledgers)
    return TrialBalanceTotals(
        opening_debit_paise=sum(max(s.opening, 0) for s in items),
        opening_credit_paise=sum(max(-s.opening, 0) for s in items),
        debit_paise=sum(s.debit for s in items),
        credit_paise=sum(s.credit for s in items),
        closing_debit_paise=sum(max(s.closing, 0) for s in items),
        closing_credit_paise=sum(max(-s.closing, 0) for s in items),
    )


# --- statements --------------------------------------------------------------------------------


def statement_code(account: ReportAccount) -> str:
    """The Schedule III line an account reports under. The account's nature decides the
    statement (so the balance sheet always balances); a missing mapping or one on the wrong
    statement falls back to the default line for its nature."""
    statement = "PL" if is_profit_and_loss(account) else "BS"
    line = BY_CODE.get(account.schedule_iii)
    if line is None or line.statement != statement:
        return DEFAULT_BY_NATURE[account.nature]
    return line.code


def line_figures(
    accounts: Sequence[ReportAccount],
    current: Mapping[int, int],
    previous: Mapping[int, int] | None,
    *,
    statement: str,
) -> dict[str, Figure]:
    """Every Schedule III line of the statement with its accounts (those with a figure in
    either column), each shown the way its heading reads (credit- or debit-positive)."""
    by_line: dict[str, list[AccountFigure]] = defaultdict(list)
    for account in accounts:
        if account.is_group or (statement == "PL") != is_profit_and_loss(account):
            continue
        code = statement_code(account)
        sign = -1 if BY_CODE[code].heading in CREDIT_HEADINGS else 1
        amount = sign * current.get(account.id, 0)
        prior = None if previous is None else sign * previous.get(account.id, 0)
        if amount or prior:
            by_line[code].append(
                AccountFigure(account.id, account.code, account.name, amount, prior)
            )
    return {
        line.code: figure_of(line.title, by_line[line.code], previous is not None, code=line.code)
        for line in LINES
        if line.statement == statement
    }


def figure_of(
    label: str, accounts: Sequence[AccountFigure], has_previous: bool, *, code: str = ""
) -> Figure:
    previous = sum(a.previous_paise or 0 for a in accounts) if has_previous else None
    return Figure(label, sum(a.amount_paise for a in accounts), previous, code, tuple(accounts))


def combine(label: str, *terms: tuple[int, Figure]) -> Figure:
    """A total: sum of sign * figure over the terms, in both columns."""
    amount = sum(sign * figure.amount_paise for sign, figure in terms)
    if any(figure.previous_paise is None for _, figure in terms):
        return Figure(label, amount, None)
    previous = sum(sign * (figure.previous_paise or 0) for sign, figure in terms)
    return Figure(label, amount, previous)


def section(heading: str, figures: Mapping[str, Figure], has_previous: bool) -> Section:
    """The lines under a heading that have a figure in either column, and their total."""
    lines = tuple(
        figures[line.code]
        for line in LINES
        if line.heading == heading
        and (figures[line.code].amount_paise or figures[line.code].accounts)
    )
    total = combine(f"Total {heading[0].lower()}{heading[1:]}", *((1, line) for line in lines))
    if not lines:
        total = Figure(total.label, 0, 0 if has_previous else None)
    return Section(heading, lines, total)


def profit_and_loss_total(accounts: Sequence[ReportAccount], balances: Mapping[int, int]) -> int:
    """Accumulated profit (credit-positive) of the income and expense accounts."""
    return -sum(balances.get(a.id, 0) for a in accounts if is_profit_and_loss(a))


__all__ = [
    "ASSET_HEADINGS",
    "EQUITY_AND_LIABILITY_HEADINGS",
    "combine",
    "difference",
    "figure_of",
    "line_figures",
    "nets",
    "profit_and_loss_total",
    "section",
    "statement_code",
    "trial_balance",
]
