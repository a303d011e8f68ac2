"""Everything the dashboard shows, read in a fixed handful of queries whatever the size of the
books: balances and monthly figures come from the period totals, party ageing from one grouped
query per side over the control accounts' lines, recent activity from the newest rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from bahi.core.fiscal import FiscalYear, fiscal_year_of, month_start
from bahi.identity.models import Company
from bahi.invoicing.models import Document, DocumentStatus
from bahi.ledger.models import (
    AccountPeriodTotal,
    EntryStatus,
    Grain,
    JournalEntry,
    Nature,
    Party,
)
from bahi.ledger.selectors import build_balances_as_of
from bahi.reports.selectors import get_default_year, list_report_accounts
from bahi.reports.types import ReportAccount
from bahi.web.dashboard.ageing import AgeingSummary, PartyAgeing, party_ageing

CASH_AND_BANK_LINE = "CA_CASH"
TOP_CUSTOMERS = 5
RECENT_ROWS = 8
GST_HEADS = ("cgst", "sgst", "igst", "cess")


@dataclass(frozen=True)
class AccountBalance:
    account_id: int
    code: str
    name: str
    balance_paise: int  # debit-positive


@dataclass(frozen=True)
class MonthFigures:
    month: date
    revenue_paise: int
    expenses_paise: int


@dataclass(frozen=True)
class GstHead:
    head: str
    output_paise: int  # tax charged on sales in the period (credit-positive)
    input_paise: int  # credit taken on purchases in the period (debit-positive)

    @property
    def payable_paise(self) -> int:
        return self.output_paise - self.input_paise


@dataclass(frozen=True)
class RecentEntry:
    entry_id: int
    voucher_number: str
    entry_date: date
    narration: str
    total_paise: int


@dataclass(frozen=True)
class RecentDocument:
    document_id: int
    kind: str
    document_number: str
    document_date: date
    party_name: str
    total_paise: int


@dataclass(frozen=True)
class Dashboard:
    year: FiscalYear
    as_of: date
    cash_and_bank: tuple[AccountBalance, ...]
    receivables: AgeingSummary
    payables: AgeingSummary
    months: tuple[MonthFigures, ...]
    gst: tuple[GstHead, ...]
    gst_period: tuple[date, date]
    recent_entries: tuple[RecentEntry, ...]
    recent_documents: tuple[RecentDocument, ...]
    roles: dict[str, int]  # system role -> account id, for the links to the ledgers

    @property
    def cash_and_bank_paise(self) -> int:
        return sum(account.balance_paise for account in self.cash_and_bank)

    @property
    def top_customers(self) -> tuple[PartyAgeing, ...]:
        billed = [party for party in self.receivables.parties if party.year_billed_paise > 0]
        billed.sort(key=lambda party: (-party.year_billed_paise, party.party_name))
        return tuple(billed[:TOP_CUSTOMERS])


def dashboard_date(*, company: Company, today: date) -> tuple[FiscalYear, date]:
    """The year the reports open on (that of the latest posted entry, else today's) and the day
    the dashboard stands on: today, or the last day of that year when it is already over."""
    year = get_default_year(company=company, today=today)
    return year, min(today, year.end)


def build_dashboard(*, company: Company, today: date, as_of: date | None = None) -> Dashboard:
    if as_of is None:
        year, as_of = dashboard_date(company=company, today=today)
    else:
        year = fiscal_year_of(as_of, start_month=company.fy_start_month)
    accounts = list_report_accounts(company=company)
    roles = {account.system_role: account.id for account in accounts if account.system_role}
    period = (month_start(as_of), as_of)
    names = dict(Party.objects.filter(company=company).values_list("id", "name"))

    def ageing(role: str, *, payable: bool) -> AgeingSummary:
        return party_ageing(
            company=company,
            account_id=roles[role],
            as_of=as_of,
            year_start=year.start,
            payable=payable,
            names=names,
        )

    return Dashboard(
        year=year,
        as_of=as_of,
        cash_and_bank=_cash_and_bank(company, accounts, as_of),
        receivables=ageing("sundry_debtors", payable=False),
        payables=ageing("sundry_creditors", payable=True),
        months=_months(company, year, as_of),
        gst=_gst(company, roles, period),
        gst_period=period,
        recent_entries=_recent_entries(company),
        recent_documents=_recent_documents(company),
        roles=roles,
    )


def _cash_and_bank_ids(accounts: list[ReportAccount]) -> list[ReportAccount]:
    """Ledgers reported on the 'Cash and cash equivalents' line, their own or a group's."""
    by_id = {account.id: account for account in accounts}

    def line_of(account: ReportAccount) -> str:
        node: ReportAccount | None = account
        while node is not None and not node.schedule_iii:
            node = by_id.get(node.parent_id) if node.parent_id else None
        return node.schedule_iii if node else ""

    return [a for a in accounts if not a.is_group and line_of(a) == CASH_AND_BANK_LINE]


def _cash_and_bank(
    company: Company, accounts: list[ReportAccount], as_of: date
) -> tuple[AccountBalance, ...]:
    balances = build_balances_as_of(company=company, as_of=as_of)
    result = []
    for account in _cash_and_bank_ids(accounts):
        movement = balances.get(account.id)
        if movement is None:
            continue
        result.append(AccountBalance(account.id, account.code, account.name, movement.net_paise))
    return tuple(result)


def _months(company: Company, year: FiscalYear, as_of: date) -> tuple[MonthFigures, ...]:
    """Revenue and expenses per month of the year up to `as_of`: whole months from the monthly
    totals, the month of `as_of` from its days (so a later entry in that month is not counted)."""
    first = month_start(as_of)
    rows = (
        AccountPeriodTotal.objects.filter(
            Q(grain=Grain.MONTH, period_start__gte=year.start, period_start__lt=first)
            | Q(grain=Grain.DAY, period_start__gte=first, period_start__lte=as_of),
            company=company,
            account__nature__in=(Nature.INCOME, Nature.EXPENSE),
        )
        .values("period_start", "account__nature")
        .annotate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
        .order_by()
    )
    revenue: dict[date, int] = {}
    expenses: dict[date, int] = {}
    for row in rows:
        month = month_start(row["period_start"])
        net = int(row["debit"]) - int(row["credit"])
        if row["account__nature"] == Nature.INCOME:
            revenue[month] = revenue.get(month, 0) - net
        else:
            expenses[month] = expenses.get(month, 0) + net
    months = []
    month = year.start
    while month <= first:
        months.append(MonthFigures(month, revenue.get(month, 0), expenses.get(month, 0)))
        month = next_month(month)
    return tuple(months)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _gst(company: Company, roles: dict[str, int], period: tuple[date, date]) -> tuple[GstHead, ...]:
    """Output tax less input credit per head over the period, from the day totals of the GST
    ledgers (one query)."""
    ids = {
        roles[f"gst_{side}_{head}"]: (side, head)
        for side in ("output", "input")
        for head in GST_HEADS
        if f"gst_{side}_{head}" in roles
    }
    rows = (
        AccountPeriodTotal.objects.filter(
            company=company,
            grain=Grain.DAY,
            period_start__gte=period[0],
            period_start__lte=period[1],
            account_id__in=list(ids),
        )
        .values("account_id")
        .annotate(debit=Sum("debit_paise"), credit=Sum("credit_paise"))
        .order_by()
    )
    nets = {ids[row["account_id"]]: int(row["debit"]) - int(row["credit"]) for row in rows}
    return tuple(
        GstHead(head, -nets.get(("output", head), 0), nets.get(("input", head), 0))
        for head in GST_HEADS
    )


def _recent_entries(company: Company) -> tuple[RecentEntry, ...]:
    entries = (
        JournalEntry.objects.filter(company=company, status=EntryStatus.POSTED)
        .only("series", "fiscal_year", "number", "entry_date", "narration", "total_paise")
        .order_by("-entry_date", "-id")[:RECENT_ROWS]  # the day book index, read backwards
    )
    return tuple(
        RecentEntry(e.id, e.voucher_number, e.entry_date, e.narration, e.total_paise)
        for e in entries
    )


def _recent_documents(company: Company) -> tuple[RecentDocument, ...]:
    documents = (
        Document.objects.filter(company=company, status=DocumentStatus.ISSUED)
        .select_related("party")
        .only("kind", "document_number", "document_date", "total_paise", "party__name")
        .order_by("-id")[:RECENT_ROWS]
    )
    return tuple(
        RecentDocument(
            document.id,
            document.get_kind_display(),
            document.document_number,
            document.document_date,
            document.party.name,
            document.total_paise,
        )
        for document in documents
    )
