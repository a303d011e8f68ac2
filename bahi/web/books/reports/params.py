"""What a report page is asked for, read from its query string.

Names are those the dashboard's links pass (bahi.web.dashboard.links): `date_from`, `date_to`,
`as_of`, `account`, `party`, and `after` for the next page. A missing day means the financial
year the reports open on (that of the latest posted entry, up to today); an unreadable one is an
error naming the field, never silently replaced.
"""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from bahi.core.errors import InvalidInput
from bahi.core.fiscal import FiscalYear, fiscal_year_of
from bahi.identity.models import Company
from bahi.web.dashboard.presenters import year_choices
from bahi.web.dashboard.selectors import dashboard_date


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date


def parse_day(query: QueryDict, field: str) -> date | None:
    """YYYY-MM-DD (what a date input sends) or DD-MM-YYYY; None when absent or blank."""
    text = query.get(field, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        day, month, year = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            f"{field}: {text!r} is not a date (use DD-MM-YYYY)", details={"field": field}
        ) from None


def parse_id(query: QueryDict, field: str) -> int | None:
    text = query.get(field, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"{field}: {text!r} is not an id", details={"field": field})
    return int(text)


def _year(company: Company, day: date) -> FiscalYear:
    return fiscal_year_of(day, start_month=company.fy_start_month)


def read_period(query: QueryDict, *, company: Company, today: date) -> Period:
    """[date_from, date_to]; a missing end is the end of date_from's year (today while that year
    runs), a missing start the start of date_to's year, both missing the default year to date."""
    date_from, date_to = parse_day(query, "date_from"), parse_day(query, "date_to")
    if date_from is None:
        if date_to is None:
            year, as_of = dashboard_date(company=company, today=today)
            return Period(year.start, as_of)
        return Period(_year(company, date_to).start, date_to)
    if date_to is None:
        end = _year(company, date_from).end
        date_to = max(date_from, min(end, today))
    return Period(date_from, date_to)


def read_as_of(query: QueryDict, *, company: Company, today: date) -> date:
    day = parse_day(query, "as_of")
    return day if day is not None else dashboard_date(company=company, today=today)[1]


def year_period(query: QueryDict, *, company: Company) -> Period | None:
    """The period the financial-year picker asks for (?year=<a day of that year>, the picker's
    value: the year's last day, or today for the running year), or None without a pick."""
    day = parse_day(query, "year")
    if day is None:
        return None
    return Period(_year(company, day).start, day)


def years(company: Company, today: date, shown: date) -> list[tuple[str, str, bool]]:
    """The financial-year picker's options, newest first: (day, "FY 2025-26", selected)."""
    return year_choices(company.books_begin_date, company.fy_start_month, today, shown)
