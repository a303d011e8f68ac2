"""Indian financial years: April to March by default (a company may start its year elsewhere)."""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class FiscalYear:
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        """'2025-26' for April 2025 to March 2026, as Indian returns and vouchers write it."""
        if self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year}-{self.end.year % 100:02d}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> "FiscalYear":
        return fiscal_year_of(self.start - timedelta(days=1), start_month=self.start.month)


def fiscal_year_of(day: date, *, start_month: int = 4) -> FiscalYear:
    start_year = day.year if day.month >= start_month else day.year - 1
    start = date(start_year, start_month, 1)
    next_start = date(start_year + 1, start_month, 1)
    return FiscalYear(start=start, end=next_start - timedelta(days=1))


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before [start, end]; a whole year maps to the prior year."""
    try:
        prior_start, prior_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        prior_start = start.replace(year=start.year - 1, day=28)
        prior_end = end.replace(year=end.year - 1, day=28)
    return prior_start, prior_end
