from bahi.reports.calc import statement_code
from bahi.reports.types import ReportAccount


def _account(nature: str, schedule_iii: str) -> ReportAccount:
    return ReportAccount(1, None, "9999", "Test", nature, False, schedule_iii)


def test_an_account_reports_under_its_own_schedule_iii_line():
    assert statement_code(_account("liability", "CL_TRADE_PAYABLES")) == "CL_TRADE_PAYABLES"
    assert statement_code(_account("expense", "PL_FINANCE")) == "PL_FINANCE"


def test_an_unmapped_account_reports_under_the_default_line_of_its_nature():
    assert statement_code(_account("asset", "")) == "CA_OTHER"
    assert statement_code(_account("income", "NO_SUCH_LINE")) == "PL_OTHER_INCOME"


def test_the_nature_decides_the_statement_over_a_mapping_to_the_other_one():
    # An expense mapped to a balance sheet line would unbalance the balance sheet.
    assert statement_code(_account("expense", "CA_CASH")) == "PL_OTHER_EXPENSES"
    assert statement_code(_account("equity", "PL_REVENUE")) == "EQ_RESERVES"
