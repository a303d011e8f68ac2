"""Trial balance, general ledger, statement of profit and loss and balance sheet (read only)."""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from bahi.api.auth import company_for
from bahi.api.schemas import Id, IsoDate, Money, Problem, maybe_rupees, rupees
from bahi.identity.permissions import Action
from bahi.reports.selectors import (
    build_balance_sheet,
    build_general_ledger,
    build_profit_and_loss,
    build_trial_balance,
)
from bahi.reports.types import AccountFigure, Figure, Section

router = Router(tags=["reports"])
ERRORS: dict[int, Any] = dict.fromkeys((401, 404, 422), Problem)
REPORTS = "/companies/{company_id}/reports"


class TrialBalanceRowOut(Schema):
    account_id: int | None
    parent_id: int | None
    code: str
    name: str
    nature: str
    depth: int
    is_group: bool
    opening: Money
    debit: Money
    credit: Money
    closing: Money


class TrialBalanceTotalsOut(Schema):
    opening_debit: Money
    opening_credit: Money
    debit: Money
    credit: Money
    closing_debit: Money
    closing_credit: Money


class TrialBalanceOut(Schema):
    date_from: IsoDate
    date_to: IsoDate
    rows: list[TrialBalanceRowOut]
    totals: TrialBalanceTotalsOut


class LedgerLineOut(Schema):
    entry_id: int
    line_no: int
    entry_date: IsoDate
    voucher_number: str
    narration: str
    description: str
    party_name: str
    counter_accounts: str
    debit: Money
    credit: Money
    balance: Money


class GeneralLedgerOut(Schema):
    account_id: int
    account_code: str
    account_name: str
    party_id: int | None
    party_name: str
    date_from: IsoDate
    date_to: IsoDate
    opening: Money
    carried: Money
    closing: Money
    lines: list[LedgerLineOut]
    next_cursor: str | None


class AccountFigureOut(Schema):
    account_id: int | None
    code: str
    name: str
    amount: Money
    previous: Money | None


class FigureOut(Schema):
    label: str
    code: str
    amount: Money
    previous: Money | None
    accounts: list[AccountFigureOut]


class SectionOut(Schema):
    heading: str
    lines: list[FigureOut]
    total: FigureOut


class ProfitAndLossOut(Schema):
    date_from: IsoDate
    date_to: IsoDate
    previous_from: IsoDate | None
    previous_to: IsoDate | None
    revenue: FigureOut
    other_income: FigureOut
    total_income: FigureOut
    expenses: SectionOut
    profit_before_tax: FigureOut
    tax: FigureOut
    profit: FigureOut


class BalanceSheetOut(Schema):
    as_of: IsoDate
    previous_as_of: IsoDate | None
    equity_and_liabilities: list[SectionOut]
    total_equity_and_liabilities: FigureOut
    assets: list[SectionOut]
    total_assets: FigureOut


def _account_figure(figure: AccountFigure) -> AccountFigureOut:
    return AccountFigureOut(
        account_id=figure.account_id,
        code=figure.code,
        name=figure.name,
        amount=rupees(figure.amount_paise),
        previous=maybe_rupees(figure.previous_paise),
    )


def _figure(figure: Figure) -> FigureOut:
    return FigureOut(
        label=figure.label,
        code=figure.code,
        amount=rupees(figure.amount_paise),
        previous=maybe_rupees(figure.previous_paise),
        accounts=[_account_figure(account) for account in figure.accounts],
    )


def _section(section: Section) -> SectionOut:
    return SectionOut(
        heading=section.heading,
        lines=[_figure(line) for line in section.lines],
        total=_figure(section.total),
    )


