"""`bahi check` from the command line: exit status 0 on sound books, 1 on damaged ones."""

from datetime import date

import pytest
from django.db import connection

from bahi.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(post, company):
    post(date(2024, 4, 2), [("bank", "100000.00", ""), ("capital", "", "100000.00")])
    post(date(2024, 4, 5), [("rent", "12000.00", ""), ("bank", "", "12000.00")])
    return company


def test_bahi_check_exits_0_on_sound_books_and_1_on_tampered_ones(books, account, capsys):
    assert main(["check"]) == 0
    assert "OK Sharma Traders Pvt Ltd" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_accountperiodtotal SET debit_paise = 0, credit_paise = 1 "
            "WHERE company_id = %s AND account_id = %s AND grain = 'D'",
            [books.id, account("capital").id],
        )
    assert main(["check", "--company", str(books.id)]) == 1
    assert "FAIL Sharma Traders Pvt Ltd: day totals that differ from the lines" in (
        capsys.readouterr().out
    )
