"""The report pages and their downloads. Each view reads its query (params), calls one report
selector of bahi.reports and renders what the presenters make of it; a download builds the same
report and writes it with bahi.reports.export's columns."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bahi.core.formatting import format_date
from bahi.identity.models import Company
from bahi.reports import export
from bahi.reports.export import Tabular
from bahi.reports.selectors import (
    build_balance_sheet,
    build_profit_and_loss,
    build_trial_balance,
)
from bahi.web.books.reports.cells import period_text
from bahi.web.books.reports.downloads import csv_response, xlsx_response
from bahi.web.books.reports.params import Period, read_as_of, read_period, year_period, years
from bahi.web.books.reports.scope import report_view
from bahi.web.books.reports.statements import (
    balance_sheet_rows,
    profit_and_loss_rows,
    trial_balance_rows,
    trial_balance_totals,
)

FILE_FORMATS = ("csv", "xlsx")


def today() -> date:
    return timezone.localdate()


def check_format(file_format: str) -> None:
    if file_format not in FILE_FORMATS:
        raise Http404(f"no {file_format!r} download (csv or xlsx)")


def download(
    table: Tabular, *, company: Company, heading: str, stem: str, file_format: str
) -> HttpResponse:
    if file_format == "csv":
        return csv_response(table, f"{stem}.csv")
    return xlsx_response(
        table, company=company.legal_name, heading=heading, filename=f"{stem}.xlsx"
    )


def year_redirect(request: HttpRequest, company: Company) -> HttpResponse | None:
    """The financial-year picker sends ?year=<day>; answer with the page's own address for that
    year's period, so every report URL names its dates (links, bookmarks, offline copies)."""
    period = year_period(request.GET, company=company)
    if period is None:
        return None
    query = request.GET.copy()
    for name in ("year", "after"):
        query.pop(name, None)
    query["date_from"], query["date_to"] = period.date_from.isoformat(), period.date_to.isoformat()
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


def downloads(name: str, query: Mapping[str, object]) -> dict[str, str]:
    encoded = urlencode({key: value for key, value in query.items() if value is not None})
    return {
        file_format: f"{reverse(f'books:{name}-download', args=[file_format])}?{encoded}"
        for file_format in FILE_FORMATS
    }


def period_context(
    company: Company, name: str, period: Period, query: Mapping[str, object] | None = None
) -> dict[str, object]:
    """What the header, the pickers and the download links of a period report need."""
    dates = {"date_from": period.date_from.isoformat(), "date_to": period.date_to.isoformat()}
    return {
        "company": company,
        "period": period_text(period.date_from, period.date_to),
        "years": years(company, today(), period.date_to),
        "downloads": downloads(name, {**dates, **(query or {})}),
        **dates,
    }


def period_stem(name: str, period: Period) -> str:
    return f"{name}-{period.date_from.isoformat()}-to-{period.date_to.isoformat()}"


@dataclass(frozen=True)
class PeriodReport:
    """A report over [date_from, date_to]: its URL name (and file name), title, selector
    (`build(company=, date_from=, date_to=)`, the whole report) and export columns."""

    name: str
    title: str
    build: Callable[..., Any]
    table: Callable[[Any], Tabular]

    def read(self, request: HttpRequest, company: Company) -> tuple[Period, Any]:
        period = read_period(request.GET, company=company, today=today())
        return period, self.build(
            company=company, date_from=period.date_from, date_to=period.date_to
        )

    def download(self, request: HttpRequest, company: Company, file_format: str) -> HttpResponse:
        check_format(file_format)
        period, report = self.read(request, company)
        return download(
            self.table(report),
            company=company,
            heading=f"{self.title}, {period_text(period.date_from, period.date_to)}",
            stem=period_stem(self.name, period),
            file_format=file_format,
        )


TRIAL_BALANCE = PeriodReport(
    "trial-balance", "Trial balance", build_trial_balance, export.trial_balance_table
)
PROFIT_AND_LOSS = PeriodReport(
    "profit-and-loss",
    "Statement of profit and loss",
    build_profit_and_loss,
    export.profit_and_loss_table,
)


@report_view(TRIAL_BALANCE.title)
def trial_balance(request: HttpRequest, company: Company) -> HttpResponse:
    if (moved := year_redirect(request, company)) is not None:
        return moved
    period, report = TRIAL_BALANCE.read(request, company)
    context = period_context(company, TRIAL_BALANCE.name, period)
    context |= {"rows": trial_balance_rows(report), "totals": trial_balance_totals(report)}
    return render(request, "web/reports/trial_balance.html", context)


@report_view(TRIAL_BALANCE.title)
def trial_balance_download(
    request: HttpRequest, company: Company, file_format: str
) -> HttpResponse:
    return TRIAL_BALANCE.download(request, company, file_format)


@report_view(PROFIT_AND_LOSS.title)
def profit_and_loss(request: HttpRequest, company: Company) -> HttpResponse:
    if (moved := year_redirect(request, company)) is not None:
        return moved
    period, report = PROFIT_AND_LOSS.read(request, company)
    previous = None
    if report.previous_from is not None and report.previous_to is not None:
        previous = period_text(report.previous_from, report.previous_to)
    context = period_context(company, PROFIT_AND_LOSS.name, period)
    context |= {"rows": profit_and_loss_rows(report), "previous_period": previous}
    return render(request, "web/reports/profit_and_loss.html", context)


@report_view(PROFIT_AND_LOSS.title)
def profit_and_loss_download(
    request: HttpRequest, company: Company, file_format: str
) -> HttpResponse:
    return PROFIT_AND_LOSS.download(request, company, file_format)


# --- balance sheet -----------------------------------------------------------------------------


@report_view("Balance sheet")
def balance_sheet(request: HttpRequest, company: Company) -> HttpResponse:
    as_of = read_as_of(request.GET, company=company, today=today())
    report = build_balance_sheet(company=company, as_of=as_of)
    context = {
        "company": company,
        "as_of": as_of.isoformat(),
        "as_of_text": format_date(as_of),
        "previous_text": format_date(report.previous_as_of) if report.previous_as_of else None,
        "years": years(company, today(), as_of),
        "downloads": downloads("balance-sheet", {"as_of": as_of.isoformat()}),
        "rows": balance_sheet_rows(report, company),
    }
    return render(request, "web/reports/balance_sheet.html", context)


@report_view("Balance sheet")
def balance_sheet_download(
    request: HttpRequest, company: Company, file_format: str
) -> HttpResponse:
    check_format(file_format)
    as_of = read_as_of(request.GET, company=company, today=today())
    report = build_balance_sheet(company=company, as_of=as_of)
    return download(
        export.balance_sheet_table(report),
        company=company,
        heading=f"Balance sheet as at {format_date(as_of)}",
        stem=f"balance-sheet-{as_of.isoformat()}",
        file_format=file_format,
    )
