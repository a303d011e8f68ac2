"""What the three formats share: parsed items, amounts, dates, names and the source file.

Parsers yield `ParsedEntry` (a balanced transaction, amounts signed: debit positive) and
`AccountDeclaration` (hledger `account` / Beancount `open`); both carry the 1-based line they
start on, so every error can name it.
"""

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import IO

from bahi.core.money import ZERO, money
from bahi.ledger.formats.errors import ImportFailed


class Format(StrEnum):
    CSV = "csv"
    JOURNAL = "journal"
    BEANCOUNT = "beancount"


@dataclass(frozen=True)
class ParsedPosting:
    line: int
    account: str
    amount: Decimal | None  # None: hledger/Beancount infer the amount that balances the entry
    party: str = ""
    description: str = ""


@dataclass(frozen=True)
class ParsedEntry:
    line: int
    entry_date: date
    narration: str
    postings: tuple[ParsedPosting, ...]


@dataclass(frozen=True)
class AccountDeclaration:
    """An account the file declares. `path` and `party` (from Bahi's Beancount metadata) say
    which Bahi ledger and party the file's account name stands for."""

    line: int
    account: str
    path: str = ""
    party: str = ""


Item = ParsedEntry | AccountDeclaration


@dataclass(frozen=True)
class ExportLine:
    account_id: int
    party_id: int | None
    debit_paise: int
    credit_paise: int
    description: str

    @property
    def net_paise(self) -> int:
        return self.debit_paise - self.credit_paise


@dataclass(frozen=True)
class ExportEntry:
    entry_date: date
    voucher: str
    narration: str
    lines: tuple[ExportLine, ...]


# --- amounts -----------------------------------------------------------------------------------

RUPEE_COMMODITIES = frozenset({"INR", "₹", "RS", "RS."})
_AMOUNT = re.compile(
    r'^(?P<sign1>[-+]?)\s*(?P<pre>"[^"]*"|[^\d\s.,+\-"]+\.?)?\s*(?P<sign2>[-+]?)\s*'
    r'(?P<number>[\d.,]+)\s*(?P<post>"[^"]*"|[^\d\s.,+\-"]+)?$'
)
_NUMBER = re.compile(r"^(?:\d+(?:,\d{2,3})*(?:\.\d*)?|\.\d+)$")


def parse_amount(text: str) -> Decimal:
    """'INR 1,234.50', '₹1,234.50', '1234.50 INR', '-100' -> exact rupees (signed).

    Raises ValueError with the reason: not a number, more than two decimals, or a commodity
    other than rupees (Bahi's books are kept in INR)."""
    match = _AMOUNT.match(text.strip())
    if match is None or (match["sign1"] and match["sign2"]) or (match["pre"] and match["post"]):
        raise ValueError(f"bad amount {text.strip()!r}")
    commodity = (match["pre"] or match["post"] or "INR").strip('"').upper()
    if commodity not in RUPEE_COMMODITIES:
        raise ValueError(f"commodity {commodity} is not INR: Bahi keeps books in rupees only")
    number = match["number"]
    if not _NUMBER.match(number):
        raise ValueError(f"bad amount {text.strip()!r}")
    try:
        amount = money(number.replace(",", ""))
    except ValueError as error:
        raise ValueError(f"bad amount {text.strip()!r}: more than two decimal places") from error
    return -amount if "-" in (match["sign1"], match["sign2"]) else amount


def format_amount(paise: int) -> str:
    """Signed paise -> '1234.50' / '-1234.50': no grouping, which every tool reads."""
    sign = "-" if paise < 0 else ""
    rupees, rest = divmod(abs(paise), 100)
    return f"{sign}{rupees}.{rest:02d}"


def complete_postings(postings: list[ParsedPosting]) -> tuple[ParsedPosting, ...]:
    """Infer the one omitted amount, drop zero postings, and check the entry balances.
    Raises ValueError with the reason."""
    missing = [posting for posting in postings if posting.amount is None]
    if len(missing) > 1:
        lines = ", ".join(str(posting.line) for posting in missing)
        raise ValueError(f"only one posting may omit its amount (lines {lines} do)")
    total = sum((posting.amount for posting in postings if posting.amount is not None), ZERO)
    if missing:
        postings = [
            ParsedPosting(p.line, p.account, -total, p.party, p.description)
            if p.amount is None
            else p
            for p in postings
        ]
    elif total != ZERO:
        debits = sum((p.amount for p in postings if p.amount and p.amount > 0), ZERO)
        raise ValueError(
            f"transaction does not balance: debits {debits:.2f}, credits {debits - total:.2f}"
        )
    kept = tuple(posting for posting in postings if posting.amount != ZERO)
    if len(kept) < 2:
        raise ValueError("a transaction needs at least two postings with non-zero amounts")
    return kept


# --- dates -------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")
INDIAN_DATE = re.compile(r"^(?P<d>\d{1,2})[-/](?P<m>\d{1,2})[-/](?P<y>\d{4})$")


def parse_date(text: str, patterns: tuple[re.Pattern[str], ...], accepted: str) -> date:
    """Raises ValueError naming the accepted formats."""
    value = text.strip()
    for pattern in patterns:
        match = pattern.match(value)
        if match is None:
            continue
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError as error:
            raise ValueError(f"{value!r} is not a valid date") from error
    raise ValueError(f"unknown date format {value!r} (use {accepted})")


# --- names -------------------------------------------------------------------------------------


def journal_component(name: str) -> str:
    """A name as one component of an hledger/ledger account: no ':' (the separator), no ';'
    (starts a comment), no runs of spaces (two spaces end the account name)."""
    cleaned = name.replace(":", "-").replace(";", ",")
    return " ".join(cleaned.split()) or "-"


def beancount_component(name: str) -> str:
    """A name as a valid Beancount component: ASCII letters, digits and '-', starting with a
    capital or a digit ("Sundry debtors" -> "Sundry-debtors"). Empty if nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    dashed = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")
    return dashed[:1].upper() + dashed[1:]


def match_key(name: str) -> str:
    """Loose identity of a name across formats: 'Sundry-debtors' matches 'Sundry debtors'."""
    return beancount_component(name).lower()


# --- the source file ---------------------------------------------------------------------------


class Source:
    """A file read lazily as text, with the count of bytes read so far (for progress)."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.size = path.stat().st_size
        self._binary: IO[bytes] | None = None

    @property
    def bytes_read(self) -> int:
        return self._binary.tell() if self._binary is not None else 0

    def text(self) -> Iterator[IO[str]]:
        """Yields the open text stream once; closes it when the caller is done."""
        with self.path.open("rb") as binary:
            self._binary = binary
            # utf-8-sig: spreadsheet programs start CSV files with a byte-order mark.
            yield io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            self._binary = None

    def lines(self) -> Iterator[tuple[int, str]]:
        """(1-based line number, text without the line ending)."""
        number = 0
        for stream in self.text():
            try:
                for number, line in enumerate(stream, start=1):  # noqa: B007
                    yield number, line.rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise self.error(number + 1, "the file is not UTF-8 text") from error

    def error(self, line: int, reason: str) -> ImportFailed:
        return ImportFailed.at(self.name, line, reason)


def ensure_length(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    return value