@router.get(f"{REPORTS}/trial-balance", response={200: TrialBalanceOut, **ERRORS})
def trial_balance(
    request: HttpRequest,
    company_id: Path[Id],
    date_from: Query[IsoDate],
    date_to: Query[IsoDate],
    include_zero: bool = False,
) -> TrialBalanceOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    report = build_trial_balance(
        company=company, date_from=date_from, date_to=date_to, include_zero=include_zero
    )
    totals = report.totals
    return TrialBalanceOut(
        date_from=report.date_from,
        date_to=report.date_to,
        rows=[
            TrialBalanceRowOut(
                account_id=row.account_id,
                parent_id=row.parent_id,
                code=row.code,
                name=row.name,
                nature=row.nature,
                depth=row.depth,
                is_group=row.is_group,
                opening=rupees(row.opening_paise),
                debit=rupees(row.debit_paise),
                credit=rupees(row.credit_paise),
                closing=rupees(row.closing_paise),
            )
            for row in report.rows
        ],
        totals=TrialBalanceTotalsOut(
            opening_debit=rupees(totals.opening_debit_paise),
            opening_credit=rupees(totals.opening_credit_paise),
            debit=rupees(totals.debit_paise),
            credit=rupees(totals.credit_paise),
            closing_debit=rupees(totals.closing_debit_paise),
            closing_credit=rupees(totals.closing_credit_paise),
        ),
    )


@router.get(f"{REPORTS}/general-ledger", response={200: GeneralLedgerOut, **ERRORS})
def general_ledger(
    request: HttpRequest,
    company_id: Path[Id],
    account_id: Query[Id],
    date_from: Query[IsoDate],
    date_to: Query[IsoDate],
    party_id: int | None = Query(None, ge=1, le=2**63 - 1),  # type: ignore[type-arg]
    cursor: str | None = Query(None, max_length=500),  # type: ignore[type-arg]
    limit: int = Query(100, ge=1, le=1000),  # type: ignore[type-arg]
) -> GeneralLedgerOut:
    """One page of an account's (or a party's) posted lines with a running balance."""
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    ledger = build_general_ledger(
        company=company,
        account_id=account_id,
        date_from=date_from,
        date_to=date_to,
        party_id=party_id,
        after=cursor,
        limit=limit,
    )
    return GeneralLedgerOut(
        account_id=ledger.account_id,
        account_code=ledger.account_code,
        account_name=ledger.account_name,
        party_id=ledger.party_id,
        party_name=ledger.party_name,
        date_from=ledger.date_from,
        date_to=ledger.date_to,
        opening=rupees(ledger.opening_paise),
        carried=rupees(ledger.carried_paise),
        closing=rupees(ledger.closing_paise),
        lines=[
            LedgerLineOut(
                entry_id=line.entry_id,
                line_no=line.line_no,
                entry_date=line.entry_date,
                voucher_number=line.voucher_number,
                narration=line.narration,
                description=line.description,
                party_name=line.party_name,
                counter_accounts=line.counter_accounts,
                debit=rupees(line.debit_paise),
                credit=rupees(line.credit_paise),
                balance=rupees(line.balance_paise),
            )
            for line in ledger.lines
        ],
        next_cursor=ledger.next_cursor,
    )


@router.get(f"{REPORTS}/profit-and-loss", response={200: ProfitAndLossOut, **ERRORS})
def profit_and_loss(
    request: HttpRequest,
    company_id: Path[Id],
    date_from: Query[IsoDate],
    date_to: Query[IsoDate],
    compare: bool = True,
) -> ProfitAndLossOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    report = build_profit_and_loss(
        company=company, date_from=date_from, date_to=date_to, compare=compare
    )
    return ProfitAndLossOut(
        date_from=report.date_from,
        date_to=report.date_to,
        previous_from=report.previous_from,
        previous_to=report.previous_to,
        revenue=_figure(report.revenue),
        other_income=_figure(report.other_income),
        total_income=_figure(report.total_income),
        expenses=_section(report.expenses),
        profit_before_tax=_figure(report.profit_before_tax),
        tax=_figure(report.tax),
        profit=_figure(report.profit),
    )


@router.get(f"{REPORTS}/balance-sheet", response={200: BalanceSheetOut, **ERRORS})
def balance_sheet(
    request: HttpRequest, company_id: Path[Id], as_of: Query[IsoDate], compare: bool = True
) -> BalanceSheetOut:
    company = company_for(request, company_id, Action.VIEW_BOOKS)
    report = build_balance_sheet(company=company, as_of=as_of, compare=compare)
    return BalanceSheetOut(
        as_of=report.as_of,
        previous_as_of=report.previous_as_of,
        equity_and_liabilities=[_section(s) for s in report.equity_and_liabilities],
        total_equity_and_liabilities=_figure(report.total_equity_and_liabilities),
        assets=[_section(s) for s in report.assets],
        total_assets=_figure(report.total_assets),
    )
