"""Read-only financial reports. Every selector takes the company explicitly and filters on it."""

from bahi.reports.selectors.books import (
    build_day_book,
    build_general_ledger,
    get_account_by_code,
    get_default_year,
    get_party_by_name,
)
from bahi.reports.selectors.hsn_summary import build_hsn_summary
from bahi.reports.selectors.party_statement import build_party_statement
from bahi.reports.selectors.registers import (
    build_register,
    build_register_totals,
    iter_register_rows,
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
    "build_hsn_summary",
    "build_party_statement",
    "build_profit_and_loss",
    "build_register",
    "build_register_totals",
    "build_trial_balance",
    "get_account_by_code",
    "get_default_year",
    "get_party_by_name",
    "iter_register_rows",
    "list_report_accounts",
]
