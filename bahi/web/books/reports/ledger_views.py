"""The general ledger and the day book: one page of lines at a time, the next page by cursor
(its address carries `after`), downloads with every line of the period."""

from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bahi.identity.models import Company
from bahi.reports import export
from bahi.reports.selectors import build_day_book, build_general_ledger
from bahi.reports.selectors.books import MAX_LIMIT
from bahi.reports.types import DayBook, GeneralLedger
from bahi.web.books.reports.books import day_book_vouchers, ledger_rows
from bahi.web.books.reports.cells import balance, period_text
from bahi.web.books.reports.choices import ledger_choices, options, party_choices
from bahi.web.books.reports.params import Period, parse_id, read_period
from bahi.web.books.reports.scope import report_view
from bahi.web.books.reports.views import (
    PeriodReport,
    check_format,
    download,
    period_context,
    period_stem,
    today,
    year_redirect,
)

LEDGER_PAGE = 100
DAY_BOOK_PAGE = 50


def _pages(request: HttpRequest, query: dict[str, object], cursor: str | None) -> dict[str, object]:
    """Links to the next page (None on the last) and back to the first (None on the first)."""
    encoded = urlencode({key: value for key, value in query.items() if value is not None})
    first = f"{request.path}?{encoded}"
    return {
        "next_url": f"{first}&{urlencode({'after': cursor})}" if cursor else None,
        "first_url": first if request.GET.get("after") else None,
    }


# --- general ledger ----------------------------------------------------------------------------


def _ledger_query(request: HttpRequest, company: Company) -> tuple[int | None, int | None, Period]:
    period = read_period(request.GET, company=company, today=today())
    return parse_id(request.GET, "account"), parse_id(request.GET, "party"), period


def _ledger(
    company: Company, account_id: int, party_id: int | None, period: Period, **page: object
) -> GeneralLedger:
    return build_general_ledger(
        company=company,
        account_id=account_id,
        party_id=party_id,
        date_from=period.date_from,
        date_to=period.date_to,
        **page,  # type: ignore[arg-type]
    )


@report_view("General ledger")
def general_ledger(request: HttpRequest, company: Company) -> HttpResponse:
    if (moved := year_redirect(request, company)) is not None:
        return moved
    account_id, party_id, period = _ledger_query(request, company)
    accounts, parties = ledger_choices(company, account_id), party_choices(company, party_id)
    if party_id is not None and not any(party.selected for party in parties):
        raise Http404(f"party {party_id} does not exist in this company")
    query = {"account": account_id, "party": party_id}
    context = period_context(company, "general-ledger", period, query)
    context |= {
        "account_options": options(accounts),
        "party_options": options(parties),
        "keep": list(query.items()),
    }
    if account_id is not None:
        after = request.GET.get("after") or None
        report = _ledger(company, account_id, party_id, period, after=after, limit=LEDGER_PAGE)
        context |= {
            "ledger": report,
            "rows": ledger_rows(report),
            "opening": balance(report.opening_paise),
            "carried": balance(report.carried_paise),
            "closing": balance(report.closing_paise),
            **_pages(request, {**query, **_dates(period)}, report.next_cursor),
        }
    return render(request, "web/reports/general_ledger.html", context)


def _dates(period: Period) -> dict[str, object]:
    return {"date_from": period.date_from.isoformat(), "date_to": period.date_to.isoformat()}


def whole_ledger(
    company: Company, account_id: int, party_id: int | None, period: Period
) -> GeneralLedger:
    """Every line of the period, read page by page (as `bahi report ledger` does)."""
    page = _ledger(company, account_id, party_id, period, limit=MAX_LIMIT)
    lines = list(page.lines)
    while page.next_cursor is not None:
        page = _ledger(
            company, account_id, party_id, period, after=page.next_cursor, limit=MAX_LIMIT
        )
        lines.extend(page.lines)
    return replace(page, lines=tuple(lines), carried_paise=page.opening_paise)


@report_view("General ledger")
def general_ledger_download(
    request: HttpRequest, company: Company, file_format: str
) -> HttpResponse:
    check_format(file_format)
    account_id, party_id, period = _ledger_query(request, company)
    if account_id is None:
        raise Http404("name the account (?account=ID)")
    report = whole_ledger(company, account_id, party_id, period)
    name = f"{report.account_code} {report.account_name}"
    if report.party_name:
        name = f"{name}: {report.party_name}"
    return download(
        export.ledger_table(report),
        company=company,
        heading=f"Ledger {name}, {period_text(period.date_from, period.date_to)}",
        stem=period_stem(f"ledger-{report.account_code}", period),
        file_format=file_format,
    )


# --- day book ----------------------------------------------------------------------------------


def _day_book(company: Company, period: Period, **page: object) -> DayBook:
    return build_day_book(
        company=company,
        date_from=period.date_from,
        date_to=period.date_to,
        **page,  # type: ignore[arg-type]
    )


def whole_day_book(*, company: Company, date_from: date, date_to: date) -> DayBook:
    """Every entry of the period, read page by page."""
    period = Period(date_from, date_to)
    page = _day_book(company, period, limit=MAX_LIMIT)
    entries = list(page.entries)
    while page.next_cursor is not None:
        page = _day_book(company, period, after=page.next_cursor, limit=MAX_LIMIT)
        entries.extend(page.entries)
    return replace(page, entries=tuple(entries))


DAY_BOOK = PeriodReport("day-book", "Day book", whole_day_book, export.day_book_table)


@report_view(DAY_BOOK.title)
def day_book(request: HttpRequest, company: Company) -> HttpResponse:
    if (moved := year_redirect(request, company)) is not None:
        return moved
    period = read_period(request.GET, company=company, today=today())
    report = _day_book(company, period, after=request.GET.get("after") or None, limit=DAY_BOOK_PAGE)
    context = period_context(company, DAY_BOOK.name, period)
    context |= {
        "vouchers": day_book_vouchers(report),
        **_pages(request, _dates(period), report.next_cursor),
    }
    return render(request, "web/reports/day_book.html", context)


@report_view(DAY_BOOK.title)
def day_book_download(request: HttpRequest, company: Company, file_format: str) -> HttpResponse:
    return DAY_BOOK.download(request, company, file_format)
