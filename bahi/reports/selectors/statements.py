"""Trial balance, statement of profit and loss and balance sheet.

These read the per-account period totals (bahi.ledger.selectors.build_balances_as_of) and the
chart of accounts, never the journal lines: a fixed handful of queries whatever the size of the
books.
"""

from collections import defaultdict
from datetime import date, timedelta

from bahi.core.fiscal import fiscal_year_of, previous_period
from bahi.identity.models import Company
from bahi.ledger.selectors import build_balances_as_of, list_accounts
from bahi.reports import calc
from bahi.reports.calc import (
    ASSET_HEADINGS,
    EQUITY_AND_LIABILITY_HEADINGS,
    SURPLUS_OPENING_NAME,
    SURPLUS_PROFIT_NAME,
)
from bahi.reports.errors import InvalidReportPeriod, StatementOutOfBalance
from bahi.reports.types import (
    AccountFigure,
    BalanceSheet,
    Figure,
    ProfitAndLoss,
    ReportAccount,
    Section,
    TrialBalance,
)

ONE_DAY = timedelta(days=1)


def list_report_accounts(*, company: Company) -> list[ReportAccount]:
    """The company's chart of accounts, ordered by code (one query)."""
    return [
        ReportAccount(
            id=account.id,
            parent_id=account.parent_id,
            code=account.code,
            name=account.name,
            nature=account.nature,
            is_group=account.is_group,
            schedule_iii=account.schedule_iii,
            system_role=account.system_role,
        )
        for account in list_accounts(company=company)
    ]


