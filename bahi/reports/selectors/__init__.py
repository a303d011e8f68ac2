"""Read-only financial reports. Every selector takes the company explicitly and filters on it."""

from bahi.reports.selectors.books import (
    build_day_book,
    build_general_ledger,
    get_account_by_code,
    get_default_year,
    get_party_by_name,
)
from bahi.reports.selectors.statements import (
    build_balance_sheet,
    build_profit_and_loss,
    build_trial_balance,
    list_report_accounts,
)

__all__ = [
    "build_balance_sheet",
    "build_day_book",
    "build_general_ledger",
    "build_profit_and_loss",
    "build_trial_balance",
    "get_account_by_code",
    "get_default_year",
    "get_party_by_name",
    "list_report_accounts",
]
