"""A demo chart with made-up ids (pure tests) and one installed in the `company` fixture."""

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from bahi.demo import data
from bahi.demo.chart import install_demo_chart
from bahi.demo.generator import DemoChart, ExpenseLedger, GstAccounts, PartyRef


@pytest.fixture
def fake_chart() -> DemoChart:
    """Account ids 1-21 for the named ledgers, 1000 up for the rest; parties 1-60, 101-140."""
    ids = count(1000)
    rate_ledgers = [(rate, inter) for rate in data.GOODS_RATES for inter in (False, True)]
    return DemoChart(
        books_begin_date=date(2024, 4, 1),
        fy_start_month=4,
        cash_id=1,
        bank_ids=(2, 3, 4, 5, 6),
        capital_id=7,
        debtors_id=8,
        creditors_id=9,
        sales_ids={key: next(ids) for key in rate_ledgers},
        services_sales_id=10,
        purchase_ids={key: next(ids) for key in rate_ledgers},
        output_gst=GstAccounts(11, 12, 13),
        input_gst=GstAccounts(14, 15, 16),
        tds_payable_id=17,
        tds_receivable_id=18,
        round_off_id=19,
        salaries_id=20,
        bank_charges_id=21,
        expenses=tuple(
            ExpenseLedger(next(ids), low * 100, high * 100, rate, cash)
            for _, _, low, high, rate, cash in data.EXPENSES
        ),
        customers=tuple(
            PartyRef(i, f"Customer {i}", i % 3 == 0, Decimal("0.1") if i % 10 == 0 else Decimal(0))
            for i in range(1, 61)
        ),
        suppliers=tuple(
            PartyRef(i, f"Supplier {i}", i % 4 == 0, Decimal(2)) for i in range(101, 141)
        ),
    )


@pytest.fixture
def demo_chart(company, admin_user) -> DemoChart:
    return install_demo_chart(company=company, actor=admin_user, seed=7)