def _check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InvalidReportPeriod(
            f"the period starts ({date_from.isoformat()}) after it ends ({date_to.isoformat()})",
            details={"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
        )


def _year_start(company: Company, day: date) -> date:
    return fiscal_year_of(day, start_month=company.fy_start_month).start


def build_trial_balance(
    *, company: Company, date_from: date, date_to: date, include_zero: bool = False
) -> TrialBalance:
    """Opening balance (end of the day before date_from), period debits and credits, and closing
    balance per ledger, with group subtotals along the chart's tree.

    Income and expense accounts count from the start of the financial year of date_from; earlier
    years stand in one "Profit and loss brought forward" row (see bahi.reports.calc). Accounts
    without any figure are left out unless include_zero. Four queries at most.
    Raises InvalidReportPeriod.
    """
    _check_period(date_from, date_to)
    accounts = list_report_accounts(company=company)
    closing = build_balances_as_of(company=company, as_of=date_to)
    opening = build_balances_as_of(company=company, as_of=date_from - ONE_DAY)
    year_start = _year_start(company, date_from)
    before_year = (
        opening
        if year_start == date_from
        else build_balances_as_of(company=company, as_of=year_start - ONE_DAY)
    )
    rows, totals = calc.trial_balance(
        accounts,
        closing=closing,
        opening=opening,
        before_year=before_year,
        include_zero=include_zero,
    )
    return TrialBalance(company.id, date_from, date_to, rows, totals)


def _period_nets(company: Company, date_from: date, date_to: date) -> dict[int, int]:
    closing = calc.nets(build_balances_as_of(company=company, as_of=date_to))
    opening = calc.nets(build_balances_as_of(company=company, as_of=date_from - ONE_DAY))
    return calc.difference(closing, opening)


def build_profit_and_loss(
    *, company: Company, date_from: date, date_to: date, compare: bool = True
) -> ProfitAndLoss:
    """Statement of profit and loss for [date_from, date_to] in the Schedule III layout, with the
    previous period of the same length (bahi.core.fiscal.previous_period) when compare.

    Income lines read credit-positive, expense lines debit-positive; every line lists its
    accounts. Five queries at most. Raises InvalidReportPeriod.
    """
    _check_period(date_from, date_to)
    accounts = list_report_accounts(company=company)
    current = _period_nets(company, date_from, date_to)
    previous_from = previous_to = None
    previous = None
    if compare:
        previous_from, previous_to = previous_period(date_from, date_to)
        previous = _period_nets(company, previous_from, previous_to)
    figures = calc.line_figures(accounts, current, previous, statement="PL")
    has_previous = previous is not None
    revenue, other_income = figures["PL_REVENUE"], figures["PL_OTHER_INCOME"]
    total_income = calc.combine("Total income", (1, revenue), (1, other_income))
    expenses = calc.section("Expenses", figures, has_previous)
    expenses = Section(expenses.heading, expenses.lines, _relabel(expenses.total, "Total expenses"))
    profit_before_tax = calc.combine("Profit before tax", (1, total_income), (-1, expenses.total))
    tax = figures["PL_TAX"]
    profit = calc.combine("Profit for the period", (1, profit_before_tax), (-1, tax))
    return ProfitAndLoss(
        company_id=company.id,
        date_from=date_from,
        date_to=date_to,
        previous_from=previous_from,
        previous_to=previous_to,
        revenue=revenue,
        other_income=other_income,
        total_income=total_income,
        expenses=expenses,
        profit_before_tax=profit_before_tax,
        tax=tax,
        profit=profit,
    )


def _relabel(figure: Figure, label: str) -> Figure:
    return Figure(label, figure.amount_paise, figure.previous_paise, figure.code, figure.accounts)


def _position(
    company: Company, accounts: list[ReportAccount], as_of: date
) -> tuple[dict[int, int], int, int]:
    """Balances as of `as_of`, and the surplus in P&L split into the part brought into the
    financial year of `as_of` and the profit of that year so far (both credit-positive)."""
    closing = calc.nets(build_balances_as_of(company=company, as_of=as_of))
    year_start = _year_start(company, as_of)
    before_year = calc.nets(build_balances_as_of(company=company, as_of=year_start - ONE_DAY))
    opening_surplus = calc.profit_and_loss_total(accounts, before_year)
    surplus = calc.profit_and_loss_total(accounts, closing)
    return closing, opening_surplus, surplus - opening_surplus


def _with_surplus(
    reserves: Figure, current: tuple[int, int], previous: tuple[int, int] | None
) -> Figure:
    """Reserves and surplus plus the two synthetic surplus rows (opening, profit for the year)."""
    synthetic = [
        AccountFigure(None, "", name, current[index], None if previous is None else previous[index])
        for index, name in enumerate((SURPLUS_OPENING_NAME, SURPLUS_PROFIT_NAME))
    ]
    rows = [
        *reserves.accounts,
        *(row for row in synthetic if row.amount_paise or row.previous_paise),
    ]
    return calc.figure_of(reserves.label, rows, previous is not None, code=reserves.code)


def build_balance_sheet(*, company: Company, as_of: date, compare: bool = True) -> BalanceSheet:
    """Balance sheet as at the end of `as_of` in the Schedule III layout, with the same date one
    year earlier when compare.

    Accounts report under their `schedule_iii` line (by nature when unmapped). Liability and
    equity lines read credit-positive, asset lines debit-positive. A balance on the "wrong" side
    of its line moves, in that column only, to the line Schedule III puts it on (_REGROUPED): an
    overdrawn bank account is a short-term borrowing, not negative cash. Reserves and surplus
    carries the accumulated profit of every income and expense account: the surplus brought into
    the financial year plus the profit of the year so far. Five queries at most.
    Raises StatementOutOfBalance if assets differ from equity and liabilities, which a trial
    balance that nets to zero makes impossible (run `bahi check`).
    """
    accounts = list_report_accounts(company=company)
    closing, opening_surplus, profit = _position(company, accounts, as_of)
    previous_as_of = previous_closing = previous_surplus = None
    if compare:
        previous_as_of = previous_period(as_of, as_of)[1]
        previous_closing, *rest = _position(company, accounts, previous_as_of)
        previous_surplus = (rest[0], rest[1])
    figures = calc.line_figures(accounts, closing, previous_closing, statement="BS")
    figures["EQ_RESERVES"] = _with_surplus(
        figures["EQ_RESERVES"], (opening_surplus, profit), previous_surplus
    )
    _regroup_wrong_side(figures, compare)
    sheet = _assemble(company, as_of, previous_as_of, figures)
    _ensure_balanced(sheet)
    return sheet


# Where a balance on the other side of its line is shown (Schedule III, Division I, and the
# Guidance Note): an overdrawn bank account under short-term borrowings; customers who paid in
# advance under other current liabilities (the chart's own "Advances from customers" line);
# suppliers paid in advance under short-term loans and advances (the chart's own "Advances to
# suppliers" line). The lines face each other across the balance sheet, so moving a figure adds
# the same amount to both totals and the sheet still balances.
_REGROUPED = {
    "CA_CASH": "CL_BORROWINGS",
    "CA_TRADE_RECEIVABLES": "CL_OTHER",
    "CL_TRADE_PAYABLES": "CA_LOANS",
}


def _regroup_wrong_side(figures: dict[str, Figure], has_previous: bool) -> None:
    """Move each account's wrong-side balance (negative as its line reads) to the facing line,
    shown positive there; per column, so last year's overdraft moves while this year's balance
    stays."""
    moved: dict[str, list[AccountFigure]] = defaultdict(list)
    for source, target in _REGROUPED.items():
        kept = []
        for row in figures[source].accounts:
            stays, moves = _split_by_side(row)
            kept += [stays] if stays else []
            moved[target] += [moves] if moves else []
        figures[source] = calc.figure_of(figures[source].label, kept, has_previous, code=source)
    for target, rows in moved.items():
        line = figures[target]
        figures[target] = calc.figure_of(
            line.label, [*line.accounts, *rows], has_previous, code=target
        )


def _split_by_side(row: AccountFigure) -> tuple[AccountFigure | None, AccountFigure | None]:
    """(the columns where the balance reads positive, the others negated); None when empty."""

    def part(sign: int) -> AccountFigure | None:
        amount = max(sign * row.amount_paise, 0)
        previous = None if row.previous_paise is None else max(sign * row.previous_paise, 0)
        if not (amount or previous):
            return None
        return AccountFigure(row.account_id, row.code, row.name, amount, previous)

    return part(1), part(-1)


def _assemble(
    company: Company, as_of: date, previous_as_of: date | None, figures: dict[str, Figure]
) -> BalanceSheet:
    has_previous = previous_as_of is not None
    liabilities = tuple(
        calc.section(heading, figures, has_previous) for heading in EQUITY_AND_LIABILITY_HEADINGS
    )
    assets = tuple(calc.section(heading, figures, has_previous) for heading in ASSET_HEADINGS)
    return BalanceSheet(
        company_id=company.id,
        as_of=as_of,
        previous_as_of=previous_as_of,
        equity_and_liabilities=liabilities,
        total_equity_and_liabilities=calc.combine(
            "Total equity and liabilities", *((1, part.total) for part in liabilities)
        ),
        assets=assets,
        total_assets=calc.combine("Total assets", *((1, part.total) for part in assets)),
    )


def _ensure_balanced(sheet: BalanceSheet) -> None:
    left, right = sheet.total_equity_and_liabilities, sheet.total_assets
    if left.amount_paise != right.amount_paise or left.previous_paise != right.previous_paise:
        raise StatementOutOfBalance(
            f"the balance sheet does not balance: equity and liabilities {left.amount}, "
            f"assets {right.amount}; run `bahi check`",
            details={"equity_and_liabilities": str(left.amount), "assets": str(right.amount)},
        )
