"""The general ledger and the day book as rows of a page, each line leading to its journal entry
(books:entry-detail) once that page is installed; plain text until then."""

from dataclasses import dataclass

from bahi.core.formatting import format_date
from bahi.reports.types import DayBook, GeneralLedger, LedgerLine
from bahi.web.books.reports.cells import Amount, amount, balance, entry_amount, entry_links


@dataclass(frozen=True)
class LedgerRow:
    date: str
    voucher: str
    url: str | None
    particulars: str
    narration: str
    debit: Amount | None
    credit: Amount | None
    balance: Amount


def particulars(line: LedgerLine) -> str:
    """The other accounts of the entry, and the party: 'Sales - goods +2 (Pune Hardware)'."""
    if line.party_name and line.counter_accounts:
        return f"{line.counter_accounts} ({line.party_name})"
    return line.counter_accounts or line.party_name


def ledger_rows(report: GeneralLedger) -> list[LedgerRow]:
    entry_url = entry_links()
    return [
        LedgerRow(
            date=format_date(line.entry_date),
            voucher=line.voucher_number,
            url=entry_url(line.entry_id),
            particulars=particulars(line),
            narration=line.narration,
            debit=entry_amount(line.debit_paise),
            credit=entry_amount(line.credit_paise),
            balance=balance(line.balance_paise),
        )
        for line in report.lines
    ]


@dataclass(frozen=True)
class DayBookRow:
    account: str
    party: str
    description: str
    debit: Amount | None
    credit: Amount | None


@dataclass(frozen=True)
class DayBookVoucher:
    date: str
    voucher: str
    url: str | None
    narration: str
    is_reversal: bool
    total: Amount
    lines: list[DayBookRow]


def day_book_vouchers(report: DayBook) -> list[DayBookVoucher]:
    entry_url = entry_links()
    return [
        DayBookVoucher(
            date=format_date(entry.entry_date),
            voucher=entry.voucher_number,
            url=entry_url(entry.entry_id),
            narration=entry.narration,
            is_reversal=entry.reverses_id is not None,
            total=amount(entry.total_paise),
            lines=[
                DayBookRow(
                    account=f"{line.account_code} {line.account_name}",
                    party=line.party_name,
                    description=line.description,
                    debit=entry_amount(line.debit_paise),
                    credit=entry_amount(line.credit_paise),
                )
                for line in entry.lines
            ],
        )
        for entry in report.entries
    ]
