"""Bahi's exports are read by the tools they are written for, with the same balances.

hledger and ledger-cli tests skip only on a developer machine without them; in CI (the `CI`
environment variable set) a missing tool is a failure, not a skip.
"""

import csv
import io
import os
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal

import pytest
from beancount import loader
from beancount.core import data

from bahi.ledger.formats import Format, build_path_balances, export_books

pytestmark = pytest.mark.django_db


def export_to(path, company, actor, file_format):
    with path.open("w", encoding="utf-8") as out:
        export_books(company=company, actor=actor, file_format=file_format, out=out)
    return path


def require_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; CI must install it (apt-get install {name})")
        pytest.skip(f"{name} is not installed")
    return found


def to_paise(amount: Decimal) -> int:
    return int(amount * 100)


def test_beancount_loads_the_export_without_errors_and_with_bahis_balances(
    books, admin_user, tmp_path
):
    path = export_to(tmp_path / "books.beancount", books, admin_user, Format.BEANCOUNT)

    entries, errors, options = loader.load_file(str(path))

    assert errors == []
    assert options["operating_currency"] == ["INR"]
    balances: dict[str, int] = defaultdict(int)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                assert posting.units.currency == "INR"
                balances[posting.account] += to_paise(posting.units.number)
    nonzero = {account: net for account, net in balances.items() if net != 0}
    assert nonzero == build_path_balances(company=books, dialect="beancount")
    assert (
        nonzero["Liabilities:Current-liabilities:Sundry-creditors:Gupta-Sons-Wholesale"] == -6800000
    )


def test_hledger_reads_the_journal_with_bahis_balances(books, admin_user, tmp_path):
    hledger = require_tool("hledger")
    path = export_to(tmp_path / "books.journal", books, admin_user, Format.JOURNAL)

    result = subprocess.run(  # noqa: S603
        [hledger, "-f", str(path), "balance", "--flat", "-N", "-O", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )

    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["account", "balance"]
    balances = {
        account: to_paise(Decimal(amount.removeprefix("INR ").replace(",", "")))
        for account, amount in rows[1:]
    }
    assert balances == build_path_balances(company=books)


def test_ledger_cli_reads_the_journal_with_bahis_balances(books, admin_user, tmp_path):
    ledger = require_tool("ledger")
    path = export_to(tmp_path / "books.journal", books, admin_user, Format.JOURNAL)

    result = subprocess.run(  # noqa: S603
        [
            ledger,
            "-f",
            str(path),
            "balance",
            "--flat",
            "--no-total",
            "--format",
            "%(account)\t%(quantity(scrub(display_total)))\n",
        ],
        capture_output=True,
        text=True,
        check=True,
    )

    balances = {}
    for row in result.stdout.splitlines():
        account, amount = row.split("\t")
        balances[account] = to_paise(Decimal(amount))
    assert balances == build_path_balances(company=books)
