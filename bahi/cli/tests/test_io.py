"""`bahi import` and `bahi export` from the command line."""

from datetime import date

import pytest

from bahi.cli import main
from bahi.ledger.formats import build_path_balances
from bahi.ledger.services import create_company_with_books

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(post, company):
    post(
        date(2024, 4, 2),
        [("bank", "100000.00", ""), ("capital", "", "100000.00")],
        narration="Capital",
    )
    post(date(2024, 4, 5), [("rent", "12000.00", ""), ("bank", "", "12000.00")], narration="Rent")
    return company


@pytest.fixture
def fresh(admin_user):
    return create_company_with_books(
        owner=admin_user,
        legal_name="Fresh Books Pvt Ltd",
        state_code="27",
        books_begin_date=date(2024, 4, 1),
    )


@pytest.mark.parametrize("extension", ["csv", "journal", "beancount"])
def test_export_then_import_into_another_company(books, fresh, tmp_path, capsys, extension):
    path = tmp_path / f"books.{extension}"

    assert (
        main(["export", "--format", extension, "--output", str(path), "--company", str(books.id)])
        == 0
    )
    assert main(["import", str(path), "--company", str(fresh.id)]) == 0

    output = capsys.readouterr()
    assert f"Exported 2 entries of Sharma Traders Pvt Ltd as {extension} to {path}" in (
        " ".join(output.err.split())
    )
    assert (
        f"Imported {path} ({extension}) into Fresh Books Pvt Ltd: 2 entries, 4 lines, "
        "0 accounts and 0 parties created"
    ) in " ".join(output.out.split())
    assert build_path_balances(company=fresh) == build_path_balances(company=books)
    assert not list(tmp_path.glob(".*.partial"))


def test_export_to_stdout_honours_the_date_range(books, capsys):
    assert main(["export", "--format", "csv", "--from", "2024-04-03", "--to", "2024-04-30"]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "date,voucher,narration,account,party,debit,credit,description",
        "2024-04-05,JV/2024-25/000002,Rent,Expenses:Other expenses:Rent,,12000.00,,",
        "2024-04-05,JV/2024-25/000002,Rent,Assets:Current assets:Bank accounts:Bank account,,,"
        "12000.00,",
    ]


def test_import_error_exits_2_with_file_and_line(books, tmp_path, capsys):
    path = tmp_path / "bad.journal"
    path.write_text("2024-04-02 Cash\n    Assets:Cash  USD 5\n    Equity:Capital\n")

    assert main(["import", str(path), "--format", "journal"]) == 2

    assert capsys.readouterr().err.strip() == (
        f"error: {path}:2: commodity USD is not INR: Bahi keeps books in rupees only"
    )


def test_import_of_unknown_extension_asks_for_the_format(books, tmp_path, capsys):
    path = tmp_path / "books.txt"
    path.write_text("")

    assert main(["import", str(path)]) == 2

    assert "cannot tell the format of books.txt" in capsys.readouterr().err
