from bahi.core.errors import DomainError, InvalidInput


class InvalidReportPeriod(InvalidInput):
    code = "invalid_report_period"


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"


class ReportAccountNotFound(DomainError):
    code = "report_account_not_found"


class StatementOutOfBalance(DomainError):
    """An internal error: the books themselves are inconsistent (never expected)."""

    code = "statement_out_of_balance"
