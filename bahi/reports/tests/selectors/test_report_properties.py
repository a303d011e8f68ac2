"""Any sequence of valid postings: the trial balance nets to zero and equals the sums of the
lines, and the balance sheet balances, for any period."""

import itertools
from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bahi.core.money import from_paise
from bahi.ledger.models import JournalLine
from bahi.ledger.services import create_company_with_books, post_journal_entries_bulk
from bahi.ledger.types import EntryInput, LineInput
from bahi.reports.selectors import build_balance_sheet, build_trial_balance

pytestmark = pytest.mark.django_db

ROLES = (
    "cash",
    "bank",
    "capital",
    "sales",
    "purchases",
    "rent",
    "gst_output_cgst",
    "interest_income",
    "salaries_payable",
    "accumulated_depreciation",
)
FIRST_DAY, DAYS = date(2024, 4, 1), 800  # about two financial years and a bit
_names = itertools.count()

line_strategy = st.tuples(
    st.sampled_from(ROLES), st.booleans(), st.integers(min_value=1, max_value=10**9)
)
entry_strategy = st.tuples(
    st.integers(min_value=0, max_value=DAYS), st.lists(line_strategy, min_size=1, max_size=4)
)


def _entry(day: int, lines, roles) -> EntryInput:
    """The drawn lines plus one that balances them, on the last drawn account's other side."""
    inputs = [
        LineInput(account_id=roles[role], debit=from_paise(amount))
        if is_debit
        else LineInput(account_id=roles[role], credit=from_paise(amount))
        for role, is_debit, amount in lines
    ]
    net = sum(amount if is_debit else -amount for _, is_debit, amount in lines)
    balancing = roles["cash"]
    if net > 0:
        inputs.append(LineInput(account_id=balancing, credit=from_paise(net)))
    elif net < 0:
        inputs.append(LineInput(account_id=balancing, debit=from_paise(-net)))
    if len(inputs) < 2:
        inputs.append(LineInput(account_id=balancing, debit=from_paise(1)))
        inputs.append(LineInput(account_id=roles["capital"], credit=from_paise(1)))
    return EntryInput(entry_date=FIRST_DAY + timedelta(days=day), lines=tuple(inputs))


def _line_nets(company, date_from, date_to, year_start):
    """Per account, summed from the lines: the trial balance's closing figures."""
    nets = defaultdict(int)
    lines = JournalLine.objects.filter(company=company, entry_date__lte=date_to).values_list(
        "account_id", "account__nature", "entry_date", "debit_paise", "credit_paise"
    )
    brought_forward = 0
    for account_id, nature, day, debit, credit in lines:
        if nature in ("income", "expense") and day < year_start:
            brought_forward += debit - credit
        else:
            nets[account_id] += debit - credit
    return {key: value for key, value in nets.items() if value}, brought_forward


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(entry_strategy, min_size=1, max_size=12),
    start=st.integers(min_value=0, max_value=DAYS),
    length=st.integers(min_value=0, max_value=400),
)
def test_trial_balance_equals_the_lines_and_the_balance_sheet_balances(
    admin_user, entries, start, length
):
    company = create_company_with_books(
        owner=admin_user,
        legal_name=f"Property Co {next(_names)}",
        state_code="27",
        books_begin_date=FIRST_DAY,
    )
    roles = dict(company.accounts.exclude(system_role="").values_list("system_role", "id"))
    post_journal_entries_bulk(
        company=company,
        actor=admin_user,
        entries=[_entry(day, lines, roles) for day, lines in entries],
    )
    date_from = FIRST_DAY + timedelta(days=start)
    date_to = date_from + timedelta(days=length)

    trial_balance = build_trial_balance(company=company, date_from=date_from, date_to=date_to)

    totals = trial_balance.totals
    assert totals.opening_debit_paise == totals.opening_credit_paise
    assert totals.debit_paise == totals.credit_paise
    assert totals.closing_debit_paise == totals.closing_credit_paise
    year_start = date(date_from.year if date_from.month >= 4 else date_from.year - 1, 4, 1)
    expected, brought_forward = _line_nets(company, date_from, date_to, year_start)
    ledgers = [row for row in trial_balance.rows if not row.is_group]
    closing = {row.account_id: row.closing_paise for row in ledgers if row.account_id}
    assert {key: value for key, value in closing.items() if value} == expected
    assert sum(row.closing_paise for row in ledgers if row.account_id is None) == brought_forward

    sheet = build_balance_sheet(company=company, as_of=date_to)  # raises unless it balances
    assert sheet.total_assets.amount_paise == sheet.total_equity_and_liabilities.amount_paise
